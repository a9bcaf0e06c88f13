"""The keyed hash chains, as pure functions: what an entry's MAC is, and how a trail is checked.

The trail is a few chains side by side (docs/decisions/0008-audit-chains-without-one-lock.md),
so that appends in parallel do not queue behind one lock. Within a chain, each entry's MAC is
HMAC-SHA256, under a key held outside the database, of the entry's fields and the previous
entry's MAC; a chain's first entry links to that chain's genesis, which the key derives from
the chain's number, so an entry (or a whole chain) moved to another chain no longer links.
Altering a field breaks that entry's MAC; deleting or inserting an entry breaks the sequence or
the next entry's link; cutting entries off the end leaves the chain short of its head (and of
any checkpoint taken outside the database).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby
from typing import Any

# Chain 1's genesis: the trail was one chain before there were several, and its entries were
# written linking to this, so it stays.
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


def chain_genesis(key: bytes, chain: int) -> str:
    """What the first entry of `chain` links to: keyed, so no one without the key can start a
    chain, and different for every chain, so a chain cannot be passed off as another."""
    if chain == 1:
        return GENESIS_MAC
    return hmac.new(key, f"safeguard audit chain {chain}".encode(), hashlib.sha256).hexdigest()


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
class Head:
    """Where a chain ends: the last sequence number written on it, and that entry's MAC."""

    sequence: int
    mac: str


@dataclass(frozen=True)
class Problem:
    sequence: int
    kind: str  # "altered", "deleted", "inserted", "truncated", "reordered"
    detail: str
    chain: int = 1

    def __str__(self) -> str:
        return f"chain {self.chain} entry {self.sequence}: {self.kind}: {self.detail}"


def verify(
    key: bytes,
    entries: Iterable[Mapping[str, Any]],
    *,
    head_sequence: int,
    head_mac: str,
    checkpoint_sequence: int | None = None,
    checkpoint_mac: str | None = None,
    chain: int = 1,
) -> Iterator[Problem]:
    """Yield every problem found walking one chain in sequence order."""
    expected_sequence = 1
    previous_mac = chain_genesis(key, chain)
    last_sequence = 0
    last_mac = previous_mac
    checkpoint_seen = False
    for entry in entries:
        sequence = int(entry["sequence"])
        if sequence > expected_sequence:
            missing = (
                f"{expected_sequence}"
                if sequence == expected_sequence + 1
                else f"{expected_sequence} to {sequence - 1}"
            )
            yield Problem(sequence, "deleted", f"entries {missing} are missing before it", chain)
        elif sequence < expected_sequence:
            yield Problem(sequence, "reordered", "sequence number repeats or goes backwards", chain)
        if entry["previous_mac"] != previous_mac:
            yield Problem(
                sequence,
                "inserted" if sequence <= expected_sequence else "deleted",
                "it does not link to the entry before it",
                chain,
            )
        if not hmac.compare_digest(entry_mac(key, entry), str(entry["mac"])):
            yield Problem(sequence, "altered", "its contents do not match its MAC", chain)
        if sequence == checkpoint_sequence:
            checkpoint_seen = True
            if checkpoint_mac is not None and entry["mac"] != checkpoint_mac:
                yield Problem(sequence, "altered", "it differs from the external checkpoint", chain)
        previous_mac = str(entry["mac"])
        expected_sequence = sequence + 1
        last_sequence, last_mac = sequence, previous_mac
    if last_sequence < head_sequence:
        yield Problem(
            last_sequence,
            "truncated",
            f"the chain ends at entry {last_sequence} but {head_sequence} entries were written",
            chain,
        )
    elif last_sequence == head_sequence and head_sequence and last_mac != head_mac:
        yield Problem(
            last_sequence, "altered", "the last entry does not match the recorded head", chain
        )
    elif last_sequence > head_sequence:
        yield Problem(
            last_sequence,
            "inserted",
            f"entries after {head_sequence} were added outside the service",
            chain,
        )
    if checkpoint_sequence and not checkpoint_seen:
        yield Problem(
            checkpoint_sequence,
            "truncated" if last_sequence < checkpoint_sequence else "deleted",
            "an external checkpoint recorded this entry, and it is gone",
            chain,
        )


def verify_chains(
    key: bytes,
    entries: Iterable[Mapping[str, Any]],
    *,
    heads: Mapping[int, Head],
    checkpoint: Mapping[int, Head] | None = None,
) -> Iterator[Problem]:
    """Yield every problem found walking every chain: `entries` in (chain, sequence) order, as
    a stream (one chain's entries at a time, never the whole trail in memory). A chain the heads
    or the checkpoint know of but no entry is on is checked too (cut off entirely); entries on a
    chain with no head were written outside the service."""
    checkpoint = checkpoint or {}
    walked: set[int] = set()
    for chain, on_chain in groupby(entries, key=lambda entry: int(entry["chain"])):
        walked.add(chain)
        yield from _verify_one(key, chain, on_chain, heads, checkpoint)
    for chain in sorted((set(heads) | set(checkpoint)) - walked):
        yield from _verify_one(key, chain, (), heads, checkpoint)


def _verify_one(
    key: bytes,
    chain: int,
    entries: Iterable[Mapping[str, Any]],
    heads: Mapping[int, Head],
    checkpoint: Mapping[int, Head],
) -> Iterator[Problem]:
    head = heads.get(chain, Head(0, ""))
    mark = checkpoint.get(chain)
    return verify(
        key,
        entries,
        head_sequence=head.sequence,
        head_mac=head.mac,
        checkpoint_sequence=mark.sequence if mark else None,
        checkpoint_mac=mark.mac if mark else None,
        chain=chain,
    )
