"""The health endpoints that probes call, answered before anything else, and the
development log filter that leaves the container's own health check out."""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)

# The image's HEALTHCHECK asks for this every 30 s, and twice a second while starting.
LIVENESS_PATH = "/health/live/"


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


HEALTH_ENDPOINTS = {
    LIVENESS_PATH: health_live,
    "/health/ready/": health_ready,
}


class HealthCheckMiddleware:
    """Answer the health endpoints before host validation and the HTTPS redirect.

    Probes (the image's HEALTHCHECK, a load balancer) call by IP address over
    plain HTTP, which ALLOWED_HOSTS and SECURE_SSL_REDIRECT would refuse.
    Keep this first in MIDDLEWARE.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        endpoint = HEALTH_ENDPOINTS.get(request.path_info)
        if endpoint is not None:
            return endpoint(request)
        return self.get_response(request)


def not_a_health_check(record):
    """runserver logs each request as its request line: leave out the container's own
    health check, so the development log shows the requests you make (LOGGING)."""
    return not (record.args and str(record.args[0]).startswith(f"GET {LIVENESS_PATH} "))
