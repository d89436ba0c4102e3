"""The project's own user model, and the admin that manages it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_project_uses_its_own_user_model():
    assert get_user_model() is User
    assert User._meta.db_table == "accounts_user"


def test_create_user_stores_a_hashed_password():
    user = User.objects.create_user(username="ada", email="ada@example.com", password="analytical-engine")

    assert user.password != "analytical-engine"
    assert user.check_password("analytical-engine")
    assert not user.is_staff


def test_superuser_can_log_in_to_the_admin(client):
    User.objects.create_superuser(username="admin", email="admin@example.com", password="a-long-admin-password")

    response = client.post(
        reverse("admin:login"),
        {"username": "admin", "password": "a-long-admin-password", "next": reverse("admin:index")},
    )

    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_users_are_listed_in_the_admin(admin_client):
    User.objects.create_user(username="grace", password="compiler-pioneer")

    response = admin_client.get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 200
    assert "grace" in response.text
