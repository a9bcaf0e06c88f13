"""Reads of the audit trail, for auditors and for verify_audit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from .chain import CHAINED_FIELDS, Problem, verify
from .models import AuditEntry, AuditHead
from .services import audit_key


def audit_entries_for_child(*, child_id: int) -> QuerySet[AuditEntry]:
    """Who has looked at or changed this child's record, and why: newest first."""
    return AuditEntry.objects.filter(child_id=child_id).order_by("-sequence")


def audit_entries_by_actor(*, actor_id: int) -> QuerySet[AuditEntry]:
    """What this user has looked at or changed: newest first."""
    return AuditEntry.objects.filter(actor_id=actor_id).order_by("-sequence")


def audit_problems(
    *, checkpoint_sequence: int | None = None, checkpoint_mac: str | None = None
) -> Iterator[Problem]:
    head = AuditHead.objects.filter(id=1).first()
    rows: Iterator[dict[str, Any]] = (
        AuditEntry.objects.order_by("sequence")
        .values(*CHAINED_FIELDS, "mac")
        .iterator(chunk_size=5000)
    )
    return verify(
        audit_key(),
        rows,
        head_sequence=head.sequence if head else 0,
        head_mac=head.mac if head else "",
        checkpoint_sequence=checkpoint_sequence,
        checkpoint_mac=checkpoint_mac,
    )
