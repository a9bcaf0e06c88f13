"""Querysets compiled once per key and run afresh each time (safeguard/common/compiled.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.models import F, QuerySet
from django.test.utils import CaptureQueriesContext

from safeguard.common.compiled import values_rows
from safeguard.people.models import Person
from safeguard.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_rows_are_what_iterating_the_queryset_gives_dates_included():
    ChildFactory(first_name="Ada", date_of_birth=date(2016, 3, 1))

    def build() -> QuerySet[Any]:
        return Person.objects.annotate(born=F("date_of_birth")).values("first_name", "born")

    assert values_rows(("test", "dates"), build) == list(build())
    assert values_rows(("test", "dates"), build) == [
        {"first_name": "Ada", "born": date(2016, 3, 1)}
    ]


def test_a_key_is_built_once_and_its_query_reads_the_tables_afresh_each_time():
    built = []

    def build() -> QuerySet[Any]:
        built.append(1)
        return Person.objects.order_by("first_name").values("first_name")

    ChildFactory(first_name="Ada")
    assert values_rows(("test", "once"), build) == [{"first_name": "Ada"}]
    ChildFactory(first_name="Bea")
    assert values_rows(("test", "once"), build) == [{"first_name": "Ada"}, {"first_name": "Bea"}]
    assert len(built) == 1


def test_a_query_that_can_match_nothing_is_not_sent():
    def build() -> QuerySet[Any]:
        return Person.objects.filter(pk__in=[]).values("pk")

    with CaptureQueriesContext(connection) as captured:
        assert values_rows(("test", "empty"), build) == []
        assert values_rows(("test", "empty"), build) == []
    assert len(captured) == 0
