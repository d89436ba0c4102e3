"""The production stack while its database is stopped: web stays up and says so."""

from urllib.parse import urlencode

from django.template.loader import render_to_string


def test_a_page_that_needs_the_database_gets_the_sites_500_page(https):
    csrf_token = https.csrf_token("/admin/login/")  # no query: the form renders without the database

    response = https.post(
        "/admin/login/",
        urlencode(
            {
                "csrfmiddlewaretoken": csrf_token,
                "username": "someone",
                "password": "something-long",
            }
        ),
    )

    assert response.status == 500
    assert response.text == render_to_string("500.html")  # the site's own, whatever it says
    for debug_detail in ("Traceback", "OperationalError", "psycopg2"):
        assert debug_detail not in response.text


def test_readiness_is_503(https):
    response = https.get("/health/ready/")

    assert response.status == 503
    assert response.text == '{"status": "unavailable", "database": "unreachable"}'


def test_liveness_stays_200(https):
    assert https.get("/health/live/").status == 200
