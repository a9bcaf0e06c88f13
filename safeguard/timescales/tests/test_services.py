"""Rebuilding the calendar table."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from safeguard.timescales import working_days
from safeguard.timescales.models import CalendarDay
from safeguard.timescales.services import calendar_refresh

pytestmark = pytest.mark.django_db


def _snapshot():
    return list(CalendarDay.objects.order_by("date").values_list())


def test_refreshing_the_calendar_twice_changes_nothing(calendar):
    before = _snapshot()
    assert calendar_refresh() == len(before)
    assert calendar_refresh() == len(before)
    assert _snapshot() == before


def test_a_newly_proclaimed_bank_holiday_shifts_every_later_working_day(calendar, monkeypatch):
    new_holiday = date(2030, 6, 3)  # a Monday
    before = CalendarDay.objects.get(date=date(2030, 6, 4)).working_day_ordinal
    known = working_days.bank_holidays

    monkeypatch.setattr(
        working_days,
        "bank_holidays",
        lambda year: known(year) | {new_holiday} if year == 2030 else known(year),
    )
    monkeypatch.setattr(working_days, "_table", None)
    calendar_refresh()

    day = CalendarDay.objects.get(date=new_holiday)
    assert not day.is_working_day
    assert day.working_day_number is None
    assert CalendarDay.objects.get(date=date(2030, 6, 4)).working_day_ordinal == before - 1
    assert CalendarDay.objects.get(date=date(2029, 12, 31)).working_day_ordinal == (
        working_days.working_day_ordinal(date(2029, 12, 31))
    )


def test_the_refresh_calendar_command_rebuilds_the_range_it_is_given(calendar, capsys):
    call_command("refresh_calendar", "--first", "2024-01-01", "--last", "2024-12-31")
    assert "366 days" in capsys.readouterr().out
    assert CalendarDay.objects.count() == 366
    assert CalendarDay.objects.get(date=date(2024, 1, 2)).working_day_ordinal == (
        working_days.working_day_ordinal(date(2024, 1, 2))
    )


def test_the_refresh_calendar_command_refuses_a_bad_date(calendar):
    with pytest.raises(CommandError, match="Not a date"):
        call_command("refresh_calendar", "--first", "2024-13-01")
