"""Splitting id lists for `IN (...)` filters."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

# Ids per IN (...) list: well under SQLite's limit on bound parameters (32,766), with room
# for the rest of the statement's parameters.
IN_LIST_SIZE = 2000


def in_chunks(ids: Sequence[T], size: int = IN_LIST_SIZE) -> Iterator[Sequence[T]]:
    """`ids` in consecutive slices of at most `size`, for one query each."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
