"""The audit trail: append-only, in a few chains side by side, each numbered without gaps and
chained with a keyed HMAC (docs/decisions/0008-audit-chains-without-one-lock.md).

Records who did what to which record, when, why and from where. It records; it never
decides, and it imports no app it records (objects are named by type and id, not by foreign
key, so deleting a record or an account never deletes its history).
"""

from django.db import models


class Action(models.TextChoices):
    READ = "read", "Read"
    SEARCH = "search", "Search"
    EXPORT = "export", "Export"
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    DELETE = "delete", "Delete"
    BREAK_GLASS = "break_glass", "Break-glass access"
    SIGN_IN = "sign_in", "Sign in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    SIGN_OUT = "sign_out", "Sign out"
    # Something asked for and not given: a record outside need to know (404), a role without
    # the permission (403), a lockout, a partner API call turned away (400/413/429/500).
    REFUSED = "refused", "Refused"


class AuditEntry(models.Model):
    # The entry's place: its chain, and its number on that chain (1, 2, 3... without gaps).
    # The id orders the whole trail (newest last) across chains.
    chain = models.PositiveSmallIntegerField(default=1, editable=False)
    sequence = models.BigIntegerField(editable=False)
    at = models.DateTimeField(db_index=True, editable=False)
    actor_id = models.BigIntegerField(null=True, blank=True, editable=False)
    actor_username = models.CharField(max_length=150, blank=True, editable=False)
    action = models.CharField(max_length=20, choices=Action.choices, editable=False)
    object_type = models.CharField(max_length=60, blank=True, editable=False)
    object_id = models.CharField(max_length=40, blank=True, editable=False)
    # The child the entry is about, so "who has looked at this child" is one index probe.
    child_id = models.BigIntegerField(null=True, blank=True, editable=False)
    reason = models.TextField(blank=True, editable=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True, editable=False)
    user_agent = models.CharField(max_length=300, blank=True, editable=False)
    details = models.JSONField(default=dict, blank=True, editable=False)
    previous_mac = models.CharField(max_length=64, editable=False)
    mac = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name_plural = "audit entries"
        ordering = ["id"]
        constraints = [
            # Two appends can never fork a chain: the second one's number is already taken.
            models.UniqueConstraint(fields=["chain", "sequence"], name="audit_chain_sequence"),
        ]
        indexes = [
            models.Index(fields=["child_id", "at"], name="audit_child_idx"),
            models.Index(fields=["actor_id", "at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.chain}.{self.sequence} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """One chain's latest sequence and MAC, a row per chain (its id is the chain's number). An
    append locks a head no one else holds, so each chain is built one entry at a time while
    other chains take other appends; verify_audit checks each chain reaches its head."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    sequence = models.BigIntegerField(default=0)
    mac = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"audit chain {self.id} at #{self.sequence}"
