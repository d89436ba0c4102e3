"""Load the settings before a process starts work, so a bad environment stops it with one line."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured


def load_settings_or_exit():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # The first attribute read imports config/settings.py.
    except ImproperlyConfigured as error:
        sys.exit(f"Configuration error: {error}")
