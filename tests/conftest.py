"""Fixtures for the tests in tests/: settings evaluated in a fresh process, as a container reads them."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROJECT_DIR = Path(__file__).resolve().parent.parent

# What config/settings.py needs in production, with nothing left to a default;
# the password apart from the URL, as the production stack gives it.
PRODUCTION_ENVIRONMENT = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-test-only-key-that-is-long-and-random-enough-x7Qp2Lw9Vn4Rk8Tz3Hy6",
    "DATABASE_URL": "postgres://app@db:5432/app",
    "DJANGO_ALLOWED_HOSTS": "example.com",
}


def production_environment_without(*names):
    return {key: value for key, value in PRODUCTION_ENVIRONMENT.items() if key not in names}


def assert_one_line_error(result, *expected):
    """A process that stopped with one line on stderr, holding each expected text."""
    assert result.returncode != 0
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for text in expected:
        assert text in result.stderr


def environment_without_settings():
    """This process's environment without any variable the settings read, or its _FILE."""
    read = set(settings.ENVIRONMENT_VARIABLES) | {f"{name}_FILE" for name in settings.ENVIRONMENT_VARIABLES}
    return {key: value for key, value in os.environ.items() if key not in read}


@pytest.fixture
def manage_py():
    """Run manage.py in a fresh process with the environment given, as a container would:
    none of the settings' variables from this process, only those given."""

    def run(*args, **environment):
        env = environment_without_settings() | environment
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run


@pytest.fixture
def setting(manage_py):
    """An expression over django.conf.settings, evaluated in a fresh process with the
    environment given; the process must succeed."""

    def evaluate(expression, **environment):
        code = f"from django.conf import settings; print(repr({expression}))"
        result = manage_py("shell", "--no-imports", "-c", code, **environment)
        assert result.returncode == 0, result.stderr
        return ast.literal_eval(result.stdout.strip())

    return evaluate
