"""Fixtures shared by every app's tests."""

from datetime import timedelta

import pytest

from safeguard.timescales.calendar_table import CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY
from safeguard.timescales.models import CalendarDay
from safeguard.timescales.services import calendar_refresh


@pytest.fixture
def calendar(db):
    """The calendar table as the data migration leaves it.

    Refilled only if something emptied it: a ``transaction=True`` test elsewhere
    flushes every table, migration data included.
    """
    expected = (CALENDAR_LAST_DAY - CALENDAR_FIRST_DAY + timedelta(days=1)).days
    if CalendarDay.objects.count() != expected:
        calendar_refresh()
    return CalendarDay.objects
