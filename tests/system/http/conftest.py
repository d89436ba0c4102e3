"""Fixtures for the HTTP tests that tests/run runs in the dev image against
the production stack: BASE_URL, HTTP_URL and CADDY_ROOT_CERT say where it is."""

import os

import pytest
from client import Client


@pytest.fixture
def https():
    return Client(os.environ["BASE_URL"])


@pytest.fixture
def plain_http():
    return Client(os.environ["HTTP_URL"])
