"""The container runs what the project declares: the tag's PostgreSQL, the Pipfile's Python, the lock's packages."""

import os
import sys
import tomllib

import pytest
from django.core.management import call_command
from django.db import connection

from tests.conftest import PROJECT_DIR
from tests.installed import commands_not_on_path, installed_packages, locked_packages


@pytest.mark.django_db
def test_database_is_postgresql():
    assert connection.vendor == "postgresql"


@pytest.mark.django_db
def test_database_is_the_postgresql_major_of_the_image_tag():
    """tests/run passes the major of the compose file's db image tag: the image holds no compose file."""
    expected = os.environ.get("EXPECTED_POSTGRES_MAJOR")
    if expected is None:
        pytest.skip("EXPECTED_POSTGRES_MAJOR is unset; tests/run sets it from the db image tag")

    assert expected.isdigit(), f"EXPECTED_POSTGRES_MAJOR={expected!r} is no major"
    assert connection.pg_version // 10000 == int(expected)


def test_python_is_the_pipfile_version():
    pipfile = tomllib.loads((PROJECT_DIR / "Pipfile").read_text())

    assert f"{sys.version_info.major}.{sys.version_info.minor}" == pipfile["requires"]["python_version"]


def test_installed_packages_are_exactly_the_lock():
    """The dev image holds the lock's default and develop packages, besides the base image's pip."""
    assert installed_packages() == locked_packages("default", "develop")


def test_every_command_the_packages_install_is_on_path():
    """django-admin, gunicorn, pytest, and whatever a package added later declares."""
    assert commands_not_on_path() == []


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
