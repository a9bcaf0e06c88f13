"""Working days in England, and calendar arithmetic for statutory timescales.

A working day is any day other than a Saturday, a Sunday or a bank holiday in England
(Banking and Financial Dealings Act 1971, sch. 1, plus royal proclamations for the
one-off days and substitute days). The bank holidays come from the ``holidays``
package (``country_holidays("GB", subdiv="ENG")``), never from a list kept here, so
that a new one-off day arrives with a package upgrade.

Convention (docs: shared/domain/timescales.md): "within N working days of D" means
on or before the N-th working day strictly after D, and "working days between A and
B" counts the working days d with A < d <= B. A referral on Friday 20 December 2024
has its 45-working-day assessment deadline on Wednesday 26 February 2025.

This module imports nothing from Django: the demo generator calls it hundreds of
thousands of times, and the calendar table is built from it.
"""

from __future__ import annotations

import calendar
import threading
from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

import holidays

__all__ = [
    "CALENDAR_EPOCH",
    "FIRST_KNOWN_YEAR",
    "LAST_KNOWN_YEAR",
    "UnknownBankHolidaysError",
    "add_months",
    "add_working_days",
    "bank_holidays",
    "is_working_day",
    "working_day_ordinal",
    "working_days_between",
]

# The calendar table counts working days from here; see working_day_ordinal().
CALENDAR_EPOCH = date(2000, 1, 1)

# Years computed around the first date asked for, so that ordinary use never has to
# grow the table again.
_INITIAL_YEARS_BEFORE = 10
_INITIAL_YEARS_AFTER = 30
# A year has at least 240 working days in England; used to size a growth step.
_MIN_WORKING_DAYS_PER_YEAR = 240


_ENGLAND = holidays.country_holidays("GB", subdiv="ENG")
# Outside these years the package returns no holidays at all rather than failing,
# which would quietly turn every Christmas into a working day; refuse instead.
FIRST_KNOWN_YEAR: int = _ENGLAND.start_year
LAST_KNOWN_YEAR: int = _ENGLAND.end_year


class UnknownBankHolidaysError(ValueError):
    """A date outside the years for which the holidays package knows bank holidays."""


def _check_known(first_year: int, last_year: int) -> None:
    if first_year < FIRST_KNOWN_YEAR or last_year > LAST_KNOWN_YEAR:
        raise UnknownBankHolidaysError(
            f"Bank holidays in England are known for {FIRST_KNOWN_YEAR} to "
            f"{LAST_KNOWN_YEAR} only; asked about {first_year} to {last_year}."
        )


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """Bank holidays in England in ``year``, substitute and one-off days included."""
    _check_known(year, year)
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(d: date) -> bool:
    """True unless ``d`` is a Saturday, a Sunday or an England bank holiday."""
    return d not in bank_holidays(d.year) and d.weekday() < 5


class _Table(NamedTuple):
    """Sorted proleptic ordinals of every working day in ``first_year..last_year``."""

    first_year: int
    last_year: int
    low: int  # ordinal of 1 January of first_year
    high: int  # ordinal of 31 December of last_year
    ordinals: list[int]


def _build(first_year: int, last_year: int) -> _Table:
    low = date(first_year, 1, 1).toordinal()
    high = date(last_year, 12, 31).toordinal()
    holiday_ordinals = {
        d.toordinal() for year in range(first_year, last_year + 1) for d in bank_holidays(year)
    }
    # date.toordinal() of a Monday is 1 mod 7, so (o - 1) % 7 is Python's weekday().
    ordinals = [o for o in range(low, high + 1) if (o - 1) % 7 < 5 and o not in holiday_ordinals]
    return _Table(first_year, last_year, low, high, ordinals)


_table: _Table | None = None
_grow_lock = threading.Lock()


def _covering(first_year: int, last_year: int) -> _Table:
    """The table, grown if needed so that it covers ``first_year..last_year``.

    Readers take the module-level table once and use that snapshot, so growing it
    (a new list swapped in whole) never disturbs a caller in another thread.
    """
    global _table
    table = _table
    if table is not None and table.first_year <= first_year and last_year <= table.last_year:
        return table
    _check_known(first_year, last_year)
    with _grow_lock:
        table = _table
        if table is None:
            first_year = max(FIRST_KNOWN_YEAR, first_year - _INITIAL_YEARS_BEFORE)
            last_year = min(LAST_KNOWN_YEAR, last_year + _INITIAL_YEARS_AFTER)
        else:
            first_year = min(first_year, table.first_year)
            last_year = max(last_year, table.last_year)
            if table.first_year <= first_year and last_year <= table.last_year:
                return table
        table = _build(first_year, last_year)
        _table = table
        return table


def _table_for(*days: date) -> _Table:
    table = _table
    if table is not None:
        ordinals = [d.toordinal() for d in days]
        if table.low <= min(ordinals) and max(ordinals) <= table.high:
            return table
    return _covering(min(d.year for d in days), max(d.year for d in days))


def _grown(table: _Table, *, later: bool, years: int) -> _Table:
    """The table with ``years`` more years at one end, within the known years."""
    if later:
        if table.last_year >= LAST_KNOWN_YEAR:
            _check_known(table.first_year, table.last_year + 1)
        return _covering(table.first_year, min(LAST_KNOWN_YEAR, table.last_year + years))
    if table.first_year <= FIRST_KNOWN_YEAR:
        _check_known(table.first_year - 1, table.last_year)
    return _covering(max(FIRST_KNOWN_YEAR, table.first_year - years), table.last_year)


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day strictly after ``start`` (before it, if negative).

    ``days=0`` returns ``start`` unchanged, working day or not. One working day after
    a Friday is the following Monday, unless that Monday is a bank holiday. Raises
    UnknownBankHolidaysError beyond the years the holidays package covers.
    """
    if days == 0:
        return start
    o = start.toordinal()
    # Enough years either side that the answer is almost always in the first table.
    span = abs(days) // _MIN_WORKING_DAYS_PER_YEAR + 1
    if days > 0:
        table = _table_for(start)
        while True:
            i = bisect_right(table.ordinals, o) + days - 1
            if i < len(table.ordinals):
                return date.fromordinal(table.ordinals[i])
            table = _grown(table, later=True, years=span)
    table = _table_for(start)
    while True:
        i = bisect_left(table.ordinals, o) + days
        if i >= 0:
            return date.fromordinal(table.ordinals[i])
        table = _grown(table, later=False, years=span)


def working_days_between(start: date, end: date) -> int:
    """How many working days d there are with ``start < d <= end``.

    Negative (minus the reverse count) when ``end`` is before ``start``, so that
    ``working_days_between(d, add_working_days(d, n)) == n`` for every ``n >= 0``. An
    assessment is in time when ``working_days_between(referral, authorised) <= 45``.
    """
    table = _table_for(start, end)
    return bisect_right(table.ordinals, end.toordinal()) - bisect_right(
        table.ordinals, start.toordinal()
    )


def working_day_ordinal(d: date) -> int:
    """Working days from CALENDAR_EPOCH up to and including ``d``.

    The calendar table stores this, so that working days between two dates is a
    subtraction in SQL. CALENDAR_EPOCH (a Saturday) has ordinal 0; dates before it
    have zero or negative ordinals.
    """
    return working_days_between(CALENDAR_EPOCH - timedelta(days=1), d)


def add_months(d: date, months: int) -> date:
    """The same day of the month ``months`` calendar months on (back, if negative).

    Clamped to the end of a shorter month: 31 January plus one month is 28 February
    (29 February in a leap year). This is the reading of "within three months" used
    for review conferences and looked-after reviews, and the ICO's reading of "one
    month" for subject access requests.
    """
    month_index = d.year * 12 + d.month - 1 + months
    year, month0 = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(d.day, last_day))
