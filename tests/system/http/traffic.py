"""Traffic while the stack changes under it: CONNECTIONS browsers on the admin, until
SIGTERM or SECONDS. Two of them log in over and over (a GET of the form, then a POST
with its CSRF token, which writes a session row) and open it (a GET that reads the
session and the user); the others log in once, then open it over and over. Logins
are few, as on a real site: hashing a password takes a CPU most of a second. Nothing
here is any site's own page: every site keeps the admin.

    python traffic.py CONNECTIONS SECONDS [HEADER]

Prints "sent GET=N POST=M", the requests sent so far, each second, and a line for
each request that fails, with when (Unix time) it was sent; at the end, per method,
the requests sent and failed, and the kinds of failure; with HEADER, how many answers
carried that header and when the first did:

    sent GET=1200 POST=600
    failed POST /admin/login/ sent=1796000000.456 502
    GET sent=1200 failed=0 {}
    POST sent=600 failed=1 {502: 1}
    HEADER count=350 first=1796000000.123

A request fails when it gets no answer within its method's TIMEOUT, or an answer
other than the one the site gives when all is well: 200 for the pages, a redirect
to /admin/ for the login. A GET gets 2 s, as a client that gives up then would
give it; a login gets 10 s, for its password hash.
"""

import collections
import http.client
import os
import signal
import sys
import threading
import time

from client import Client

stopping = threading.Event()
TIMEOUT = {"GET": 2.0, "POST": 10.0}
LOGGING_IN = 2  # browsers that log in each time round


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.sent = collections.Counter()
        self.failures = {"GET": collections.Counter(), "POST": collections.Counter()}
        self.marked = 0
        self.first_marked = None

    def add(self, method, path, sent_at, failure=None):
        with self.lock:
            self.sent[method] += 1
            if failure is not None:
                self.failures[method][failure] += 1
                print(f"failed {method} {path} sent={sent_at:.3f} {failure}", flush=True)

    def mark(self):
        with self.lock:
            self.marked += 1
            self.first_marked = self.first_marked or time.time()


def answered(response):
    return response.status == 200


def logged_in(response):
    return response.status == 302 and response.headers["Location"] == "/admin/"


def attempt(tally, expected, method, path, send, *args):
    """Send one request; count it, and a failure if the answer is late or not the expected one."""
    sent_at, started = time.time(), time.monotonic()
    try:
        response = send(*args)
    except (OSError, http.client.HTTPException) as error:
        tally.add(method, path, sent_at, type(error).__name__)
        return None
    if time.monotonic() - started > TIMEOUT[method]:
        tally.add(method, path, sent_at, f"over {TIMEOUT[method]:.0f} s")
    else:
        tally.add(method, path, sent_at, None if expected(response) else response.status)
    return response


def browse(tally, marker, deadline, logs_in_each_time):
    reader, poster = (Client(os.environ["BASE_URL"], timeout=TIMEOUT[method]) for method in ("GET", "POST"))

    def get(path):
        response = attempt(tally, answered, "GET", path, reader.get, path)
        if response is not None and marker and marker in response.headers:
            tally.mark()
        return response

    page = None
    while not stopping.is_set() and time.monotonic() < deadline:
        if logs_in_each_time or page is None or page.status != 200:
            # A new visitor, logged out; one jar for both clients, which update it in place.
            reader.cookies = poster.cookies = {}
            form = get("/admin/login/")
            if form is None or form.status != 200 or not reader.csrf_token_in(form):
                continue
            login = attempt(tally, logged_in, "POST", "/admin/login/", poster.log_in, form)
            if login is None or not logged_in(login):
                continue
        page = get("/admin/")


def main():
    connections, seconds = int(sys.argv[1]), float(sys.argv[2])
    marker = sys.argv[3] if len(sys.argv) > 3 else None
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    tally, deadline = Tally(), time.monotonic() + seconds
    threads = [
        threading.Thread(target=browse, args=(tally, marker, deadline, number < LOGGING_IN))
        for number in range(connections)
    ]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        print(f"sent GET={tally.sent['GET']} POST={tally.sent['POST']}", flush=True)
        threads[0].join(timeout=1)
    for thread in threads:
        thread.join()
    for method in ("GET", "POST"):
        failures = tally.failures[method]
        print(f"{method} sent={tally.sent[method]} failed={sum(failures.values())} {dict(failures)}")
    if marker:
        print(f"{marker} count={tally.marked} first={tally.first_marked or 0:.3f}")


if __name__ == "__main__":
    main()
