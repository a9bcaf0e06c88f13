"""Querysets compiled once per key and run afresh each time (safeguard/common/compiled.py)."""

from __future__ import annotations

from datetime import date, timedelta
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


def test_the_time_is_taken_afresh_each_run_of_a_query_compiled_once():
    import time_machine

    from safeguard.common.compiled import RunTime

    made = ChildFactory(first_name="Ada").created_at
    built = []

    def build() -> QuerySet[Any]:
        built.append(1)
        # Made by now: as a grant "not yet expired" compares its expiry with the time.
        return Person.objects.filter(created_at__lte=RunTime()).values("first_name")

    assert values_rows(("test", "run time"), build) == [{"first_name": "Ada"}]
    with time_machine.travel(made - timedelta(microseconds=1), tick=False):
        assert values_rows(("test", "run time"), build) == []
    with time_machine.travel(made, tick=False):
        assert values_rows(("test", "run time"), build) == [{"first_name": "Ada"}]
    assert len(built) == 1


def test_an_offset_from_the_run_time_moves_with_it():
    import time_machine
    from django.utils import timezone

    from safeguard.common.compiled import RunTime

    ChildFactory(first_name="Ada")

    def build() -> QuerySet[Any]:
        # Made in the last 30 days.
        return Person.objects.filter(created_at__gte=RunTime() - timedelta(days=30)).values(
            "first_name"
        )

    assert values_rows(("test", "offset"), build) == [{"first_name": "Ada"}]
    with time_machine.travel(timezone.now() + timedelta(days=31), tick=False):
        assert values_rows(("test", "offset"), build) == []


def test_a_run_parameter_is_given_at_each_run():
    from django.db.models import IntegerField

    from safeguard.common.compiled import RunParam

    ada, bea = ChildFactory(first_name="Ada"), ChildFactory(first_name="Bea")
    built = []

    def build() -> QuerySet[Any]:
        built.append(1)
        return Person.objects.filter(pk=RunParam("child", IntegerField())).values("first_name")

    assert values_rows(("test", "param"), build, params={"child": ada.pk}) == [
        {"first_name": "Ada"}
    ]
    assert values_rows(("test", "param"), build, params={"child": bea.pk}) == [
        {"first_name": "Bea"}
    ]
    assert len(built) == 1


def test_a_run_parameter_outside_values_rows_is_refused():
    from django.db.models import IntegerField

    from safeguard.common.compiled import RunParam

    with pytest.raises(TypeError, match="outside values_rows"):
        list(Person.objects.filter(pk=RunParam("child", IntegerField())))
