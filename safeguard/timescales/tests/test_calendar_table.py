"""Rows of the calendar table, checked without a database."""

from datetime import date, timedelta

import pytest

from safeguard.timescales.calendar_table import (
    CALENDAR_FIRST_DAY,
    CALENDAR_LAST_DAY,
    calendar_rows,
)
from safeguard.timescales.working_days import is_working_day, working_days_between


def test_the_calendar_runs_from_2000_to_the_end_of_2045():
    rows = list(calendar_rows())
    assert rows[0].date == CALENDAR_FIRST_DAY == date(2000, 1, 1)
    assert rows[-1].date == CALENDAR_LAST_DAY == date(2045, 12, 31)
    assert len(rows) == (CALENDAR_LAST_DAY - CALENDAR_FIRST_DAY).days + 1


def test_working_days_are_numbered_one_after_another_from_the_epoch():
    numbers = [row.working_day_number for row in calendar_rows() if row.is_working_day]
    assert numbers == list(range(1, len(numbers) + 1))


def test_non_working_days_have_no_number_and_keep_the_previous_ordinal():
    rows = {row.date: row for row in calendar_rows(date(2022, 6, 1), date(2022, 6, 6))}
    assert rows[date(2022, 6, 2)].working_day_number is None
    assert rows[date(2022, 6, 3)].working_day_ordinal == rows[date(2022, 6, 1)].working_day_ordinal
    assert (
        rows[date(2022, 6, 6)].working_day_ordinal == rows[date(2022, 6, 1)].working_day_ordinal + 1
    )


def test_a_part_of_the_calendar_has_the_same_ordinals_as_the_whole():
    whole = {row.date: row for row in calendar_rows()}
    for row in calendar_rows(date(2023, 12, 20), date(2024, 1, 10)):
        assert row == whole[row.date]


def test_rows_agree_with_the_working_day_functions():
    first = date(2019, 12, 1)
    for row in calendar_rows(first, first + timedelta(days=800)):
        assert row.is_working_day == is_working_day(row.date)
        assert row.working_day_ordinal - next(calendar_rows(first, first)).working_day_ordinal == (
            working_days_between(first, row.date)
        )
        assert row.month_index == row.date.year * 12 + row.date.month - 1
        assert row.day_of_month == row.date.day


def test_a_calendar_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="last must not be before first"):
        list(calendar_rows(date(2024, 1, 2), date(2024, 1, 1)))
