"""The demo's own tests: they go when the demo goes."""

import re
import tomllib

import pytest
from django.db import connection
from django.urls import reverse

from tests.conftest import PROJECT_DIR
from tests.installed import locked_packages

pytestmark = pytest.mark.django_db


def test_home_page_renders_from_its_template(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert [template.name for template in response.templates][:3] == ["pages/home.html", "pages/page.html", "base.html"]
    assert "It works" in response.text


def test_home_page_shows_what_is_running(client):
    """Against what the project declares and what the server itself says, not the calls the view makes."""
    pipfile = tomllib.loads((PROJECT_DIR / "Pipfile").read_text())
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int")
        major, minor = divmod(cursor.fetchone()[0], 10000)

    html = client.get(reverse("home")).text

    assert f"<dt>Django</dt><dd>{locked_packages('default')['django']}</dd>" in html
    assert re.search(rf"<dt>Python</dt><dd>{re.escape(pipfile['requires']['python_version'])}\.\d+</dd>", html)
    assert f"<dt>PostgreSQL</dt><dd>{major}.{minor}</dd>" in html


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
