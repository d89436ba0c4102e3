"""The worker app's configuration."""

from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "worker"
