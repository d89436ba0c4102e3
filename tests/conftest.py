import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent

# What config/settings.py needs in production, with nothing left to a default.
PRODUCTION_ENVIRONMENT = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-test-only-key-that-is-long-and-random-enough-x7Qp2Lw9Vn4Rk8Tz3Hy6",
    "DATABASE_URL": "postgres://app:secret@db:5432/app",
    "DJANGO_ALLOWED_HOSTS": "example.com",
}


# `docker compose run --rm web pytest` bind-mounts the working tree over /code;
# `sh tests/run` runs the image's own /code, built with its static files.
CODE_IS_BIND_MOUNTED = os.path.ismount(PROJECT_DIR)


@pytest.fixture(autouse=True)
def static_files_without_manifest_on_a_bind_mount(settings):
    """Bind-mounted code may name static files newer than those the image collected
    when it was built: there, render `{% static %}` without collectstatic's manifest.
    In the image's own /code, pages render with the manifest storage it ships, so a
    template naming a missing file fails the tests as it would fail in production."""
    if CODE_IS_BIND_MOUNTED:
        settings.STORAGES = settings.STORAGES | {
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        }


@pytest.fixture
def manage_py():
    """Run manage.py in a fresh process with the environment given, as a container would."""

    def run(*args, **environment):
        env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
        env |= environment
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60,
        )

    return run
