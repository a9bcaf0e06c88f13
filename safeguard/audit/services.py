"""Writing to the audit trail. Every read of a child record, search, export and write calls
`audit_record` (or `audit_append` for many at once), which chains each entry to the last entry
of a chain no one else is appending to (docs/decisions/0008-audit-chains-without-one-lock.md).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Case, Value, When
from django.db.models.functions import Random
from django.http import HttpRequest
from django.utils import timezone

from safeguard.common.types import AnyUser

from .chain import chain_genesis, entry_mac
from .context import current_request
from .models import Action, AuditEntry, AuditHead

# A list entry names at most this many children by id; its count is always exact.
LIST_CHILD_IDS_KEPT = 500

# How many chains appends may spread over on PostgreSQL: more than the requests one machine
# serves at once (gunicorn's 3 workers x 4 threads, and the job worker), so an append finds a
# free chain rather than waiting. The first append made on an empty trail makes them all; more
# chains cost verify_audit nothing (it reads each entry once whatever the chains).
AUDIT_CHAINS = 16

# The lock a read-then-append holds (audit_lock): any number no other advisory lock uses.
READ_THEN_APPEND_LOCK = 0x5AFE_A0D1


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


def _chains_possible() -> int:
    # SQLite lets one transaction write at a time (IMMEDIATE: from its start), so appends queue
    # for the database whatever the chains, and one chain is all it ever needs.
    return AUDIT_CHAINS if connection.features.has_select_for_update_skip_locked else 1


def _chain_head_locked(own: _OwnHead | None = None) -> AuditHead:
    """Lock the head of a chain no other transaction is appending to, and return it.

    The lowest-numbered free head, skipping those held (FOR UPDATE SKIP LOCKED): a head this
    transaction already holds is not skipped, so its later appends never wait. Only when every
    chain is held by another transaction does an append wait, for one of them.

    For a thread that has a chain of its own (`own`, PostgreSQL: `_append_on_own_chain`), that
    chain if it is free, otherwise a free one at random; and a free one at random if another
    thread has been appending to its chain (`own.shared`), so that threads that met on a chain
    part rather than keep meeting."""
    if own is None:
        order: list[Any] = ["id"]
    elif own.shared:
        order = [Random()]
    else:
        order = [Case(When(id=own.chain, then=Value(0)), default=Value(1)), Random()]
    free = AuditHead.objects.select_for_update(skip_locked=True).order_by(*order)
    head = free.first()
    if head is not None:
        return head
    # None free: the first entry ever, or every chain made so far is busy. Make the missing
    # chains (another transaction making them at the same moment is no conflict), then ask again.
    chains = _chains_possible()
    AuditHead.objects.bulk_create(
        [AuditHead(id=chain) for chain in range(1, chains + 1)], ignore_conflicts=True
    )
    head = free.first()
    if head is not None:
        return head
    # Spread the waiters over the chains rather than queue them all on one.
    return AuditHead.objects.select_for_update().get(id=random.randint(1, chains))


def _chained(
    key: bytes, records: Sequence[AuditRecord], chain: int, sequence: int, previous: str
) -> list[dict[str, Any]]:
    """The entries' fields, numbered on from `sequence` and each chained to the one before,
    the first to `previous` (the chain's last MAC)."""
    now = timezone.now()
    entries = []
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
        entries.append({**fields, "chain": chain, "mac": previous})
    return entries


# --- Appending on a thread's own chain, in one statement (PostgreSQL) -------------------------
#
# Each thread remembers the head it last wrote (its chain, number and MAC). Its next append is
# one statement: lock that head if no one else holds it and it is still exactly as remembered
# (no one has appended to the chain since), move it on, and insert the entries chained to it.
# A read's entry is then one round trip with no transaction around it, instead of five (begin,
# lock a head, insert, update the head, commit). The statement is atomic, so the entries and
# the head move together or not at all, as in a transaction; a head held by another
# transaction is skipped, never waited for. If anything differs (another thread appended to
# the chain, or this thread's own transaction rolled back after its last append), nothing is
# written and the append takes the usual way below, which then picks a free chain at random,
# so that threads that met on a chain part. Once settled, each thread appends to a chain no
# other thread writes on.

# At most this many entries go in the one statement; a larger batch takes the usual way.
OWN_CHAIN_MOST = 50

_threads = threading.local()


@dataclass(frozen=True)
class _OwnHead:
    """The head a thread last wrote: its chain, number and MAC; and whether another thread has
    been appending to that chain too."""

    chain: int
    sequence: int
    mac: str
    shared: bool = False


def _own_head() -> _OwnHead | None:
    head: _OwnHead | None = getattr(_threads, "head", None)
    return head


def _own_head_keep(head: _OwnHead | None) -> None:
    _threads.head = head


def own_chain_forget() -> None:
    """Forget this thread's own chain, so its next append finds a head the usual way (tests:
    the database the thread last appended to was rolled back under it)."""
    _own_head_keep(None)


def _can_append_in_one_statement() -> bool:
    # Data-modifying WITH and FOR UPDATE SKIP LOCKED: PostgreSQL (SQLite has neither).
    return connection.vendor == "postgresql"


@cache
def _entry_columns() -> tuple[tuple[models.Field[Any, Any], str], ...]:
    """AuditEntry's columns as the statement writes them, each with the type its value is
    cast to (text for the character columns: a length is checked by the column, as an insert
    checks it, never cut by a cast)."""
    columns = []
    for model_field in AuditEntry._meta.concrete_fields:
        if model_field.primary_key:
            continue
        if isinstance(model_field, models.CharField | models.TextField):
            cast = "text"
        else:
            cast = str(model_field.db_type(connection))
        columns.append((model_field, cast))
    return tuple(columns)


@cache
def _own_chain_sql(count: int) -> str:
    """The one statement that appends `count` entries on a thread's own chain: the same text
    for every append of that many, so it is written once (and PostgreSQL keeps it prepared)."""
    columns = _entry_columns()
    quote = connection.ops.quote_name
    row = "(" + ", ".join(f"%s::{cast}" for _, cast in columns) + ")"
    names = ", ".join(quote(str(model_field.column)) for model_field, _ in columns)
    head_table, entry_table = quote(AuditHead._meta.db_table), quote(AuditEntry._meta.db_table)
    # Table and column names from the models' metadata; every value a bound parameter.
    return (
        f"WITH held AS (SELECT id FROM {head_table}"  # noqa: S608
        " WHERE id = %s AND sequence = %s AND mac = %s FOR UPDATE SKIP LOCKED),"
        f" moved AS (UPDATE {head_table} AS head SET sequence = %s, mac = %s"
        " FROM held WHERE head.id = held.id RETURNING head.id)"
        f" INSERT INTO {entry_table} ({names})"
        f" SELECT * FROM (VALUES {', '.join([row] * count)}) AS entry ({names})"
        " WHERE EXISTS (SELECT 1 FROM moved)"
    )


def _append_on_own_chain(key: bytes, records: Sequence[AuditRecord]) -> int | None:
    """Append on this thread's own chain in one statement; the last sequence written, or None
    if nothing was written (no own chain, or it is not as this thread left it)."""
    own = _own_head()
    if own is None or not records or len(records) > OWN_CHAIN_MOST:
        return None
    entries = _chained(
        key, records, own.chain, own.sequence, own.mac or chain_genesis(key, own.chain)
    )
    last = entries[-1]
    columns = _entry_columns()
    sql = _own_chain_sql(len(entries))
    params: list[Any] = [own.chain, own.sequence, own.mac, last["sequence"], last["mac"]]
    for entry in entries:
        params.extend(
            model_field.get_db_prep_save(entry[model_field.attname], connection)
            for model_field, _ in columns
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        written = cursor.rowcount
    if written != len(entries):
        return None
    _own_head_keep(_OwnHead(own.chain, last["sequence"], last["mac"]))
    return int(last["sequence"])


def audit_append(records: Sequence[AuditRecord], *, batch_size: int = 2000) -> int:
    """Append entries in order to one chain, in the caller's transaction (or a new one).

    The chain's head is locked until that transaction ends, so two appends never fork a chain,
    and a write's entries commit (or roll back) with the write. Other transactions meanwhile
    append to other chains rather than queue. Returns the last sequence number written on the
    chain.
    """
    key = audit_key()
    one_statement = _can_append_in_one_statement()
    if one_statement:
        written = _append_on_own_chain(key, records)
        if written is not None:
            return written
    own = _own_head() if one_statement else None
    with transaction.atomic():
        head = _chain_head_locked(own)
        previous_sequence = head.sequence
        entries = _chained(
            key, records, head.id, head.sequence, head.mac or chain_genesis(key, head.id)
        )
        for start in range(0, len(entries), batch_size):
            AuditEntry.objects.bulk_create(
                [AuditEntry(**fields) for fields in entries[start : start + batch_size]]
            )
        if entries:
            head.sequence, head.mac = entries[-1]["sequence"], entries[-1]["mac"]
            head.save(update_fields=["sequence", "mac"])
        if one_statement:
            # Further on than this thread left it: another thread has been appending here.
            shared = own is not None and own.chain == head.id and previous_sequence > own.sequence
            _own_head_keep(_OwnHead(head.id, head.sequence, head.mac, shared))
        return int(head.sequence)


def audit_record(
    *,
    action: str,
    actor: AnyUser | None = None,
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
    signed_in = actor if actor is not None and actor.is_authenticated else None
    audit_append(
        [
            AuditRecord(
                action=action,
                actor_id=signed_in.pk if signed_in else None,
                actor_username=signed_in.get_username() if signed_in else "",
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
    actor: AnyUser,
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
    actor: AnyUser,
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
    """Hold one lock for a read-then-append (counting someone's recent refusals before
    recording one), so that such requests queue and each counts the others' entries. Until
    the transaction ends; it is not a chain's lock, so other appends go on meanwhile."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [READ_THEN_APPEND_LOCK])
        # SQLite: the IMMEDIATE transaction already holds the database's one write lock.
        yield
