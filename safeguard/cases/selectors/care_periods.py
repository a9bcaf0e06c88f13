"""The child's periods of care and their SSDA903 episodes, read at most once for a request.

The apps that add to the record through `cases.extensions` (care, care leavers, permanence)
each start from the child's periods of care, and most children on a caseload have never been
looked after. The record hands every source the same `Person`, so the periods (and episodes)
are kept on that object: the record's own read fills them (`care_periods_known`), so the
sources ask no query to learn whether the child was ever looked after, and a source called
with a child the record did not read reads them once, compiled (`common.compiled`).

Kept on the object, not across requests: each request finds its own `Person`. A caller that
changes a child's periods and reads them again in the same request must use a fresh object.

`child_rows` reads a table about the child (every model with a `child` foreign key) with one
statement compiled once, so that the sources' reads cost no ORM compiling on each request.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models
from django.db.models import Model, QuerySet

from safeguard.common.compiled import RunParam, values_rows
from safeguard.people.models import Person

from ..models import LookedAfterPeriod, Placement

__all__ = [
    "care_period_latest_of",
    "care_periods_known",
    "care_periods_of",
    "child_rows",
    "placements_of",
]

M = TypeVar("M", bound=Model)

_PERIODS = "_care_periods_of_child"
_PLACEMENTS = "_placements_of_child"


def child_rows(model: type[M], child: Person, *, order_by: tuple[str, ...] = ()) -> list[M]:
    """The child's rows of `model` (one with a `child` foreign key), every column but the
    timestamps, in `order_by`'s order (then by id): one query, compiled once per model and
    order."""
    columns = tuple(
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in ("created_at", "updated_at")
    )

    def build() -> QuerySet[Any]:
        return (
            model._default_manager.filter(child_id=RunParam("child", models.IntegerField()))
            .order_by(*order_by, "pk")
            .values(*columns)
        )

    key = ("child_rows", model._meta.label, order_by)
    rows = values_rows(key, build, params={"child": child.pk})
    alias, names = model._default_manager.db, list(columns)
    return [model.from_db(alias, names, [row[c] for c in columns]) for row in rows]


def _by_start(rows: Iterable[M]) -> list[M]:
    return sorted(rows, key=lambda row: (row.start_date, row.pk))  # type: ignore[attr-defined]


def care_periods_known(
    child: Person, periods: Iterable[LookedAfterPeriod], placements: Iterable[Placement]
) -> None:
    """Keep on `child` the periods of care and episodes a caller has just read (all of the
    child's), so that the sources given this object read neither again."""
    setattr(child, _PERIODS, _by_start(periods))
    setattr(child, _PLACEMENTS, _by_start(placements))


def care_periods_of(child: Person) -> list[LookedAfterPeriod]:
    """The child's periods of care, oldest first: one query the first time it is asked of
    this object (none if the record has read them)."""
    found: list[LookedAfterPeriod] | None = child.__dict__.get(_PERIODS)
    if found is None:
        found = child_rows(LookedAfterPeriod, child, order_by=("start_date",))
        setattr(child, _PERIODS, found)
    return found


def care_period_latest_of(child: Person) -> LookedAfterPeriod | None:
    """The child's latest period of care, if they have ever been looked after."""
    periods = care_periods_of(child)
    return periods[-1] if periods else None


def placements_of(child: Person) -> list[Placement]:
    """The child's SSDA903 episodes, oldest first: none read for a child never looked after
    (every episode belongs to a period of care), else one query the first time it is asked of
    this object (none if the record has read them)."""
    found: list[Placement] | None = child.__dict__.get(_PLACEMENTS)
    if found is None:
        found = (
            child_rows(Placement, child, order_by=("start_date",)) if care_periods_of(child) else []
        )
        setattr(child, _PLACEMENTS, found)
    return found
