"""
Django settings for this project, read from the environment (config/environment.py).

Defaults are production's: with nothing set, DEBUG is off and the secret key
and database must be given. Development opts in through docker-compose.yml.
.env.example describes every variable.

https://docs.djangoproject.com/en/6.1/topics/settings/
https://docs.djangoproject.com/en/6.1/ref/settings/
"""

from pathlib import Path

from django.core.management.utils import get_random_secret_key
from django.utils.csp import CSP

from config import environment as env

BASE_DIR = Path(__file__).resolve().parent.parent


# Core settings
# https://docs.djangoproject.com/en/6.1/ref/settings/#core-settings

# SECURITY WARNING: don't run with debug turned on in production!
DEBUG = env.boolean("DJANGO_DEBUG", default=False)

# SECURITY WARNING: keep the secret key used in production secret!
if DEBUG:
    SECRET_KEY = env.string("DJANGO_SECRET_KEY") or get_random_secret_key()
else:
    SECRET_KEY = env.required("DJANGO_SECRET_KEY", "50 or more random characters")

# Earlier keys, still accepted for sessions and signed values they made: rotate a key
# by moving it here and setting a new DJANGO_SECRET_KEY, so that nobody is logged out.
SECRET_KEY_FALLBACKS = env.string_list("DJANGO_SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env.string_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")

CSRF_TRUSTED_ORIGINS = env.string_list("DJANGO_CSRF_TRUSTED_ORIGINS")


# Application definition

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "worker",
    "accounts",
    "pages",
]

MIDDLEWARE = [
    "config.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The site's own templates (base.html, 404.html, 500.html); each app keeps its own.
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"


# Database
# https://docs.djangoproject.com/en/6.1/ref/settings/#databases

# postgres://USER:PASSWORD@HOST:PORT/NAME, options in its query string (?sslmode=require);
# or the URL without its password, and the password in DATABASE_PASSWORD (or a file).
# Connections stay open between requests and are checked before reuse.
if DEBUG and not env.string("DATABASE_URL"):
    DATABASES = {}
else:
    DATABASES = {
        "default": env.database(
            "DATABASE_URL",
            "DATABASE_PASSWORD",
            conn_max_age=env.integer("DJANGO_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }

# How long a starting server waits for the database, and then for its migrations, before it gives up.
DATABASE_WAIT_SECONDS = env.integer("DJANGO_DATABASE_WAIT_SECONDS", 30)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Background tasks: Django's tasks framework, the database as its queue, and
# manage.py worker to run them (docs/tasks.md).
# https://docs.djangoproject.com/en/6.1/topics/tasks/

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Finished tasks are deleted by the worker once they are this many days old.
TASKS_KEEP_DAYS = env.integer("DJANGO_TASKS_KEEP_DAYS", 14)


# Authentication
# https://docs.djangoproject.com/en/6.1/topics/auth/customizing/

AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


# Internationalization
# https://docs.djangoproject.com/en/6.1/topics/i18n/

LANGUAGE_CODE = "en-us"

TIME_ZONE = "UTC"

USE_I18N = True

USE_TZ = True


# Static files (CSS, JavaScript, Images), served by WhiteNoise
# https://docs.djangoproject.com/en/6.1/howto/static-files/
# https://whitenoise.readthedocs.io/

STATIC_URL = "static/"

# The site's own static files (its stylesheet); each app keeps its own.
STATICFILES_DIRS = [BASE_DIR / "config" / "static"]

# The image collects them outside /code, where the development bind mount can't hide them.
STATIC_ROOT = env.string("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


# Logging: everything to standard output, where `docker compose logs` reads it
# https://docs.djangoproject.com/en/6.1/topics/logging/

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{levelname} {name}: {message}", "style": "{"}},
    "filters": {
        "not_a_health_check": {
            "()": "django.utils.log.CallbackFilter",
            "callback": "ext://config.health.not_a_health_check",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # runserver's request lines, without the container's own health checks.
        "django.server": {"handlers": ["console"], "filters": ["not_a_health_check"], "propagate": False},
        # Requests for other hosts are routine scans, each already refused with 400.
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
    },
}


# Security: HTTPS only unless DEBUG is on
# https://docs.djangoproject.com/en/6.1/howto/deployment/checklist/

SECURE_SSL_REDIRECT = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# An hour to start with: raise it (to a year, 31536000) once the site works on HTTPS only.
SECURE_HSTS_SECONDS = env.integer("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 3600)
# Off by default, as each commits more than this site to HTTPS (docs/configuration.md):
# includeSubDomains every subdomain, for as long as max-age; preload the domain, in
# browsers' own lists, for months after it is taken back.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.boolean("DJANGO_SECURE_HSTS_PRELOAD", default=False)
# check --deploy warns about each flag that is off: off is this project's choice, made above.
SILENCED_SYSTEM_CHECKS = []
if not SECURE_HSTS_INCLUDE_SUBDOMAINS:
    SILENCED_SYSTEM_CHECKS.append("security.W005")
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# Content Security Policy: only this site's own scripts, styles and images.
# https://docs.djangoproject.com/en/6.1/ref/csp/
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Django's defaults already send X-Content-Type-Options: nosniff,
# Referrer-Policy: same-origin and Cross-Origin-Opener-Policy: same-origin.

# SECURITY WARNING: only behind a proxy that always sets X-Forwarded-Proto itself,
# or any client can claim its plain HTTP request was HTTPS.
if env.boolean("DJANGO_TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


# The environment these settings read, each variable also as NAME_FILE
# (config/environment.py); the tests clear them all before they load the settings
# afresh, and fail if this list and what the settings read ever differ.

ENVIRONMENT_VARIABLES = [
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_SECRET_KEY_FALLBACKS",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "DATABASE_PASSWORD",
    "DJANGO_CONN_MAX_AGE",
    "DJANGO_DATABASE_WAIT_SECONDS",
    "DJANGO_TASKS_KEEP_DAYS",
    "DJANGO_STATIC_ROOT",
    "DJANGO_SECURE_HSTS_SECONDS",
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "DJANGO_SECURE_HSTS_PRELOAD",
    "DJANGO_TRUST_X_FORWARDED_PROTO",
]
