"""One `reverse()` for a list of rows rather than one a row.

A table that links each row to its own page (a child's record, a signal) spent a third of its
rendering reversing the same URL pattern with a different id. The id is the only part of the
path that changes, so the path is reversed once with a placeholder id and the row's id put in
its place. Built per call, not per process: the script prefix can differ between requests.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

__all__ = ["path_for_each"]

# An id no row has, standing for the id in the reversed path.
_ID_SLOT = 987654321987


def path_for_each(name: str) -> Callable[[int], str]:
    """The path of the URL `name` (taking one integer id) for any id: `path_for_each(
    "cases:child_record")(42)` is `reverse("cases:child_record", args=[42])`."""
    before, slot, after = reverse(name, args=[_ID_SLOT]).rpartition(str(_ID_SLOT))
    if not slot:  # pragma: no cover - a URL that does not print its id
        return lambda pk: reverse(name, args=[pk])
    return lambda pk: f"{before}{pk}{after}"
