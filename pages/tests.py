"""The demo's own tests: they go when the demo goes."""

import platform
import re

import django
import pytest
from django.db import connection
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_renders_from_its_template(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert [template.name for template in response.templates][:3] == ["pages/home.html", "pages/page.html", "base.html"]
    assert "It works" in response.text


def test_home_page_shows_what_is_running(client):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int")
        major, minor = divmod(cursor.fetchone()[0], 10000)

    versions = client.get(reverse("home")).context["versions"]

    assert versions == {
        "Django": django.get_version(),
        "Python": platform.python_version(),
        "PostgreSQL": f"{major}.{minor}",
    }


def test_about_page_renders_from_its_template(client):
    response = client.get(reverse("about"))

    assert response.status_code == 200
    assert "pages/about.html" in [template.name for template in response.templates]
    assert "About this project" in response.text


def test_pages_link_to_each_other_the_admin_and_their_stylesheet(client):
    html = client.get(reverse("about")).text

    for name in ("home", "about", "admin:index"):
        assert f'href="{reverse(name)}"' in html
    assert re.search(r'href="/static/pages/pages(\.[0-9a-f]{12})?\.css"', html)
