"""The project's error pages, as a visitor meets them with DEBUG off."""

import pytest
from django.test import Client
from django.urls import path


def failing_view(request):
    raise RuntimeError("a bug in a view")


# A URLconf with none of the site's names: any {% url %} on the error page fails.
urlpatterns = [path("fails/", failing_view)]


@pytest.mark.urls(__name__)
def test_the_500_page_renders_when_urls_and_static_files_fail(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path  # no manifest: any {% static %} fails
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
    }

    response = Client(raise_request_exception=False).get("/fails/")

    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.text
    assert "a bug in a view" not in response.text


@pytest.mark.django_db
def test_unknown_url_gets_the_project_404_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.text
