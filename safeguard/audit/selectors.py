"""Reads of the audit trail, for auditors and for verify_audit."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .chain import CHAINED_FIELDS, Problem, verify
from .models import Action, AuditEntry, AuditHead
from .services import audit_key


def audit_entries_for_child(*, child_id: int) -> QuerySet[AuditEntry]:
    """Who has looked at or changed this child's record, and why: newest first."""
    return AuditEntry.objects.filter(child_id=child_id).order_by("-sequence")


def audit_entries_by_actor(*, actor_id: int) -> QuerySet[AuditEntry]:
    """What this user has looked at or changed: newest first."""
    return AuditEntry.objects.filter(actor_id=actor_id).order_by("-sequence")


def _start_of(day: date) -> datetime:
    # A day is the auditor's day in the UK, whatever the server's clock says.
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_entries_search(
    *,
    child_id: int | None = None,
    account: dict[str, Any] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    action: str = "",
    upto: int | None = None,
) -> QuerySet[AuditEntry]:
    """The entries matching an auditor's search, newest first: about a child, by an account
    (by id, or by the username the trail kept for an account since deleted), from and to a
    day (both included), of one kind of action, and written no later than entry `upto`."""
    entries = AuditEntry.objects.all()
    if child_id is not None:
        entries = entries.filter(child_id=child_id)
    if account is not None:
        entries = (
            entries.filter(actor_id=account["id"])
            if account["id"] is not None
            else entries.filter(actor_username=account["username"])
        )
    if date_from is not None:
        entries = entries.filter(at__gte=_start_of(date_from))
    if date_to is not None:
        entries = entries.filter(at__lt=_start_of(date_to + timedelta(days=1)))
    if action:
        entries = entries.filter(action=action)
    if upto is not None:
        entries = entries.filter(sequence__lte=upto)
    return entries.order_by("-sequence")


@dataclass(frozen=True)
class RecentRefusals:
    count: int
    # Whether one of them already started a burst (and so alerted the auditors).
    burst_marked: bool


def refusals_recent(*, actor_id: int, since: datetime) -> RecentRefusals:
    """How often this user has been refused since `since`, in one query on the actor index."""
    totals = AuditEntry.objects.filter(
        actor_id=actor_id, at__gte=since, action=Action.REFUSED
    ).aggregate(count=Count("pk"), marked=Count("pk", filter=Q(details__burst=True)))
    return RecentRefusals(count=totals["count"], burst_marked=bool(totals["marked"]))


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
