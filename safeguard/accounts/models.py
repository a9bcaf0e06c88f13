"""What accounts keep beside Django's user: the generation of each account's sessions."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SessionEpoch(models.Model):
    """Which generation of sessions an account is on. A session carries the generation it
    was signed in at; disabling or re-enabling the account moves the generation on, so every
    session signed in before stops at its next request, and re-enabling never revives one.
    No row means generation 0 (an account never disabled)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="session_epoch",
    )
    epoch = models.PositiveIntegerField(default=0)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Sessions of account {self.user_id}: generation {self.epoch}"
