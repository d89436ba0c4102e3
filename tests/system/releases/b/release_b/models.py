"""Release B's one table."""

from django.db import models


class Visit(models.Model):
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"a visit at {self.at}"
