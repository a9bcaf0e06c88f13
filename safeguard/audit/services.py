"""Writing to the audit trail. Every read of a child record, search, export and write calls
`audit_record` (or `audit_append` for many at once), which chains each entry to the last."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .chain import GENESIS_MAC, entry_mac
from .context import current_request
from .models import Action, AuditEntry, AuditHead

# A list entry names at most this many children by id; its count is always exact.
LIST_CHILD_IDS_KEPT = 500


@dataclass(frozen=True)
class AuditRecord:
    action: str
    actor_id: int | None = None
    actor_username: str = ""
    object_type: str = ""
    object_id: str = ""
    child_id: int | None = None
    reason: str = ""
    ip_address: str | None = None
    user_agent: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    at: datetime | None = None


def audit_key() -> bytes:
    key = settings.SAFEGUARD_AUDIT_KEY
    return key.encode() if isinstance(key, str) else bytes(key)


def request_origin(request: HttpRequest | None) -> dict[str, Any]:
    """Where a request came from: the client address and user agent."""
    if request is None:
        return {"ip_address": None, "user_agent": ""}
    return {
        "ip_address": request.META.get("REMOTE_ADDR") or None,
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
    }


def audit_append(records: Sequence[AuditRecord], *, batch_size: int = 2000) -> int:
    """Append entries to the chain in order, in the caller's transaction (or a new one).

    The head row is locked for the duration, so concurrent appends queue rather than fork
    the chain. Returns the last sequence number written.
    """
    key = audit_key()
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        sequence, previous = head.sequence, head.mac or GENESIS_MAC
        batch: list[AuditEntry] = []
        now = timezone.now()
        for record in records:
            sequence += 1
            fields = {
                "sequence": sequence,
                "at": record.at or now,
                "actor_id": record.actor_id,
                "actor_username": record.actor_username,
                "action": record.action,
                "object_type": record.object_type,
                "object_id": record.object_id,
                "child_id": record.child_id,
                "reason": record.reason,
                "ip_address": record.ip_address,
                "user_agent": record.user_agent,
                "details": record.details,
                "previous_mac": previous,
            }
            previous = entry_mac(key, fields)
            batch.append(AuditEntry(**fields, mac=previous))
            if len(batch) >= batch_size:
                AuditEntry.objects.bulk_create(batch)
                batch = []
        if batch:
            AuditEntry.objects.bulk_create(batch)
        head.sequence, head.mac = sequence, previous
        head.save(update_fields=["sequence", "mac"])
        return sequence


def audit_record(
    *,
    action: str,
    actor: Any = None,
    request: HttpRequest | None = None,
    object_type: str = "",
    object_id: object = "",
    child_id: int | None = None,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    """Record one action by `actor` (a user, or None for the system). Without an actor or a
    request, the current request's user and origin are used (see audit.context)."""
    if actor is None and request is None:
        request = current_request()
        actor = getattr(request, "user", None)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    audit_append(
        [
            AuditRecord(
                action=action,
                actor_id=actor.pk if authenticated else None,
                actor_username=actor.get_username() if authenticated else "",
                object_type=object_type,
                object_id=str(object_id),
                child_id=child_id,
                reason=reason,
                details=details or {},
                **request_origin(request),
            )
        ]
    )


def audit_child_read(
    *,
    actor: Any,
    child_id: int,
    request: HttpRequest | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """A read of a child's record (the record page, or a form that shows who the child is):
    one entry, so "who has looked at this child" is one index probe."""
    audit_record(
        action=Action.READ,
        actor=actor,
        request=request,
        object_type="people.person",
        object_id=child_id,
        child_id=child_id,
        details=details,
    )


def audit_list(
    *,
    actor: Any,
    request: HttpRequest | None,
    name: str,
    child_ids: Iterable[int],
    object_type: str = "",
    object_id: object = "",
    details: dict[str, Any] | None = None,
) -> None:
    """Record that a page listed children (a caseload, a team's figure, signals): one search
    entry naming the list, how many children it showed and their ids, never their names.
    One entry, not one per child, so a list costs the same few queries however long it is."""
    ids = sorted({int(child_id) for child_id in child_ids})
    audit_record(
        action=Action.SEARCH,
        actor=actor,
        request=request,
        object_type=object_type,
        object_id=object_id,
        details={
            "list": name,
            **(details or {}),
            "children": len(ids),
            "child_ids": ids[:LIST_CHILD_IDS_KEPT],
        },
    )


@contextmanager
def audit_lock() -> Iterator[None]:
    """Hold the chain's head for a read-then-append (counting someone's recent refusals before
    recording one), so that concurrent requests queue and each counts the others' entries."""
    with transaction.atomic():
        AuditHead.objects.select_for_update().get_or_create(id=1)
        yield
