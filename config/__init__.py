"""The Django project: settings, URLs, the WSGI and ASGI entry points, gunicorn's settings,
the health endpoints, and the site's own templates and static files."""
