import platform

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
    assert 'href="/static/pages/site.css"' in html


def test_admin_login_page_renders(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.text


def test_unknown_url_is_404(client):
    assert client.get("/no-such-page/").status_code == 404
