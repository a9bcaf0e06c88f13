"""Writes to the calendar table."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from .calendar_table import CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY, calendar_rows
from .models import CalendarDay

_BATCH_SIZE = 2000


def calendar_refresh(
    *, first: date = CALENDAR_FIRST_DAY, last: date = CALENDAR_LAST_DAY, using: str = "default"
) -> int:
    """Rebuild the calendar table for ``first..last`` and return the number of days.

    Run after upgrading ``holidays`` when a new one-off bank holiday is proclaimed:
    every later working-day ordinal shifts by one, so the table is replaced whole,
    in one transaction, rather than patched (patching would collide with the unique
    ``working_day_number`` part-way through). Running it twice changes nothing.
    """
    rows = [CalendarDay(**row._asdict()) for row in calendar_rows(first, last)]
    with transaction.atomic(using=using):
        CalendarDay.objects.using(using).all().delete()
        CalendarDay.objects.using(using).bulk_create(rows, batch_size=_BATCH_SIZE)
    return len(rows)
