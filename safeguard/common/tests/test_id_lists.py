"""A filter on a list of ids, one array parameter on PostgreSQL, or one given at each run of a
compiled query (safeguard/common/id_lists.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from safeguard.common.compiled import values_rows
from safeguard.common.id_lists import IdIn, IdInParam
from safeguard.people.models import Person
from safeguard.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_it_passes_the_rows_whose_id_is_listed_and_no_others():
    ada, bea, _ = ChildFactory(), ChildFactory(), ChildFactory()
    assert set(Person.objects.filter(IdIn("pk", [ada.pk, bea.pk, 0]))) == {ada, bea}


def test_no_ids_match_nothing_without_asking_the_database():
    ChildFactory()
    with CaptureQueriesContext(connection) as captured:
        assert list(Person.objects.filter(IdIn("pk", []))) == []
    assert len(captured) == 0


def _compiled(ids: list[int]) -> tuple[str, tuple[object, ...]]:
    queryset = Person.objects.filter(IdIn("pk", ids)).values("pk")
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    return sql, tuple(params)


def test_on_postgresql_the_statement_is_the_same_however_many_ids():
    one, three = _compiled([1]), _compiled([1, 2, 3])
    if connection.vendor == "postgresql":
        assert one[0] == three[0]
        assert three[1] == ("{1,2,3}",)
    else:
        assert three[1] == (1, 2, 3)


# --- Ids given at each run of a compiled query (IdInParam) -------------------------------------


def _children_named() -> QuerySet[Any]:
    return Person.objects.filter(IdInParam("pk", "children")).values("pk")


def test_one_compiled_statement_passes_whichever_ids_each_run_gives():
    ada, bea, cal = ChildFactory(), ChildFactory(), ChildFactory()
    key = ("test_children_named", connection.vendor)

    def named(ids: list[int]) -> set[int]:
        return {row["pk"] for row in values_rows(key, _children_named, params={"children": ids})}

    sent: list[str] = []

    def keep(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        assert named([ada.pk, bea.pk, 0]) == {ada.pk, bea.pk}
        assert named([cal.pk]) == {cal.pk}
        assert named([]) == set()
    # The same text each run: the ids are one parameter, on SQLite as on PostgreSQL.
    assert len(sent) == 3
    assert len(set(sent)) == 1


def test_ids_given_outside_values_rows_are_refused():
    with pytest.raises(TypeError, match="outside values_rows"):
        list(_children_named())
