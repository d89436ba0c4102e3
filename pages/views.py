import logging
import platform

import django
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.generic import TemplateView

logger = logging.getLogger(__name__)


def running_versions():
    """What this site runs on, as shown on the home page."""
    major, minor = divmod(connection.pg_version, 10000)  # 180001 is PostgreSQL 18.1
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


def health_live(request):
    """Liveness: the process answers. It asks nothing of the database, so an
    outage there makes web unready, not restarted."""
    return JsonResponse({"status": "ok"})


def health_ready(request):
    """Readiness: the database answers a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.warning("Readiness check failed: %s", str(error).strip())
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
