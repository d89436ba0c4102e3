"""HSTS, as browsers get it: max-age alone by default, and each flag only when asked for."""

import pytest

from tests.conftest import PRODUCTION_ENVIRONMENT


@pytest.fixture
def hsts_header(manage_py):
    """The Strict-Transport-Security header of an HTTPS response, with the settings that
    the environment given makes, in a fresh process."""

    def get(**environment):
        code = "from django.test import Client; "
        code += "response = Client().get('/admin/', secure=True, headers={'host': 'example.com'}); "
        code += "print(response['Strict-Transport-Security'])"
        result = manage_py("shell", "--no-imports", "-c", code, **PRODUCTION_ENVIRONMENT | environment)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    return get


def test_hsts_commits_the_domain_to_nothing_by_default(hsts_header):
    assert hsts_header() == "max-age=3600"


@pytest.mark.parametrize(
    ("variable", "header"),
    [
        ("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", "max-age=3600; includeSubDomains"),
        ("DJANGO_SECURE_HSTS_PRELOAD", "max-age=3600; preload"),
    ],
)
def test_each_hsts_flag_is_sent_when_its_variable_is_on(hsts_header, variable, header):
    assert hsts_header(**{variable: "1"}) == header


def test_the_deploy_check_is_silenced_only_for_a_flag_that_is_off(setting):
    environment = PRODUCTION_ENVIRONMENT | {"DJANGO_SECURE_HSTS_PRELOAD": "1"}

    assert setting("settings.SILENCED_SYSTEM_CHECKS", **PRODUCTION_ENVIRONMENT) == ["security.W005", "security.W021"]
    assert setting("settings.SILENCED_SYSTEM_CHECKS", **environment) == ["security.W005"]
