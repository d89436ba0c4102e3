"""Read settings from the environment, strictly.

A value that can't be used raises ImproperlyConfigured with one line naming the
variable; config/startup.py prints that line and stops the process. An empty
value counts as unset, so a blank line in .env takes the default.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def string(name, default=""):
    return os.environ.get(name, "").strip() or default


def boolean(name, default):
    """1/0/true/false, in any case; anything else is an error."""
    value = string(name).lower()
    if value == "":
        return default
    if value in ("1", "true"):
        return True
    if value in ("0", "false"):
        return False
    raise ImproperlyConfigured(f"{name} must be 1, 0, true or false, not {os.environ[name]!r}")


def integer(name, default):
    value = string(name)
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def string_list(name, default=""):
    """A comma-separated list, ignoring blanks around the commas."""
    return [item.strip() for item in string(name, default).split(",") if item.strip()]


def required(name, example):
    """A value that production cannot do without."""
    value = string(name)
    if not value:
        raise ImproperlyConfigured(f"{name} is required when DJANGO_DEBUG is off: {example}")
    return value


DATABASE_URL_FORM = "postgres://USER:PASSWORD@HOST:5432/NAME"


def database(name, **settings):
    """A DATABASES entry from a PostgreSQL URL: its query string becomes OPTIONS
    (?sslmode=require), a %-encoded path as host is a socket directory."""
    try:
        config = dj_database_url.parse(required(name, DATABASE_URL_FORM), **settings)
    except ValueError:
        config = {}
    if config.get("ENGINE") != "django.db.backends.postgresql" or not config.get("NAME"):
        # The URL itself stays out of the message: it holds the password.
        raise ImproperlyConfigured(f"{name} must look like {DATABASE_URL_FORM}")
    # Fail in seconds, not minutes, when the database is unreachable, unless the URL says otherwise.
    config["OPTIONS"] = {"connect_timeout": 5} | config.get("OPTIONS", {})
    return config
