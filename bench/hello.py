"""The smallest WSGI application: bench/run's ceiling for what gunicorn can serve."""


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"Hello, world!\n"]
