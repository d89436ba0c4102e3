"""The project's settings, with release B's app and middleware added."""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [*INSTALLED_APPS, "release_b"]
MIDDLEWARE = [*MIDDLEWARE, "release_b.middleware.release_header"]
