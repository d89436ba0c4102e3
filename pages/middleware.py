from pages.views import health_live, health_ready

HEALTH_ENDPOINTS = {
    "/health/live/": health_live,
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
