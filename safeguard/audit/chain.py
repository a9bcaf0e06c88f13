"""The keyed hash chain, as pure functions: what an entry's MAC is, and how a trail is checked.

Each entry's MAC is HMAC-SHA256, under a key held outside the database, of the entry's fields
and the previous entry's MAC. Altering a field breaks that entry's MAC; deleting or inserting
an entry breaks the sequence or the next entry's link; cutting entries off the end leaves the
trail short of the head (and of any checkpoint taken outside the database).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_MAC = "0" * 64

CHAINED_FIELDS = (
    "sequence",
    "at",
    "actor_id",
    "actor_username",
    "action",
    "object_type",
    "object_id",
    "child_id",
    "reason",
    "ip_address",
    "user_agent",
    "details",
    "previous_mac",
)


def _canonical(value: Any) -> Any:
    # In UTC, as the database gives it back, whatever zone the writer used.
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def entry_mac(key: bytes, fields: Mapping[str, Any]) -> str:
    payload = json.dumps(
        {name: _canonical(fields[name]) for name in CHAINED_FIELDS},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    ).encode()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Problem:
    sequence: int
    kind: str  # "altered", "deleted", "inserted", "truncated", "reordered"
    detail: str

    def __str__(self) -> str:
        return f"entry {self.sequence}: {self.kind}: {self.detail}"


def verify(
    key: bytes,
    entries: Iterable[Mapping[str, Any]],
    *,
    head_sequence: int,
    head_mac: str,
    checkpoint_sequence: int | None = None,
    checkpoint_mac: str | None = None,
) -> Iterator[Problem]:
    """Yield every problem found walking the trail in sequence order."""
    expected_sequence = 1
    previous_mac = GENESIS_MAC
    last_sequence = 0
    last_mac = GENESIS_MAC
    checkpoint_seen = False
    for entry in entries:
        sequence = int(entry["sequence"])
        if sequence > expected_sequence:
            missing = (
                f"{expected_sequence}"
                if sequence == expected_sequence + 1
                else f"{expected_sequence} to {sequence - 1}"
            )
            yield Problem(sequence, "deleted", f"entries {missing} are missing before it")
        elif sequence < expected_sequence:
            yield Problem(sequence, "reordered", "sequence number repeats or goes backwards")
        if entry["previous_mac"] != previous_mac:
            yield Problem(
                sequence,
                "inserted" if sequence <= expected_sequence else "deleted",
                "it does not link to the entry before it",
            )
        if not hmac.compare_digest(entry_mac(key, entry), str(entry["mac"])):
            yield Problem(sequence, "altered", "its contents do not match its MAC")
        if sequence == checkpoint_sequence:
            checkpoint_seen = True
            if checkpoint_mac is not None and entry["mac"] != checkpoint_mac:
                yield Problem(sequence, "altered", "it differs from the external checkpoint")
        previous_mac = str(entry["mac"])
        expected_sequence = sequence + 1
        last_sequence, last_mac = sequence, previous_mac
    if last_sequence < head_sequence:
        yield Problem(
            last_sequence,
            "truncated",
            f"the trail ends at entry {last_sequence} but {head_sequence} entries were written",
        )
    elif last_sequence == head_sequence and head_sequence and last_mac != head_mac:
        yield Problem(last_sequence, "altered", "the last entry does not match the recorded head")
    elif last_sequence > head_sequence:
        yield Problem(
            last_sequence,
            "inserted",
            f"entries after {head_sequence} were added outside the service",
        )
    if checkpoint_sequence is not None and not checkpoint_seen:
        yield Problem(
            checkpoint_sequence,
            "truncated" if last_sequence < checkpoint_sequence else "deleted",
            "an external checkpoint recorded this entry, and it is gone",
        )
