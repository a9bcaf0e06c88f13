"""Rows of the calendar table, computed from the pure working-day module.

Kept apart from models.py so that the data migration and ``refresh_calendar`` build
exactly the same rows, and so that the rows can be tested without a database.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import NamedTuple

from .working_days import CALENDAR_EPOCH, is_working_day, working_day_ordinal

# Wide enough for every open case and for the historical returns the platform
# rebuilds; refresh_calendar can be given another range.
CALENDAR_FIRST_DAY = date(2000, 1, 1)
CALENDAR_LAST_DAY = date(2045, 12, 31)


class CalendarRow(NamedTuple):
    date: date
    day_number: int
    is_working_day: bool
    working_day_ordinal: int
    working_day_number: int | None
    month_index: int
    day_of_month: int


def calendar_rows(
    first: date = CALENDAR_FIRST_DAY, last: date = CALENDAR_LAST_DAY
) -> Iterator[CalendarRow]:
    """One row per day from ``first`` to ``last`` inclusive."""
    if last < first:
        raise ValueError("last must not be before first")
    ordinal = working_day_ordinal(first - timedelta(days=1))
    day = first
    while day <= last:
        working = is_working_day(day)
        if working:
            ordinal += 1
        yield CalendarRow(
            date=day,
            day_number=(day - CALENDAR_EPOCH).days,
            is_working_day=working,
            working_day_ordinal=ordinal,
            working_day_number=ordinal if working else None,
            month_index=day.year * 12 + day.month - 1,
            day_of_month=day.day,
        )
        day += timedelta(days=1)
