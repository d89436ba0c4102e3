"""Web behind the proxy, reached directly from inside the proxy's network namespace."""

import http.client
import socket
import time

# More than gunicorn's threads on any machine this runs on (workers × threads).
IDLE_CONNECTIONS = 256


def test_connections_that_send_nothing_hold_no_worker_thread():
    """Caddy opens connections it doesn't use at once; each must not take a
    gunicorn thread while a request that has arrived waits behind it."""
    idle = [socket.create_connection(("web", 8000), timeout=5) for _ in range(IDLE_CONNECTIONS)]
    try:
        started = time.monotonic()
        connection = http.client.HTTPConnection("web", 8000, timeout=10)
        connection.request("GET", "/health/live/")
        status = connection.getresponse().status
        elapsed = time.monotonic() - started
    finally:
        for sock in idle:
            sock.close()

    assert status == 200
    assert elapsed < 1.0, f"answered after {elapsed:.1f} s"
