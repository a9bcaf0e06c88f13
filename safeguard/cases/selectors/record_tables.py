"""Other apps' tables about the child, read with the record's own in its one statement.

The record reads its tables in one UNION ALL (`record.rows_together`): a page's many small
reads cost more in sending and answering each than in the reading. Apps that add a panel or a
chronology source through `cases.extensions` (supervision, family help, proceedings, case
audits) register the tables those read (`register_record_tables`, at import of their
selectors), and the record reads them in the same statement and keeps them on the child
(`record_tables_known`). The sources then ask `record_rows(child, name)`: no query on the
record, where most children have none of these rows; one statement for all of them if the
object was not read by the record (a source called on its own).

A registered table's rows are about the child only (its `where` or `ids_from` take the
parameter `child`, never the reader): need to know is the caller's, as for every source.

Kept on the object, not across requests, as `care_periods` keeps the periods: a caller that
records one of these rows and reads them again in the same request must use a fresh object.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any

from safeguard.people.models import Person

if TYPE_CHECKING:
    from .record import Table

__all__ = [
    "record_rows",
    "record_tables_known",
    "register_record_tables",
    "registered_record_tables",
]

_ROWS = "_record_table_rows"
_tables: dict[str, Table] = {}


def register_record_tables(*tables: Table) -> None:
    """Read these tables (`record.Table`) with the record's own. A table registered again
    under its name replaces the old one; a name the record's own tables use, or a table that
    asks for the reader, is refused."""
    from .record import RECORD_TABLE_NAMES

    for table in tables:
        if table.name in RECORD_TABLE_NAMES:
            raise ValueError(f"{table.name!r} is one of the record's own tables")
        if "%(reader)s" in table.where or "%(reader)s" in table.ids_from:
            raise ValueError(f"{table.name!r} asks for the reader: a registered table may not")
        _tables[table.name] = table


def registered_record_tables() -> tuple[Table, ...]:
    return tuple(_tables.values())


def record_tables_known(child: Person, read: dict[str, list[Any]]) -> None:
    """Keep on `child` the registered tables' rows the record has just read with its own."""
    setattr(child, _ROWS, {name: read[name] for name in _tables})


def record_rows(child: Person, name: str, *, order_by: tuple[str, ...] = ()) -> list[Any]:
    """The child's rows of the registered table `name`, in `order_by`'s order (then by id),
    with the fields registered (others deferred): none read if the record has read them,
    otherwise every registered table in one statement, kept on the object."""
    found: dict[str, list[Any]] | None = child.__dict__.get(_ROWS)
    if found is None or name not in found:
        from .record import rows_together

        found = rows_together(registered_record_tables(), {"child": child.pk})
        setattr(child, _ROWS, found)
    rows = found[name]
    return sorted(rows, key=attrgetter(*order_by, "pk")) if rows else []
