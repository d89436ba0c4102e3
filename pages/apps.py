import logging

from django.apps import AppConfig

# The image's HEALTHCHECK asks for this every 30 s, and twice a second while starting.
HEALTH_CHECK_REQUEST = "GET /health/live/ "


def is_not_the_health_check(record):
    """runserver logs each request as its request line: leave out the container's own
    health check, so the development log shows the requests you make."""
    return not (record.args and str(record.args[0]).startswith(HEALTH_CHECK_REQUEST))


class PagesConfig(AppConfig):
    name = "pages"

    def ready(self):
        logging.getLogger("django.server").addFilter(is_not_the_health_check)
