"""Who may see a child beyond the allocation: restricted records and break-glass grants."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguard.people.models import Person


class RestrictedRecord(models.Model):
    """A child's record that only named people may open (e.g. a child related to a member of
    staff). Allocation alone does not give access to it."""

    child = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="restriction")
    reason = models.TextField()
    named_users = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Restricted record {self.child_id}"


class BreakGlassGrant(models.Model):
    """Time-limited access to a record the user would not otherwise see, given for a reason
    the user states. Recorded in the audit trail and alerted to the team manager and auditor."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"], name="break_glass_user_idx")]

    def __str__(self) -> str:
        return f"Break-glass access to {self.child_id} until {self.expires_at:%d %b %Y %H:%M}"


class Alert(models.Model):
    """Something a person must know about, shown when they next sign in (no case content)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    kind = models.CharField(max_length=40)
    message = models.CharField(max_length=300)
    child = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["recipient", "read_at"], name="alert_recipient_idx")]

    def __str__(self) -> str:
        return self.message
