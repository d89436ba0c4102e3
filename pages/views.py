"""The demo's pages: the home page shows what the site runs on."""

import platform

import django
from django.db import connection
from django.views.generic import TemplateView


def running_versions():
    """What this site runs on, as shown on the home page."""
    major, minor = divmod(connection.pg_version, 10000)  # 180001 is 18.1
    return {
        "Django": django.get_version(),
        "Python": platform.python_version(),
        "PostgreSQL": f"{major}.{minor}",
    }


class HomePageView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"versions": running_versions()}


class AboutPageView(TemplateView):
    template_name = "pages/about.html"
