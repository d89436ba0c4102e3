"""Load smoke: N connections, each sending GETs back to back for a fixed time.

    python tests/system/http/load.py CONNECTIONS SECONDS PATH

Prints the count of answers by status and exits 1 if any was not 2xx or failed.
"""

import collections
import os
import sys
import threading
import time

from client import Client


def hammer(path, deadline, counts, lock):
    client = Client(os.environ["BASE_URL"])
    while time.monotonic() < deadline:
        try:
            status = client.get(path).status
        except OSError as error:
            status = type(error).__name__
        with lock:
            counts[status] += 1


def main():
    connections, seconds, path = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    counts, lock = collections.Counter(), threading.Lock()
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=hammer, args=(path, deadline, counts, lock)) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = sum(counts.values())
    print(f"{total} requests in {seconds:.0f} s over {connections} connections ({total / seconds:.0f}/s): {dict(counts)}")
    failed = sum(n for status, n in counts.items() if not (isinstance(status, int) and 200 <= status < 300))
    return 1 if failed or not total else 0


if __name__ == "__main__":
    sys.exit(main())
