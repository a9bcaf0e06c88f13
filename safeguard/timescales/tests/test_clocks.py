"""Clocks: each registered timescale on a hand-worked example, and clock states."""

from datetime import date, timedelta

import pytest
from django.conf import settings

from safeguard.timescales.clocks import (
    CLOCKS,
    DEFAULT_DUE_SOON_WORKING_DAYS,
    ClockStatus,
    Period,
    PeriodUnit,
    clock_status,
    clock_with_local_overrides,
    clocks_with_local_overrides,
    due_soon_working_days,
)

# Worked on a calendar: (clock, start, due). Comments name the days that matter.
HAND_WORKED_DUE_DATES = [
    # Christmas 2021 falls on a weekend: Monday 27 and Tuesday 28 are bank holidays.
    ("contact_decision", date(2021, 12, 24), date(2021, 12, 29)),
    ("assessment", date(2024, 12, 20), date(2025, 2, 26)),
    # Good Friday 29 March and Easter Monday 1 April 2024.
    ("initial_conference", date(2024, 3, 25), date(2024, 4, 17)),
    # Early May bank holiday, Monday 6 May 2024.
    ("first_core_group", date(2024, 4, 25), date(2024, 5, 10)),
    # There is no 29 February 2025.
    ("first_review_conference", date(2024, 11, 29), date(2025, 2, 28)),
    ("later_review_conference", date(2024, 8, 30), date(2025, 2, 28)),
    # Christmas Day, Boxing Day and New Year's Day 2025.
    ("cp_visit", date(2024, 12, 20), date(2025, 1, 8)),
    ("cin_visit", date(2024, 12, 20), date(2025, 1, 22)),
    ("cin_plan_review", date(2024, 10, 31), date(2025, 1, 31)),
    # Christmas Day, Boxing Day 2025 and New Year's Day 2026 (a Thursday each).
    ("lac_care_plan", date(2025, 12, 19), date(2026, 1, 7)),
    # Christmas 2022 on a Sunday (26, 27 off) and New Year's Day substitute 2 January.
    ("lac_first_review", date(2022, 12, 19), date(2023, 1, 19)),
    ("lac_second_review", date(2023, 1, 19), date(2023, 4, 19)),
    ("lac_later_review", date(2023, 3, 31), date(2023, 9, 30)),
    # Christmas Day, Boxing Day 2025 and New Year's Day 2026 again, over 20 working days.
    ("lac_initial_health_assessment", date(2025, 12, 19), date(2026, 1, 21)),
    # Months end on the last day of a shorter month, bank holiday or not.
    ("lac_review_health_assessment_under_5", date(2024, 8, 31), date(2025, 2, 28)),
    ("lac_review_health_assessment", date(2024, 2, 29), date(2025, 2, 28)),
    # Calendar days: returned on Christmas Eve 2024, interview by Friday 27 December.
    ("missing_return_interview", date(2024, 12, 24), date(2024, 12, 27)),
    # School days read as working days: both May bank holidays 2025 are not counted.
    ("lac_pep", date(2025, 5, 1), date(2025, 6, 2)),
    # Four calendar months, to the last day of a shorter month.
    ("lac_pep_review", date(2024, 10, 31), date(2025, 2, 28)),
    # Calendar months, bank holiday or not: due on the spring bank holiday, Monday 26 May
    # 2025, and on Christmas Day 2024.
    ("care_leaver_needs_assessment", date(2025, 2, 26), date(2025, 5, 26)),
    ("pathway_plan_review", date(2024, 6, 25), date(2024, 12, 25)),
    # Calendar weeks ignore bank holidays: placed on Easter Monday 2024.
    ("lac_first_visit", date(2024, 4, 1), date(2024, 4, 8)),
    ("lac_visit", date(2023, 12, 20), date(2024, 1, 31)),
    ("lac_visit_until_18", date(2023, 11, 30), date(2024, 2, 29)),
    ("lac_visit_long_term_foster", date(2023, 8, 31), date(2024, 2, 29)),
    ("lac_visit_weekly_until_first_review", date(2023, 12, 22), date(2023, 12, 29)),
    ("lac_visit_connected_person", date(2023, 12, 1), date(2023, 12, 29)),
    # 25 December 2024 and Boxing Day are bank holidays: answer by Friday 27th.
    ("subject_access_request", date(2024, 11, 25), date(2024, 12, 27)),
]


def test_every_clock_has_a_hand_worked_example():
    assert {code for code, _, _ in HAND_WORKED_DUE_DATES} == set(CLOCKS)


@pytest.mark.parametrize(("code", "start", "due"), HAND_WORKED_DUE_DATES)
def test_each_clock_is_due_on_its_hand_worked_date(code, start, due):
    assert CLOCKS[code].due_from(start) == due


@pytest.mark.parametrize(
    ("looked_after", "care_plan", "first_review"),
    [
        # Early May bank holiday Monday 5 May and spring bank holiday Monday 26 May 2025.
        (date(2025, 5, 1), date(2025, 5, 16), date(2025, 6, 2)),
        # Good Friday 3 April and Easter Monday 6 April 2026.
        (date(2026, 4, 1), date(2026, 4, 17), date(2026, 5, 1)),
    ],
    ids=["May bank holidays 2025", "Easter 2026"],
)
def test_a_child_looked_after_across_bank_holidays_has_the_care_plan_then_the_first_review_due(
    looked_after, care_plan, first_review
):
    assert CLOCKS["lac_care_plan"].due_from(looked_after) == care_plan
    assert CLOCKS["lac_first_review"].due_from(looked_after) == first_review


@pytest.mark.parametrize(
    ("looked_after", "health_assessment"),
    [
        # Early May bank holiday 5 May and spring bank holiday 26 May 2025 are not counted.
        (date(2025, 5, 1), date(2025, 6, 2)),
        # Good Friday 3 April and Easter Monday 6 April 2026.
        (date(2026, 4, 1), date(2026, 5, 1)),
    ],
    ids=["May bank holidays 2025", "Easter 2026"],
)
def test_a_child_looked_after_across_bank_holidays_has_the_initial_health_assessment_due(
    looked_after, health_assessment
):
    assert CLOCKS["lac_initial_health_assessment"].due_from(looked_after) == health_assessment


def test_every_clock_names_its_source_and_starting_event():
    for clock in CLOCKS.values():
        assert clock.source
        assert clock.starts_from
        assert clock.label


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2024, 9, 3), date(2024, 10, 3)),  # the ICO's own example
        (date(2025, 1, 31), date(2025, 2, 28)),  # no 31 February
        (date(2021, 1, 30), date(2021, 3, 1)),  # 28 February 2021 is a Sunday
        (date(2024, 3, 28), date(2024, 4, 29)),  # 28 April 2024 is a Sunday
    ],
)
def test_a_subject_access_request_is_due_a_month_later_or_the_next_working_day(received, due):
    assert CLOCKS["subject_access_request"].due_from(received) == due


def test_a_statutory_month_is_not_moved_off_a_weekend():
    # 28 April 2024 is a Sunday; a review conference is still due then.
    assert CLOCKS["first_review_conference"].due_from(date(2024, 1, 28)) == date(2024, 4, 28)


@pytest.mark.parametrize(
    ("period", "start", "due"),
    [
        (Period(3, PeriodUnit.DAYS), date(2024, 12, 23), date(2024, 12, 26)),
        (Period(2, PeriodUnit.WEEKS), date(2024, 12, 20), date(2025, 1, 3)),
        (Period(1, PeriodUnit.WORKING_DAYS), date(2024, 12, 24), date(2024, 12, 27)),
        (Period(1, PeriodUnit.MONTHS), date(2024, 1, 31), date(2024, 2, 29)),
    ],
)
def test_each_period_unit_counts_as_its_name_says(period, start, due):
    assert period.due_from(start) == due


def test_a_period_reads_as_words():
    assert str(Period(45, PeriodUnit.WORKING_DAYS)) == "45 working days"
    assert str(Period(1, PeriodUnit.MONTHS)) == "1 month"


# Local settings ----------------------------------------------------------------------


def test_local_settings_set_the_visit_and_review_frequencies():
    local = {"CP_VISIT_WORKING_DAYS": 15, "CIN_VISIT_WORKING_DAYS": 10, "CIN_REVIEW_MONTHS": 6}
    assert clock_with_local_overrides("cp_visit", local).due_from(date(2024, 12, 20)) == date(
        2025, 1, 15
    )
    assert clock_with_local_overrides("cin_visit", local).period == Period(
        10, PeriodUnit.WORKING_DAYS
    )
    # 31 April does not exist.
    assert clock_with_local_overrides("cin_plan_review", local).due_from(
        date(2024, 10, 31)
    ) == date(2025, 4, 30)


def test_local_settings_never_change_a_statutory_clock():
    local = {"CP_VISIT_WORKING_DAYS": 15, "ASSESSMENT": 60}
    assert clocks_with_local_overrides(local)["assessment"] == CLOCKS["assessment"]


def test_a_missing_local_setting_keeps_the_default():
    assert clock_with_local_overrides("cp_visit", {}) == CLOCKS["cp_visit"]


def test_a_negative_local_setting_is_refused():
    with pytest.raises(ValueError, match="CP_VISIT_WORKING_DAYS"):
        clock_with_local_overrides("cp_visit", {"CP_VISIT_WORKING_DAYS": -1})


def test_every_local_setting_a_clock_reads_is_in_the_project_settings():
    for clock in CLOCKS.values():
        if clock.setting is not None:
            assert clock.setting in settings.SAFEGUARD_TIMESCALES


def test_the_project_defaults_match_the_registry_defaults():
    assert clocks_with_local_overrides(settings.SAFEGUARD_TIMESCALES) == CLOCKS
    assert due_soon_working_days(settings.SAFEGUARD_TIMESCALES) == DEFAULT_DUE_SOON_WORKING_DAYS


def test_the_due_soon_window_comes_from_local_settings():
    assert due_soon_working_days({"DUE_SOON_WORKING_DAYS": 3}) == 3
    assert due_soon_working_days({}) == DEFAULT_DUE_SOON_WORKING_DAYS


# Clock states ------------------------------------------------------------------------

DUE = date(2025, 2, 26)  # a Wednesday


def _status(*, met=None, today, window=5, due=DUE):
    return clock_status(due=due, met=met, today=today, due_soon_working_days=window)


def test_a_clock_met_on_its_due_date_is_met_in_time():
    assert _status(met=DUE, today=date(2025, 3, 10)) is ClockStatus.MET_IN_TIME


def test_a_clock_met_early_is_met_in_time_even_before_today():
    assert _status(met=date(2025, 1, 6), today=date(2025, 1, 6)) is ClockStatus.MET_IN_TIME


def test_a_clock_met_the_day_after_it_was_due_is_met_late():
    assert _status(met=date(2025, 2, 27), today=date(2025, 2, 27)) is ClockStatus.MET_LATE


def test_an_unmet_clock_is_overdue_from_the_day_after_it_was_due():
    assert _status(today=date(2025, 2, 27)) is ClockStatus.OVERDUE


def test_an_unmet_clock_is_due_soon_on_its_due_date_even_with_no_warning_window():
    assert _status(today=DUE, window=0) is ClockStatus.DUE_SOON


def test_an_unmet_clock_is_due_soon_within_the_window_of_working_days():
    assert _status(today=date(2025, 2, 19)) is ClockStatus.DUE_SOON  # 5 working days left
    assert _status(today=date(2025, 2, 22)) is ClockStatus.DUE_SOON  # a Saturday, 3 left


def test_an_unmet_clock_is_upcoming_before_the_window():
    assert _status(today=date(2025, 2, 18)) is ClockStatus.UPCOMING  # 6 working days left


def test_the_due_soon_window_skips_bank_holidays():
    christmas_due = date(2024, 12, 27)
    # 18 Dec: 19, 20, 23, 24, 27 -> five working days, Christmas and Boxing Day skipped.
    assert _status(today=date(2024, 12, 18), due=christmas_due) is ClockStatus.DUE_SOON
    assert _status(today=date(2024, 12, 17), due=christmas_due) is ClockStatus.UPCOMING


def test_a_negative_due_soon_window_is_refused():
    with pytest.raises(ValueError, match="must not be negative"):
        _status(today=DUE, window=-1)


def test_clock_states_have_stored_values_and_human_labels():
    assert ClockStatus.choices() == [
        ("upcoming", "Upcoming"),
        ("due_soon", "Due soon"),
        ("overdue", "Overdue"),
        ("met_in_time", "Met in time"),
        ("met_late", "Met late"),
    ]
    assert ClockStatus("met_late").label == "Met late"
    assert ClockStatus.OVERDUE == "overdue"


@pytest.mark.parametrize("code", sorted(CLOCKS))
@pytest.mark.parametrize(
    "day",
    [date(2024, 12, 27), date(2025, 1, 2), date(2024, 4, 2), date(2025, 3, 1), date(2026, 6, 15)],
)
def test_the_first_start_due_on_or_after_a_day_parts_the_starts_due_before_it(code, day):
    """Whatever started before the date is due before `day`; whatever started on or after it
    is not (so a database may filter on the start rather than the due date)."""
    period = CLOCKS[code].period
    cutoff = period.first_start_due_on_or_after(day)
    for offset in range(0, 420):
        start = day - timedelta(days=offset)
        assert (period.due_from(start) < day) == (start < cutoff), (code, day, start)
