"""A filter on a list of ids that costs the same however long the list is.

`child__in=[...]` writes one placeholder per id: a dashboard whose union names the same few
hundred children in each of its nine branches sent a thousand parameters and a 23 kB
statement, which psycopg re-parses on every execute (it caches only statements under 4 kB
with at most 50 parameters) and PostgreSQL prepares afresh for every length of list: 6 ms of
Python a request, more than the query. On PostgreSQL `column = ANY(%s::bigint[])` sends the
list as one array parameter, so the statement's text is the same whatever the ids; other
databases get the ordinary `IN (...)`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Expression, F
from django.db.models.sql.compiler import SQLCompiler

__all__ = ["IdIn"]


class IdIn(Expression):
    """`IdIn("child_id", ids)`: a condition for `filter()`, true where the integer column is
    one of `ids`. Matches nothing for no ids, as `__in=[]` does."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str | Expression, ids: Sequence[int]) -> None:
        super().__init__()
        self.column: Any = F(column) if isinstance(column, str) else column
        self.ids = [int(pk) for pk in ids]

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.column,) = exprs

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        if not self.ids:
            raise EmptyResultSet
        column, params = compiler.compile(self.column)
        placeholders = ", ".join(["%s"] * len(self.ids))
        return f"{column} IN ({placeholders})", (*params, *self.ids)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        if not self.ids:
            raise EmptyResultSet
        column, params = compiler.compile(self.column)
        # The array as its text, '{1,2,3}', cast by the database: one string for the driver
        # to send rather than a list it converts an element at a time on every execute.
        return f"{column} = ANY(%s::bigint[])", (*params, _array_text(self.ids))


def _array_text(ids: Sequence[int]) -> str:
    return "{" + ",".join(map(str, ids)) + "}"
