"""One `reverse()` for a list of rows rather than one a row.

A table that links each row to its own page (a child's record, a signal) spent a third of its
rendering reversing the same URL pattern with a different id. The id is the only part of the
path that changes, so the path is reversed once with a placeholder and the row's value put in
its place. Built per call, not per process: the script prefix can differ between requests.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

__all__ = ["path_for_each"]

# Stands for the last argument in the reversed path: no row has it as an id, and it matches
# both the `int` and the `slug` path converters.
_SLOT = "987654321987"


def path_for_each(name: str, *args: int | str) -> Callable[[int | str], str]:
    """The path of the URL `name` for any last argument, the ones before it fixed: `path_for_each
    ("cases:child_record")(42)` is `reverse("cases:child_record", args=[42])`, and
    `path_for_each("cases:team_measure", 3)("caseload")` is `reverse("cases:team_measure",
    args=[3, "caseload"])`."""
    before, slot, after = reverse(name, args=[*args, _SLOT]).rpartition(_SLOT)
    if not slot:  # pragma: no cover - a URL that does not print its last argument
        return lambda last: reverse(name, args=[*args, last])
    return lambda last: f"{before}{last}{after}"
