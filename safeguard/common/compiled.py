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
tables is read afresh on every run.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler

KEEP = 128

_local = threading.local()


@dataclass(frozen=True)
class _Compiled:
    # None when the query can match nothing (an empty `__in`): nothing is sent.
    sql: str | None
    params: tuple[Any, ...]
    names: list[str]
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
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _Compiled(None, (), names, compiler, queryset.db)
    return _Compiled(sql, tuple(params), names, compiler, queryset.db)


def values_rows(key: Hashable, build: Callable[[], QuerySet[Any]]) -> list[dict[str, Any]]:
    """The rows of the values() queryset `build()` makes, as dicts, as iterating it would give
    them, compiled only the first time this thread meets `key`."""
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
    with connections[compiled.alias].cursor() as cursor:
        cursor.execute(compiled.sql, compiled.params)
        fetched = cursor.fetchall()
    # The compiler's converters turn the database's values into the fields' Python types (a
    # date from SQLite's text), as when the queryset is iterated.
    names = compiled.names
    return [
        dict(zip(names, row, strict=True))
        for row in compiled.compiler.results_iter(results=[fetched])
    ]
