"""The site's error pages and its layout, as a visitor meets them with DEBUG off,
whatever pages and apps the site has."""

import pytest
from django.test import Client
from django.urls import path


def failing_view(request):
    raise RuntimeError("a bug in a view")


# A URLconf with none of the site's names: a page that names one in {% url %} fails.
urlpatterns = [path("fails/", failing_view)]


@pytest.mark.urls(__name__)
def test_the_500_page_renders_when_urls_and_static_files_fail(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path  # no manifest: any {% static %} fails
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
    }

    response = Client(raise_request_exception=False).get("/fails/")

    assert response.status_code == 500
    assert [template.name for template in response.templates] == ["500.html"]
    assert "a bug in a view" not in response.text


@pytest.mark.urls(__name__)
def test_the_404_page_is_the_sites_layout_and_names_no_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert [template.name for template in response.templates] == ["404.html", "base.html"]
    for debug_detail in ("Traceback", "URLconf", "fails/"):
        assert debug_detail not in response.text
