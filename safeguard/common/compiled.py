"""Querysets compiled once and run many times.

A dashboard's union of a dozen statutory clocks costs more to build and compile in the ORM
(20 to 40 ms of Python) than the database takes to run it. The SQL depends only on what the
query was built from (the authority's local timescales, the teams or children named, the
date), so for a given key it is compiled once and kept: each later request runs the same
statement with the same parameters, which also lets PostgreSQL keep it prepared
(`config/settings/base.py`, DATABASE_PREPARE).

Kept per thread: a compiler holds its connection (each thread has its own), and the ORM does
not promise that compiling is thread-safe. Only a bounded number of keys are kept.

The key must name everything the built queryset depends on; what the query reads from the
tables is read afresh on every run. Two kinds of value are not part of it, because they are
taken afresh on every run too: the time (`RunTime`, e.g. a break-glass grant's expiry compared
with now) and the values a caller gives each run (`RunParam`, e.g. the child asked about).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import DateTimeField, Expression, Field, QuerySet
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

KEEP = 128

_local = threading.local()

# How a parameter filled in at each run gets its value: from the connection and what the
# caller gave this run.
_Fill = Callable[[BaseDatabaseWrapper, Mapping[str, Any]], Any]


def _slots() -> list[tuple[object, _Fill]] | None:
    """While `values_rows` compiles a query: the parameters to fill at each run, each by the
    object standing in its place in the compiled parameters."""
    slots: list[tuple[object, _Fill]] | None = getattr(_local, "slots", None)
    return slots


class RunTime(Expression):
    """The time now (plus `offset`), as a parameter: taken when the query is compiled, and
    taken afresh each time `values_rows` runs a query it compiled before. So a filter that
    compares with the time ("a grant not yet expired", "received in the last 30 days") is the
    same SQL on every request and can be compiled once, and its answer is still exact.

    `RunTime() - timedelta(days=30)` is the time 30 days before now, the same way."""

    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        super().__init__(output_field=DateTimeField())
        self.offset = offset

    def __add__(self, other: Any) -> Any:
        if isinstance(other, timedelta):
            return RunTime(self.offset + other)
        return super().__add__(other)

    def __sub__(self, other: Any) -> Any:
        if isinstance(other, timedelta):
            return RunTime(self.offset - other)
        return super().__sub__(other)

    def at(self) -> datetime:
        return timezone.now() + self.offset

    def as_sql(self, compiler: Any, connection: BaseDatabaseWrapper) -> tuple[str, tuple[Any, ...]]:
        # A new object each time (the driver's form of a new datetime), which `_compile` finds
        # among the parameters by identity.
        value = connection.ops.adapt_datetimefield_value(self.at())
        slots = _slots()
        if slots is not None:
            offset = self.offset
            slots.append(
                (
                    value,
                    lambda db, _: db.ops.adapt_datetimefield_value(timezone.now() + offset),
                )
            )
        return "%s", (value,)


class RunParam(Expression):
    """A value the caller of `values_rows` gives at each run (`params={name: value}`), such as
    the child a page asks about, so that one compiled query serves every child. Only in a query
    `values_rows` builds."""

    def __init__(self, name: str, output_field: Field[Any, Any]) -> None:
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler: Any, connection: BaseDatabaseWrapper) -> tuple[str, tuple[Any, ...]]:
        slots = _slots()
        if slots is None:
            raise TypeError(f"RunParam({self.name!r}) outside values_rows")
        marker, name, field = object(), self.name, self.output_field
        slots.append((marker, lambda db, given: field.get_db_prep_value(given[name], db)))
        return "%s", (marker,)


@dataclass(frozen=True)
class _Compiled:
    # None when the query can match nothing (an empty `__in`): nothing is sent.
    sql: str | None
    params: tuple[Any, ...]
    # Parameters filled in at each run, by their place in `params`.
    fills: tuple[tuple[int, _Fill], ...]
    names: list[str]
    # The database's converters for each column that has some (a date from SQLite's text),
    # as `SQLCompiler.results_iter` finds them: found once here, not on every run.
    converters: tuple[tuple[int, tuple[Any, ...], Any], ...]
    compiler: SQLCompiler
    alias: str


def _compile(queryset: QuerySet[Any]) -> _Compiled:
    query = queryset.query
    compiler = query.get_compiler(queryset.db)
    # As ValuesIterable names a values() queryset's columns.
    names = (
        list(query.selected)
        if query.selected
        else [*query.extra_select, *query.values_select, *query.annotation_select]
    )
    slots: list[tuple[object, _Fill]] = []
    _local.slots = slots
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _Compiled(None, (), (), names, (), compiler, queryset.db)
    finally:
        _local.slots = None
    selected = [column[0] for column in compiler.select[0 : compiler.col_count]]
    if compiler.has_composite_fields(selected):  # pragma: no cover - no composite keys here
        raise TypeError("values_rows does not read composite primary keys")
    converters = tuple(
        (place, tuple(convert), expression)
        for place, (convert, expression) in compiler.get_converters(selected).items()
    )
    fills = tuple(
        (index, fill)
        for index, param in enumerate(params)
        for marker, fill in slots
        if param is marker
    )
    return _Compiled(sql, tuple(params), fills, names, converters, compiler, queryset.db)


def values_rows(
    key: Hashable, build: Callable[[], QuerySet[Any]], *, params: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The rows of the values() queryset `build()` makes, as dicts, as iterating it would give
    them, compiled only the first time this thread meets `key`. `params` gives this run's
    value of each `RunParam` in the query; every `RunTime` is taken afresh."""
    cache: OrderedDict[Hashable, _Compiled] | None = getattr(_local, "compiled", None)
    if cache is None:
        cache = _local.compiled = OrderedDict()
    compiled = cache.get(key)
    if compiled is None:
        compiled = cache[key] = _compile(build())
        while len(cache) > KEEP:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    if compiled.sql is None:
        return []
    connection = connections[compiled.alias]
    run_params: tuple[Any, ...] | list[Any] = compiled.params
    if compiled.fills:
        run_params = list(compiled.params)
        for index, fill in compiled.fills:
            run_params[index] = fill(connection, params or {})
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, run_params)
        fetched = cursor.fetchall()
    names = compiled.names
    if not compiled.converters:
        return [dict(zip(names, row, strict=True)) for row in fetched]
    # The converters turn the database's values into the fields' Python types (a date from
    # SQLite's text), as when the queryset is iterated.
    rows = []
    for found in fetched:
        row = list(found)
        for place, convert, expression in compiled.converters:
            value = row[place]
            for converter in convert:
                value = converter(value, expression, connection)
            row[place] = value
        rows.append(dict(zip(names, row, strict=True)))
    return rows
