import platform
import re

import django
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_renders_from_its_template(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "pages/home.html" in [template.name for template in response.templates]
    assert "base.html" in [template.name for template in response.templates]
    assert "It works" in response.text


def test_home_page_shows_what_is_running(client):
    response = client.get(reverse("home"))

    assert response.context["versions"]["Django"] == django.get_version()
    assert response.context["versions"]["Python"] == platform.python_version()
    assert response.context["versions"]["PostgreSQL"].startswith("18.")
    assert f"<dd>{django.get_version()}</dd>" in response.text


def test_about_page_renders_from_its_template(client):
    response = client.get(reverse("about"))

    assert response.status_code == 200
    assert "pages/about.html" in [template.name for template in response.templates]
    assert "About this project" in response.text


def test_pages_link_to_each_other_and_the_stylesheet(client):
    html = client.get(reverse("about")).text

    assert f'href="{reverse("home")}"' in html
    assert f'href="{reverse("admin:index")}"' in html
    assert re.search(r'href="/static/pages/site(\.[0-9a-f]{12})?\.css"', html)


@pytest.mark.parametrize(
    "name", ["home", "about", "admin:index", "admin:accounts_user_changelist", "admin:accounts_user_add"]
)
def test_every_page_renders(admin_client, name):
    """In `sh tests/run`, with the static files storage the image ships: a template
    that names a missing static file fails here, as it would fail in production."""
    assert admin_client.get(reverse(name)).status_code == 200


def test_admin_login_page_renders(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.text
