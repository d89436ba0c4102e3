"""Secrets from files: NAME_FILE instead of NAME, as Docker and Compose secrets give them."""

from tests.conftest import PRODUCTION_ENVIRONMENT, assert_one_line_error, production_environment_without

KEY = "a-key-read-from-a-file-that-is-long-and-random-enough-Qm8Zt2Rv6Wx4Ky9Pb3"
OLD_KEY = "an-older-key-still-accepted-for-what-it-signed-Lr5Nc8Vd2Hs7Gf4Jw1Xe6"


def test_the_secret_key_is_read_from_a_file_without_its_trailing_newline(setting, tmp_path):
    (tmp_path / "key").write_text(KEY + "\n")
    environment = production_environment_without("DJANGO_SECRET_KEY") | {
        "DJANGO_SECRET_KEY_FILE": str(tmp_path / "key")
    }

    assert setting("settings.SECRET_KEY", **environment) == KEY


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


def test_the_database_password_comes_apart_from_the_url(setting, tmp_path):
    (tmp_path / "password").write_text("s3cret\n")
    environment = PRODUCTION_ENVIRONMENT | {
        "DATABASE_URL": "postgres://web@db:5432/app",
        "DATABASE_PASSWORD_FILE": str(tmp_path / "password"),
    }

    database = setting("settings.DATABASES['default']", **environment)

    assert (database["USER"], database["PASSWORD"], database["HOST"]) == ("web", "s3cret", "db")


def test_a_password_in_both_the_url_and_its_own_variable_is_refused(manage_py):
    environment = PRODUCTION_ENVIRONMENT | {"DATABASE_URL": "postgres://web:hunter2@db/app", "DATABASE_PASSWORD": "x"}

    result = manage_py("check", **environment)

    assert_one_line_error(result, "DATABASE_URL holds a password and DATABASE_PASSWORD is set")
    assert "hunter2" not in result.stderr


def test_fallback_keys_are_read_one_per_line_from_a_file(setting, tmp_path):
    (tmp_path / "fallbacks").write_text(OLD_KEY + "\n" + OLD_KEY[::-1] + "\n")
    environment = PRODUCTION_ENVIRONMENT | {"DJANGO_SECRET_KEY_FALLBACKS_FILE": str(tmp_path / "fallbacks")}

    assert setting("settings.SECRET_KEY_FALLBACKS", **environment) == [OLD_KEY, OLD_KEY[::-1]]
