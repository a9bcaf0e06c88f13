"""Each clock's SQL form (``expressions.clock_due``) falls due on the day ``Clock.due_from``
does: on the hand-worked dates, and on every awkward day around the bank holidays."""

from datetime import date

import pytest
from django.db.models import F

from safeguard.timescales.calendar_table import CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY
from safeguard.timescales.clocks import (
    CLOCKS,
    Period,
    PeriodUnit,
    clock_sql_parameters,
    clock_with_local_overrides,
    clocks_with_local_overrides,
)
from safeguard.timescales.expressions import clock_due

from .test_clocks import HAND_WORKED_DUE_DATES
from .test_expressions import AWKWARD_DAYS, _annotated

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("code", "start", "due"), HAND_WORKED_DUE_DATES)
def test_each_clock_falls_due_in_sql_on_its_hand_worked_date(calendar, code, start, due):
    row = calendar.annotate(due=clock_due(CLOCKS[code], start)).first()
    assert row.due == due


def _python_due(clock, day: date) -> date | None:
    due = clock.due_from(day)
    return due if CALENDAR_FIRST_DAY <= due <= CALENDAR_LAST_DAY else None


@pytest.mark.parametrize("code", sorted(CLOCKS))
def test_each_clock_in_sql_agrees_with_python_on_every_awkward_day(calendar, code):
    clock = CLOCKS[code]
    result = _annotated(clock_due(clock, F("date")))
    assert result == {day: _python_due(clock, day) for day in AWKWARD_DAYS}


def test_a_local_setting_changes_the_sql_as_it_changes_the_python(calendar):
    clock = clock_with_local_overrides("cp_visit", {"CP_VISIT_WORKING_DAYS": 15})
    row = calendar.annotate(due=clock_due(clock, date(2024, 12, 20))).first()
    assert row.due == clock.due_from(date(2024, 12, 20)) == date(2025, 1, 15)


def test_weeks_are_counted_in_sql_as_days():
    assert Period(6, PeriodUnit.WEEKS).counted() == Period(42, PeriodUnit.DAYS)
    assert Period(45, PeriodUnit.WORKING_DAYS).counted() == Period(45, PeriodUnit.WORKING_DAYS)


def test_sql_files_are_given_each_clock_by_name_and_in_the_unit_the_calendar_counts():
    parameters = clock_sql_parameters(CLOCKS)
    assert len(parameters) == len(CLOCKS)
    assert parameters["contact_decision_working_days"] == 1
    assert parameters["assessment_working_days"] == 45
    assert parameters["initial_conference_working_days"] == 15
    assert parameters["lac_first_review_working_days"] == 20
    assert parameters["lac_second_review_months"] == 3
    assert parameters["lac_later_review_months"] == 6
    assert parameters["lac_first_visit_days"] == 7
    assert parameters["lac_visit_days"] == 42


def test_sql_parameters_carry_an_authoritys_own_lengths():
    clocks = clocks_with_local_overrides({"CP_VISIT_WORKING_DAYS": 5, "CIN_REVIEW_MONTHS": 2})
    parameters = clock_sql_parameters(clocks)
    assert parameters["cp_visit_working_days"] == 5
    assert parameters["cin_plan_review_months"] == 2
    assert parameters["assessment_working_days"] == 45
