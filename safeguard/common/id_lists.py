"""A filter on a list of ids that costs the same however long the list is.

`child__in=[...]` writes one placeholder per id: a dashboard whose union names the same few
hundred children in each of its nine branches sent a thousand parameters and a 23 kB
statement, which psycopg re-parses on every execute (it caches only statements under 4 kB
with at most 50 parameters) and PostgreSQL prepares afresh for every length of list: 6 ms of
Python a request, more than the query. On PostgreSQL `column = ANY(%s::bigint[])` sends the
list as one array parameter, so the statement's text is the same whatever the ids; other
databases get the ordinary `IN (...)`.

`IdInParam` goes further for a query compiled once (`common.compiled.values_rows`): the list is
a parameter given at each run, so one statement serves every caseload, however many children
it names. PostgreSQL reads it as the same array; SQLite as a JSON array through `json_each`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Expression, F, Field
from django.db.models.sql.compiler import SQLCompiler

from .compiled import RunParam

__all__ = ["IdIn", "IdInParam"]


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


class _IdList(Field[Sequence[int], Sequence[int]]):
    """A list of ids as one parameter: PostgreSQL's array text, or a JSON array for SQLite's
    `json_each`."""

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> str:
        ids = [int(pk) for pk in value]
        if connection.vendor == "postgresql":
            return _array_text(ids)
        return json.dumps(ids)


class IdInParam(Expression):
    """`IdInParam("child_id", "children")`: a condition for `filter()` in a query
    `values_rows` builds, true where the integer column is one of the ids given at each run
    as `params={"children": ids}`. The statement is the same whatever the ids, so it is
    compiled (and prepared) once for every list; no ids match nothing."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str | Expression, name: str) -> None:
        super().__init__()
        self.column: Any = F(column) if isinstance(column, str) else column
        self.ids: Any = RunParam(name, _IdList())

    def get_source_expressions(self) -> list[Any]:
        return [self.column, self.ids]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.column, self.ids = exprs

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        column, params = compiler.compile(self.column)
        ids, ids_params = compiler.compile(self.ids)
        # The column as compiled and a placeholder: no value is written into the text.
        sql = f"{column} IN (SELECT value FROM json_each({ids}))"  # noqa: S608
        return sql, (*params, *ids_params)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        column, params = compiler.compile(self.column)
        ids, ids_params = compiler.compile(self.ids)
        return f"{column} = ANY({ids}::bigint[])", (*params, *ids_params)
