"""The environment is read strictly: each mistake stops manage.py with one line naming it."""

import ast

import pytest
from django.conf import settings

from tests.conftest import PRODUCTION_ENVIRONMENT, PROJECT_DIR, assert_one_line_error, production_environment_without

# As docker-compose.yml gives it.
DEVELOPMENT_ENVIRONMENT = {
    "DJANGO_DEBUG": "1",
    "DJANGO_SECRET_KEY": "development-only-not-secret",
    "DATABASE_URL": "postgres://app:development-only@db:5432/app",
    "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
}


@pytest.mark.parametrize("environment", [PRODUCTION_ENVIRONMENT, DEVELOPMENT_ENVIRONMENT], ids=["production", "debug"])
def test_the_settings_read_exactly_the_variables_they_list(manage_py, environment):
    code = "from django.conf import settings; from config import environment; settings.DEBUG; "
    code += "print(sorted(environment.asked_for))"
    result = manage_py("shell", "--no-imports", "-c", code, **environment)

    assert result.returncode == 0, result.stderr
    assert ast.literal_eval(result.stdout) == sorted(settings.ENVIRONMENT_VARIABLES)


def test_the_settings_read_the_environment_through_config_environment_only():
    """os.environ read directly would escape the list above."""
    tree = ast.parse((PROJECT_DIR / "config" / "settings.py").read_text())
    imported = {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom) for alias in node.names
    }
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}

    assert not {"os", "environ", "getenv"} & (imported | modules)


def test_no_setting_comes_from_the_test_process(manage_py, monkeypatch):
    """manage_py clears every listed variable and its _FILE: here each names a file that
    does not exist, so any that reached the fresh process would stop it."""
    for name in settings.ENVIRONMENT_VARIABLES:
        monkeypatch.setenv(name, "from-the-test-process")
        monkeypatch.setenv(f"{name}_FILE", "/no-such-file")

    result = manage_py("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENVIRONMENT)

    assert result.returncode == 0, result.stderr


def test_production_environment_passes_the_deploy_check(manage_py):
    result = manage_py("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENVIRONMENT)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_debug_on_fails_the_deploy_check(manage_py):
    result = manage_py("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENVIRONMENT | {"DJANGO_DEBUG": "1"})

    assert result.returncode != 0
    assert "security.W018" in result.stderr


def test_debug_is_off_unless_asked_for(setting):
    assert setting("settings.DEBUG", **PRODUCTION_ENVIRONMENT | {"DJANGO_DEBUG": ""}) is False


def test_a_bad_boolean_is_refused(manage_py):
    result = manage_py("check", **PRODUCTION_ENVIRONMENT | {"DJANGO_DEBUG": "yes"})

    assert_one_line_error(result, "DJANGO_DEBUG must be 1, 0, true or false", "'yes'")


def test_a_missing_secret_key_is_refused_in_production(manage_py):
    environment = production_environment_without("DJANGO_SECRET_KEY")

    assert_one_line_error(manage_py("check", **environment), "DJANGO_SECRET_KEY is required")


def test_a_missing_database_url_is_refused_in_production(manage_py):
    environment = production_environment_without("DATABASE_URL")

    assert_one_line_error(manage_py("check", **environment), "DATABASE_URL is required")


@pytest.mark.parametrize(
    "url",
    [
        "mysql://app:hunter2@db/app",
        "postgres//app:hunter2@db/app",
        "postgres://app:hunter2@db:port/app",
        "postgres://app:hunter2@db:5432/",
    ],
)
def test_a_malformed_database_url_is_refused_without_echoing_it(manage_py, url):
    result = manage_py("check", **PRODUCTION_ENVIRONMENT | {"DATABASE_URL": url})

    assert_one_line_error(result, "DATABASE_URL must look like postgres://USER:PASSWORD@HOST:5432/NAME")
    assert "hunter2" not in result.stderr


def database_setting(setting, url):
    return setting("settings.DATABASES['default']", **PRODUCTION_ENVIRONMENT | {"DATABASE_URL": url})


def test_database_url_is_split_into_its_parts(setting):
    database = database_setting(setting, "postgresql://app:p%40ss@db.internal:6543/shop")

    assert (database["USER"], database["PASSWORD"], database["HOST"], database["PORT"], database["NAME"]) == (
        "app",
        "p@ss",
        "db.internal",
        6543,
        "shop",
    )
    assert database["OPTIONS"] == {"connect_timeout": 5}
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (60, True)


def test_database_url_options_reach_the_driver(setting):
    """Managed PostgreSQL services ask for ?sslmode=require; every option, with its value, is kept."""
    database = database_setting(
        setting, "postgres://app:pw@db/app?sslmode=require&options=-c%20search_path%3Dshop&connect_timeout=10"
    )

    assert database["OPTIONS"] == {"sslmode": "require", "options": "-c search_path=shop", "connect_timeout": 10}


def test_database_url_may_name_a_socket_directory(setting):
    database = database_setting(setting, "postgres://app:pw@%2Fvar%2Frun%2Fpostgresql/app")

    assert database["HOST"] == "/var/run/postgresql"


def test_lists_are_read_from_commas(setting):
    environment = PRODUCTION_ENVIRONMENT | {
        "DJANGO_ALLOWED_HOSTS": "example.com, www.example.com,",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://example.com",
    }

    assert setting("(settings.ALLOWED_HOSTS, settings.CSRF_TRUSTED_ORIGINS)", **environment) == (
        ["example.com", "www.example.com"],
        ["https://example.com"],
    )
