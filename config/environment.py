"""Read settings from the environment, strictly.

A value that can't be used raises ImproperlyConfigured with one line naming the
variable; config/startup.py prints that line and stops the process. An empty
value counts as unset, so a blank line in .env takes the default.

Every variable NAME may instead be given as a file, NAME_FILE=/path/to/it, as
Docker and Compose secrets are (the postgres image reads POSTGRES_PASSWORD_FILE
the same way): its contents, without surrounding whitespace or the trailing
newline, are the value. Setting both NAME and NAME_FILE is an error.

Every name asked for is kept in asked_for, so that the tests can compare what
config/settings.py reads with the list it gives, ENVIRONMENT_VARIABLES.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

asked_for = set()


def string(name, default=""):
    asked_for.add(name)
    value = os.environ.get(name, "").strip()
    path = os.environ.get(f"{name}_FILE", "").strip()
    if path:
        if value:
            raise ImproperlyConfigured(f"{name} and {name}_FILE are both set: give one of them")
        try:
            with open(path) as file:
                value = file.read().strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE names {path}, which cannot be read: {error.strerror}") from None
    return value or default


def boolean(name, default):
    """1/0/true/false, in any case; anything else is an error."""
    value = string(name)
    if value == "":
        return default
    if value.lower() in ("1", "true"):
        return True
    if value.lower() in ("0", "false"):
        return False
    raise ImproperlyConfigured(f"{name} must be 1, 0, true or false, not {value!r}")


def integer(name, default):
    value = string(name)
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def string_list(name, default=""):
    """A list separated by commas or line breaks (one per line in a file), ignoring blanks."""
    return [item.strip() for item in string(name, default).replace("\n", ",").split(",") if item.strip()]


def required(name, example):
    """A value that production cannot do without."""
    value = string(name)
    if not value:
        raise ImproperlyConfigured(f"{name} is required when DJANGO_DEBUG is off: {example}")
    return value


DATABASE_URL_FORM = "postgres://USER:PASSWORD@HOST:5432/NAME"


def database(name, password_name, **settings):
    """A DATABASES entry from a PostgreSQL URL: its query string becomes OPTIONS
    (?sslmode=require), a %-encoded path as host is a socket directory. The
    password may come apart from the URL, from password_name (or its _FILE)."""
    try:
        config = dj_database_url.parse(required(name, DATABASE_URL_FORM), **settings)
    except ValueError:
        config = {}
    if config.get("ENGINE") != "django.db.backends.postgresql" or not config.get("NAME"):
        # The URL itself stays out of the message: it holds the password.
        raise ImproperlyConfigured(f"{name} must look like {DATABASE_URL_FORM}")
    if password := string(password_name):
        if config.get("PASSWORD"):
            raise ImproperlyConfigured(f"{name} holds a password and {password_name} is set: give one of them")
        config["PASSWORD"] = password
    # Fail in seconds, not minutes, when the database is unreachable, unless the URL says otherwise.
    config["OPTIONS"] = {"connect_timeout": 5} | config.get("OPTIONS", {})
    return config
