"""Traffic while the stack changes under it: CONNECTIONS browsers, each loading the
home page and logging in to the admin (a GET of the form, then a POST with its CSRF
token, which writes a session row), over and over, until SIGTERM or SECONDS.

    python traffic.py CONNECTIONS SECONDS [MARKER]

Prints "sent N", the requests sent so far, each second; at the end, per method,
the requests sent and failed, and the kinds of failure;
with MARKER, how many home pages held it and when (Unix time) the first did:

    GET sent=1200 failed=0 {}
    POST sent=600 failed=0 {}
    MARKER count=350 first=1796000000.123

A request fails when it gets no answer, or an answer other than the one the site
gives when all is well: 200 for the pages, a redirect to /admin/ for the login.
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


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.sent = collections.Counter()
        self.failures = {"GET": collections.Counter(), "POST": collections.Counter()}
        self.total = 0
        self.marked = 0
        self.first_marked = None

    def add(self, method, failure=None):
        with self.lock:
            self.sent[method] += 1
            self.total += 1
            if failure is not None:
                self.failures[method][failure] += 1

    def mark(self):
        with self.lock:
            self.marked += 1
            self.first_marked = self.first_marked or time.time()


def answered(response):
    return response.status == 200


def logged_in(response):
    return response.status == 302 and response.headers["Location"] == "/admin/"


def attempt(tally, expected, method, send, *args):
    """Send one request; count it, and a failure if the answer is not the expected one."""
    try:
        response = send(*args)
    except (OSError, http.client.HTTPException) as error:
        tally.add(method, type(error).__name__)
        return None
    tally.add(method, None if expected(response) else response.status)
    return response


def browse(tally, marker, deadline):
    client = Client(os.environ["BASE_URL"])
    while not stopping.is_set() and time.monotonic() < deadline:
        client.cookies = {}  # a new visitor each time round, logged out
        home = attempt(tally, answered, "GET", client.get, "/")
        if home is not None and marker and marker in home.text:
            tally.mark()
        form = attempt(tally, answered, "GET", client.get, "/admin/login/")
        if form is not None and form.status == 200 and client.csrf_token_in(form):
            attempt(tally, logged_in, "POST", client.log_in, form)


def main():
    connections, seconds = int(sys.argv[1]), float(sys.argv[2])
    marker = sys.argv[3] if len(sys.argv) > 3 else None
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    tally, deadline = Tally(), time.monotonic() + seconds
    threads = [threading.Thread(target=browse, args=(tally, marker, deadline)) for _ in range(connections)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        print(f"sent {tally.total}", flush=True)
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
