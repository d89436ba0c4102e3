"""Fixtures for every test in the project, the apps' own tests included."""

import os
from pathlib import Path

import pytest

# `docker compose run --rm web pytest` bind-mounts the working tree over /code;
# `sh tests/run` runs the image's own /code, built with its static files.
CODE_IS_BIND_MOUNTED = os.path.ismount(Path(__file__).resolve().parent)


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


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """A task enqueued in a test runs there and then, in the test's transaction: no worker
    runs in pytest (tests/system/test_tasks.sh has the real one)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
