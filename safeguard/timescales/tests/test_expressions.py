"""The SQL expressions agree with the pure functions, day by day, on this database."""

import random
from datetime import date, datetime, timedelta

import pytest
from django.db.models import F, Q

from safeguard.timescales import add_months, add_working_days, working_days_between
from safeguard.timescales.calendar_table import CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY
from safeguard.timescales.expressions import (
    months_after,
    working_day_ordinal,
    working_days_after,
    working_days_between_expr,
)
from safeguard.timescales.models import CalendarDay
from safeguard.timescales.working_days import working_day_ordinal as pure_ordinal

pytestmark = pytest.mark.django_db


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# Every day around the holidays that make counting hard, and a random sample besides.
AWKWARD_DAYS = sorted(
    set(
        _days(date(2020, 4, 30), date(2020, 5, 12))  # VE Day moved May Day
        + _days(date(2020, 12, 20), date(2021, 1, 6))  # Christmas on a Friday
        + _days(date(2021, 12, 20), date(2022, 1, 6))  # Christmas at a weekend
        + _days(date(2022, 5, 26), date(2022, 6, 8))  # Platinum Jubilee
        + _days(date(2022, 9, 14), date(2022, 9, 21))  # State Funeral
        + _days(date(2022, 12, 20), date(2023, 1, 5))  # Christmas on a Sunday
        + _days(date(2023, 5, 1), date(2023, 5, 10))  # Coronation
        + _days(date(2024, 3, 26), date(2024, 4, 3))  # Easter
        + _days(date(2024, 12, 18), date(2025, 1, 3))  # referral on 20 December 2024
        + [
            date(2000, 1, 1) + timedelta(days=d)
            for d in random.Random(2024).sample(range(16000), 150)
        ]
    )
)


def _in_table(day: date) -> date | None:
    """What SQL can answer: nothing for a date outside the calendar table."""
    return day if CALENDAR_FIRST_DAY <= day <= CALENDAR_LAST_DAY else None


def _annotated(expression):
    rows = CalendarDay.objects.filter(date__in=AWKWARD_DAYS).annotate(value=expression)
    return dict(rows.values_list("date", "value"))


def test_the_sample_covers_a_few_hundred_days_with_weekends_and_holidays(calendar):
    assert len(AWKWARD_DAYS) > 250
    assert calendar.filter(date__in=AWKWARD_DAYS, is_working_day=False).count() > 80


@pytest.mark.parametrize("days", [-45, -20, -1, 0, 1, 2, 10, 15, 20, 45])
def test_working_days_after_in_sql_agrees_with_add_working_days(calendar, days):
    result = _annotated(working_days_after(F("date"), days))
    assert result == {day: _in_table(add_working_days(day, days)) for day in AWKWARD_DAYS}


def test_working_days_after_takes_the_number_of_days_from_a_column(calendar):
    result = _annotated(working_days_after("date", F("day_of_month")))
    assert result == {day: add_working_days(day, day.day) for day in AWKWARD_DAYS}


def test_working_days_after_can_start_from_another_calendar_expression(calendar):
    result = _annotated(working_days_after(working_days_after(F("date"), 5), 10))
    assert result == {day: add_working_days(add_working_days(day, 5), 10) for day in AWKWARD_DAYS}


@pytest.mark.parametrize("months", [-12, -3, 0, 1, 3, 6])
def test_months_after_in_sql_agrees_with_add_months(calendar, months):
    result = _annotated(months_after(F("date"), months))
    assert result == {day: _in_table(add_months(day, months)) for day in AWKWARD_DAYS}


def test_months_after_clamps_to_the_end_of_a_shorter_month(calendar):
    month_ends = [date(2023, 1, 31), date(2024, 1, 31), date(2024, 8, 31), date(2024, 11, 30)]
    rows = calendar.filter(date__in=month_ends).annotate(
        one=months_after(F("date"), 1), three=months_after(F("date"), 3)
    )
    assert {row.date: (row.one, row.three) for row in rows} == {
        date(2023, 1, 31): (date(2023, 2, 28), date(2023, 4, 30)),
        date(2024, 1, 31): (date(2024, 2, 29), date(2024, 4, 30)),
        date(2024, 8, 31): (date(2024, 9, 30), date(2024, 11, 30)),
        date(2024, 11, 30): (date(2024, 12, 30), date(2025, 2, 28)),
    }


def test_working_days_between_in_sql_agrees_with_working_days_between(calendar):
    referral = date(2024, 12, 20)
    result = _annotated(working_days_between_expr(referral, F("date")))
    assert result == {day: working_days_between(referral, day) for day in AWKWARD_DAYS}


def test_working_days_between_in_sql_undoes_working_days_after(calendar):
    result = _annotated(working_days_between_expr("date", working_days_after(F("date"), 45)))
    assert set(result.values()) == {45}


def test_working_day_ordinal_in_sql_agrees_with_the_pure_ordinal(calendar):
    assert _annotated(working_day_ordinal(F("date"))) == {
        day: pure_ordinal(day) for day in AWKWARD_DAYS
    }


def test_a_referral_on_friday_20_december_2024_is_due_on_26_february_2025_in_sql(calendar):
    row = calendar.annotate(due=working_days_after(date(2024, 12, 20), 45)).first()
    assert row.due == date(2025, 2, 26)


def test_overdue_is_a_filter_on_the_annotated_due_date(calendar):
    today = date(2025, 2, 26)
    started = calendar.filter(date__range=(date(2024, 12, 1), date(2024, 12, 31)))
    overdue = started.annotate(due=working_days_after(F("date"), 45)).filter(due__lt=today)
    expected = [
        day
        for day in _days(date(2024, 12, 1), date(2024, 12, 31))
        if add_working_days(day, 45) < today
    ]
    assert list(overdue.values_list("date", flat=True)) == expected
    assert date(2024, 12, 20) not in expected  # due today: not yet overdue


def test_in_time_is_a_filter_on_working_days_between(calendar):
    referral = date(2024, 12, 20)
    in_time = (
        calendar.filter(Q(date__gte=referral) & Q(date__lte=date(2025, 3, 31)))
        .alias(taken=working_days_between_expr(referral, F("date")))
        .filter(taken__lte=45)
    )
    assert in_time.order_by("date").last().date == date(2025, 2, 26)


def test_a_date_outside_the_calendar_table_gives_no_due_date(calendar):
    row = calendar.annotate(
        due=working_days_after(date(1999, 6, 1), 5), later=months_after(date(1999, 6, 1), 1)
    ).first()
    assert row.due is None
    assert row.later is None


def test_a_datetime_is_refused_as_a_start_date():
    with pytest.raises(TypeError, match="not a datetime"):
        working_days_after(datetime(2024, 12, 20, 9, 30), 45)


@pytest.mark.django_db
def test_days_after_counts_calendar_days_across_month_and_year_ends(calendar):
    from safeguard.timescales.expressions import days_after

    rows = dict(
        calendar.filter(date__in=[date(2024, 12, 28), date(2024, 2, 26)])
        .annotate(week=days_after(F("date"), 7), back=days_after(F("date"), -42))
        .values_list("date", "week")
    )
    # 28 Dec 2024 + 7 days crosses the year: 4 Jan 2025. 26 Feb 2024 + 7 crosses a leap day.
    assert rows == {date(2024, 12, 28): date(2025, 1, 4), date(2024, 2, 26): date(2024, 3, 4)}
