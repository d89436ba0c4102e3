"""The health endpoints, which probes call by IP address over plain HTTP."""

import socket

import pytest
from django.db import connection


@pytest.fixture
def unreachable_database(django_db_blocker):
    """Point the default connection at a local port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    original = connection.settings_dict.copy()
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=closed_port)
        yield
        connection.close()
        connection.settings_dict.update(original)


def test_liveness_answers_without_the_database(client):
    """No django_db mark: any query here would fail the test."""
    response = client.get("/health/live/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readiness_is_200_when_the_database_answers(client):
    response = client.get("/health/ready/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_readiness_is_503_when_the_database_is_unreachable(client, unreachable_database, caplog):
    response = client.get("/health/ready/")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}
    assert "Connection refused" in caplog.text


def test_health_endpoints_skip_host_validation_and_https_redirect(client, settings):
    """Probes call by IP address over plain HTTP; pages still refuse that."""
    settings.ALLOWED_HOSTS = ["example.com"]
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/health/live/", HTTP_HOST="10.1.2.3").status_code == 200
    assert client.get("/admin/login/", HTTP_HOST="10.1.2.3").status_code == 400
    assert client.get("/admin/login/", HTTP_HOST="example.com").status_code == 301
