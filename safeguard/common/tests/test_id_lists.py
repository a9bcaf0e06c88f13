"""A filter on a list of ids, one array parameter on PostgreSQL (safeguard/common/id_lists.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguard.common.id_lists import IdIn
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
