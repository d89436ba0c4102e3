"""From inside the proxy's network namespace: what Caddy reaches, and how web treats it."""

import errno
import http.client
import os
import socket
import time

import pytest

# More than gunicorn's threads on any machine this runs on (workers times threads).
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


def test_the_database_name_does_not_resolve():
    """The same resolver finds web, and web answers there: db's name alone is missing."""
    address = socket.getaddrinfo("web", 8000, type=socket.SOCK_STREAM)[0][4]
    socket.create_connection(address, timeout=3).close()

    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("db", 5432)


def test_the_database_address_is_unreachable():
    """No answer at all: a refusal would mean the address was reached."""
    with pytest.raises(OSError) as error:
        socket.create_connection((os.environ["DB_ADDRESS"], 5432), timeout=3)

    assert isinstance(error.value, TimeoutError) or error.value.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH)
