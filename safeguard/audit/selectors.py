"""Reads of the audit trail, for auditors and for verify_audit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from .chain import CHAINED_FIELDS, Head, Problem, verify_chains
from .models import Action, AuditEntry, AuditHead
from .services import audit_key

# Entries fetched from the database at a time while verifying: the trail is streamed, never
# held whole, so millions of entries take the memory of a few thousand.
VERIFY_CHUNK = 5000


def audit_entries_for_child(*, child_id: int) -> QuerySet[AuditEntry]:
    """Who has looked at or changed this child's record, and why: newest first."""
    return AuditEntry.objects.filter(child_id=child_id).order_by("-id")


def audit_entries_by_actor(*, actor_id: int) -> QuerySet[AuditEntry]:
    """What this user has looked at or changed: newest first."""
    return AuditEntry.objects.filter(actor_id=actor_id).order_by("-id")


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
    day (both included), of one kind of action, and written no later than entry `upto` (by
    id, the order of the whole trail)."""
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
        entries = entries.filter(id__lte=upto)
    return entries.order_by("-id")


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


def audit_entry_latest_id() -> int:
    """The newest entry's id (0 for an empty trail): where an auditor's search pins the trail,
    so its pages stay still while entries are added."""
    return AuditEntry.objects.aggregate(latest=Max("id"))["latest"] or 0


def audit_heads() -> dict[int, Head]:
    """Where each chain ends, by chain number."""
    return {
        chain: Head(sequence, mac)
        for chain, sequence, mac in AuditHead.objects.values_list("id", "sequence", "mac")
    }


@contextmanager
def _one_snapshot() -> Iterator[None]:
    # PostgreSQL: a read-only REPEATABLE READ transaction sees one moment throughout, however
    # long the walk, and blocks no one. Inside a caller's transaction (a test), that one is
    # used as it is. SQLite: a verify started outside a transaction reads the trail as it
    # stands (a transaction there would take the database's one write lock for the walk).
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
    else:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield


def audit_problems(*, checkpoint: dict[int, Head] | None = None) -> Iterator[Problem]:
    """Every problem in the trail, walking each chain in order against its head (and against
    an external checkpoint of the heads, if given), a chunk of entries at a time.

    The heads and the entries are read in one snapshot (below), so appends made while the
    trail is verified are neither "added outside the service" nor missing."""
    with _one_snapshot():
        heads = audit_heads()
        rows: Iterator[dict[str, Any]] = (
            AuditEntry.objects.order_by("chain", "sequence")
            .values("chain", *CHAINED_FIELDS, "mac")
            .iterator(chunk_size=VERIFY_CHUNK)
        )
        yield from verify_chains(audit_key(), rows, heads=heads, checkpoint=checkpoint)
