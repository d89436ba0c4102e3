"""Load check: CONNECTIONS clients, each sending GETs back to back on one kept-alive
HTTPS connection, as browsers do, for SECONDS.

    python load.py CONNECTIONS SECONDS PATH

Prints the rate, the answers by status and the slowest request; exits 1 if any
answer was not 2xx, any request failed, or any took longer than SLOW_SECONDS.
"""

import collections
import http.client
import os
import sys
import threading
import time

from client import Client

SLOW_SECONDS = 2.0


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = collections.Counter()
        self.slow = 0
        self.slowest = 0.0

    def add(self, status, seconds):
        with self.lock:
            self.statuses[status] += 1
            self.slow += seconds > SLOW_SECONDS
            self.slowest = max(self.slowest, seconds)


def keep_requesting(client, path, deadline, tally):
    connection = client.connect()
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            status = response.status
            if response.will_close:
                connection.close()
                connection = client.connect()
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
            connection.close()
            connection = client.connect()
        tally.add(status, time.monotonic() - started)
    connection.close()


def main():
    connections, seconds, path = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    client, tally = Client(os.environ["BASE_URL"]), Tally()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=keep_requesting, args=(client, path, deadline, tally)) for _ in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = sum(tally.statuses.values())
    failed = sum(n for status, n in tally.statuses.items() if not (isinstance(status, int) and 200 <= status < 300))
    print(
        f"{total} requests in {seconds:.0f} s over {connections} connections ({total / seconds:.0f}/s): "
        f"{dict(tally.statuses)}; slowest {tally.slowest:.2f} s, {tally.slow} over {SLOW_SECONDS:.0f} s"
    )
    return 1 if failed or tally.slow or not total else 0


if __name__ == "__main__":
    sys.exit(main())
