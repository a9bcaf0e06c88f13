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

`care_rows` reads every table the care apps register about a looked-after child
(`register_care_tables`: health, missing episodes, education, leaving care, permanence) in one
statement, once for the object, the first time a source asks for any of them: a looked-after
child's sections and clocks then cost one query between them, not one a table.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import Model, QuerySet

from safeguard.common.compiled import RunParam, values_rows
from safeguard.people.models import Person

from ..models import LookedAfterPeriod, Placement

if TYPE_CHECKING:
    from .record import Table

__all__ = [
    "care_period_latest_of",
    "care_periods_known",
    "care_periods_of",
    "care_rows",
    "child_rows",
    "placements_of",
    "register_care_tables",
    "row_fields",
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


# --- The care apps' tables about a looked-after child ------------------------------------------

_CARE_ROWS = "_care_rows_of_child"
_care_tables: dict[str, Table] = {}


def row_fields(model: type[Model]) -> tuple[str, ...]:
    """Every field of `model` but its id and timestamps: what `child_rows` reads."""
    return tuple(
        f.name
        for f in model._meta.concrete_fields
        if f.name not in ("id", "created_at", "updated_at")
    )


def register_care_tables(*tables: Table) -> None:
    """Read these tables (`record.Table`: each a name, a model, its fields and which rows,
    the child being the parameter `child`) with the other care apps' in `care_rows`' one
    statement. A table registered again under its name replaces the old one."""
    for table in tables:
        _care_tables[table.name] = table


def care_rows(child: Person, name: str, *, order_by: tuple[str, ...] = ()) -> list[Any]:
    """The child's rows of the registered table `name`, in `order_by`'s order (then by id),
    with the fields registered (others deferred, as `child_rows` leaves the timestamps).
    Every registered table is read in one statement the first time any is asked of this
    object; nothing for a child never looked after, who has no rows in them (each belongs to
    a period of care). Kept on the object as the periods are: a caller that records one of
    these rows and reads them again in the same request must use a fresh object."""
    found: dict[str, list[Any]] | None = child.__dict__.get(_CARE_ROWS)
    if found is None:
        tables = tuple(_care_tables.values())
        if care_periods_of(child):
            # Imported here: the record's module imports this one.
            from .record import rows_together

            found = rows_together(tables, {"child": child.pk})
        else:
            found = {table.name: [] for table in tables}
        setattr(child, _CARE_ROWS, found)
    rows = found[name]
    return sorted(rows, key=attrgetter(*order_by, "pk")) if rows else []
