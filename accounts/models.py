"""The project's user model."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The project's user. It starts as Django's own; add fields here, not in a profile table.

    https://docs.djangoproject.com/en/6.1/topics/auth/customizing/#using-a-custom-user-model-when-starting-a-project
    """
