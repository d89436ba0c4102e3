"""The admin, which every site built on this template starts with."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["admin:index", "admin:accounts_user_changelist", "admin:accounts_user_add"])
def test_admin_pages_render(admin_client, name):
    """In `sh tests/run`, with the static files storage the image ships: a template
    that names a missing static file fails here, as it would fail in production."""
    assert admin_client.get(reverse(name)).status_code == 200


def test_admin_login_page_renders_its_form(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.text
