"""Settings from files: NAME_FILE instead of NAME, as Docker and Compose secrets give them."""

import pytest
from django.conf import settings

from tests.conftest import PRODUCTION_ENVIRONMENT, assert_one_line_error, production_environment_without

KEY = "a-key-read-from-a-file-that-is-long-and-random-enough-Qm8Zt2Rv6Wx4Ky9Pb3"
OLD_KEY = "an-older-key-still-accepted-for-what-it-signed-Lr5Nc8Vd2Hs7Gf4Jw1Xe6"

# Each variable the settings read: a value for its file, and the setting that shows it was read.
FROM_A_FILE = {
    "DJANGO_DEBUG": ("1", "settings.DEBUG", True),
    "DJANGO_SECRET_KEY": (KEY, "settings.SECRET_KEY", KEY),
    "DJANGO_SECRET_KEY_FALLBACKS": (OLD_KEY, "settings.SECRET_KEY_FALLBACKS", [OLD_KEY]),
    "DJANGO_ALLOWED_HOSTS": ("shop.example.com", "settings.ALLOWED_HOSTS", ["shop.example.com"]),
    "DJANGO_CSRF_TRUSTED_ORIGINS": (
        "https://a.example.com",
        "settings.CSRF_TRUSTED_ORIGINS",
        ["https://a.example.com"],
    ),
    "DATABASE_URL": ("postgres://app@db.internal/app", "settings.DATABASES['default']['HOST']", "db.internal"),
    "DATABASE_PASSWORD": ("s3cret", "settings.DATABASES['default']['PASSWORD']", "s3cret"),
    "DJANGO_CONN_MAX_AGE": ("0", "settings.DATABASES['default']['CONN_MAX_AGE']", 0),
    "DJANGO_DATABASE_WAIT_SECONDS": ("7", "settings.DATABASE_WAIT_SECONDS", 7),
    "DJANGO_TASKS_KEEP_DAYS": ("30", "settings.TASKS_KEEP_DAYS", 30),
    "DJANGO_STATIC_ROOT": ("/srv/elsewhere", "str(settings.STATIC_ROOT)", "/srv/elsewhere"),
    "DJANGO_SECURE_HSTS_SECONDS": ("31536000", "settings.SECURE_HSTS_SECONDS", 31536000),
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": ("1", "settings.SECURE_HSTS_INCLUDE_SUBDOMAINS", True),
    "DJANGO_SECURE_HSTS_PRELOAD": ("1", "settings.SECURE_HSTS_PRELOAD", True),
    "DJANGO_TRUST_X_FORWARDED_PROTO": ("1", "settings.SECURE_PROXY_SSL_HEADER", ("HTTP_X_FORWARDED_PROTO", "https")),
}


def test_every_variable_the_settings_read_is_tested_from_a_file():
    assert sorted(FROM_A_FILE) == sorted(settings.ENVIRONMENT_VARIABLES)


@pytest.mark.parametrize("name", FROM_A_FILE)
def test_each_variable_is_read_from_its_file_without_the_trailing_newline(setting, tmp_path, name):
    value, expression, expected = FROM_A_FILE[name]
    (tmp_path / "value").write_text(value + "\n")
    environment = production_environment_without(name) | {f"{name}_FILE": str(tmp_path / "value")}

    assert setting(expression, **environment) == expected


def test_a_variable_and_its_file_together_are_refused(manage_py, tmp_path):
    (tmp_path / "key").write_text(KEY)
    environment = PRODUCTION_ENVIRONMENT | {"DJANGO_SECRET_KEY_FILE": str(tmp_path / "key")}

    assert_one_line_error(
        manage_py("check", **environment), "DJANGO_SECRET_KEY and DJANGO_SECRET_KEY_FILE are both set"
    )


def test_a_file_that_cannot_be_read_is_named(manage_py, tmp_path):
    missing = tmp_path / "no-such-key"
    environment = production_environment_without("DJANGO_SECRET_KEY") | {"DJANGO_SECRET_KEY_FILE": str(missing)}

    assert_one_line_error(manage_py("check", **environment), f"DJANGO_SECRET_KEY_FILE names {missing}, which cannot")


def test_a_password_in_both_the_url_and_its_own_variable_is_refused(manage_py):
    environment = PRODUCTION_ENVIRONMENT | {"DATABASE_URL": "postgres://web:hunter2@db/app", "DATABASE_PASSWORD": "x"}

    result = manage_py("check", **environment)

    assert_one_line_error(result, "DATABASE_URL holds a password and DATABASE_PASSWORD is set")
    assert "hunter2" not in result.stderr


def test_fallback_keys_are_read_one_per_line_from_a_file(setting, tmp_path):
    (tmp_path / "fallbacks").write_text(OLD_KEY + "\n" + OLD_KEY[::-1] + "\n")
    environment = PRODUCTION_ENVIRONMENT | {"DJANGO_SECRET_KEY_FALLBACKS_FILE": str(tmp_path / "fallbacks")}

    assert setting("settings.SECRET_KEY_FALLBACKS", **environment) == [OLD_KEY, OLD_KEY[::-1]]
