"""What a person's tasks need beyond the case record.

Almost every task is read from the record as it stands (`tasks.selectors`), so it clears when
the work is done: a returned assessment when it is sent back, a signal when it is
acknowledged, an authorisation when it is decided. Only two facts cannot be read there:
that a worker has seen a new allocation, and who asked for the email digest.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AllocationSeen(models.Model):
    """A worker acknowledged that a child's case was allocated to them: the allocation leaves
    their "New allocations". One row per person and allocation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    allocation = models.ForeignKey("cases.Allocation", on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = "allocation seen"
        verbose_name_plural = "allocations seen"
        constraints = [
            models.UniqueConstraint(fields=["user", "allocation"], name="allocation_seen_once")
        ]

    def __str__(self) -> str:
        return f"Allocation {self.allocation_id} seen by account {self.user_id}"


class DigestSubscription(models.Model):
    """Someone asked for the daily email of their task counts (`send_task_digests`).
    `last_sent_on` keeps a second run on the same day from sending again."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="task_digest",
    )
    subscribed_at = models.DateTimeField()
    last_sent_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Task digest for account {self.user_id}"
