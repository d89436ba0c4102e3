"""The Django project: settings, URLs, the WSGI and ASGI entry points and gunicorn's settings."""
