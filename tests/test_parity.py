"""The container runs what the project declares: PostgreSQL 18, the Pipfile's Python, the lock's packages."""

import json
import sys
import tomllib
from importlib.metadata import distributions

import pytest
from django.core.management import call_command
from django.db import connection
from packaging.utils import canonicalize_name

from tests.conftest import PROJECT_DIR


@pytest.mark.django_db
def test_database_is_postgresql_18():
    assert connection.vendor == "postgresql"
    assert connection.pg_version // 10000 == 18


def test_python_is_the_pipfile_version():
    pipfile = tomllib.loads((PROJECT_DIR / "Pipfile").read_text())

    assert f"{sys.version_info.major}.{sys.version_info.minor}" == pipfile["requires"]["python_version"]


def test_installed_packages_are_exactly_the_lock():
    """The dev image holds the lock's default and develop packages, and pip from the base image."""
    lock = json.loads((PROJECT_DIR / "Pipfile.lock").read_text())
    locked = {
        canonicalize_name(name): entry["version"].removeprefix("==")
        for section in ("default", "develop")
        for name, entry in lock[section].items()
    }
    installed = {canonicalize_name(dist.metadata["Name"]): dist.version for dist in distributions()}
    installed.pop("pip")

    assert installed == locked


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
