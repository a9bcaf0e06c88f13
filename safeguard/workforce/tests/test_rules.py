"""The workforce rules, without a database: each holds on a clean case and breaks on exactly
one change."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from safeguard.workforce import rules
from safeguard.workforce.rules import Spell, WorkforceRefused, WorkforceRule

D = Decimal


def _rules(found: list[rules.WorkforceViolation]) -> list[str]:
    return [v.rule for v in found]


@pytest.mark.parametrize("number", ["SW123456", "SW1234", "SW1234567890", ""])
def test_a_registration_number_of_sw_and_4_to_10_digits_is_accepted(number):
    assert rules.registration_number_format(number) == []


@pytest.mark.parametrize(
    "number", ["SW123", "SW12345678901", "AB123456", "123456", "SW12345A", "sw123456"]
)
def test_a_registration_number_in_any_other_form_is_refused(number):
    assert _rules(rules.registration_number_format(number)) == [
        WorkforceRule.REGISTRATION_NUMBER_FORMAT
    ]


def test_a_registration_number_is_read_as_the_register_prints_it():
    assert rules.normalise_registration_number(" sw 123 456 ") == "SW123456"


def test_a_social_worker_needs_a_registration_number_but_an_analyst_does_not():
    assert _rules(rules.registration_number_needed("social_worker", "")) == [
        WorkforceRule.REGISTRATION_NUMBER_NEEDED
    ]
    assert rules.registration_number_needed("social_worker", "SW123456") == []
    assert rules.registration_number_needed("performance_analyst", "") == []


@pytest.mark.parametrize("fte", ["0.01", "0.5", "1"])
def test_an_fte_above_nothing_and_up_to_full_time_fits(fte):
    assert rules.fte_fits(D(fte)) == []


@pytest.mark.parametrize("fte", ["0", "-0.5", "1.01"])
def test_an_fte_of_nothing_or_more_than_full_time_does_not(fte):
    assert _rules(rules.fte_fits(D(fte))) == [WorkforceRule.FTE_FITS]


def test_a_holding_starts_no_earlier_than_the_post_was_funded():
    funded = date(2024, 4, 1)
    assert rules.holding_within_post(funded, None, funded, None) == []
    assert _rules(rules.holding_within_post(funded, None, date(2024, 3, 31), None)) == [
        WorkforceRule.HOLDING_WITHIN_POST
    ]


def test_a_holding_of_a_cut_post_must_end_by_the_day_it_was_cut():
    funded, cut = date(2024, 4, 1), date(2025, 3, 31)
    assert rules.holding_within_post(funded, cut, funded, cut) == []
    assert _rules(rules.holding_within_post(funded, cut, funded, None)) == [
        WorkforceRule.HOLDING_WITHIN_POST
    ]
    assert _rules(rules.holding_within_post(funded, cut, funded, date(2025, 4, 1))) == [
        WorkforceRule.HOLDING_WITHIN_POST
    ]


def test_the_peak_fte_is_the_most_held_on_any_one_day():
    # 0.5 all year; 0.5 from June to August; 0.4 from July on: 1.4 from July to August.
    spells = [
        Spell(date(2025, 1, 1), None, D("0.5")),
        Spell(date(2025, 6, 1), date(2025, 8, 31), D("0.5")),
        Spell(date(2025, 7, 1), None, D("0.4")),
    ]
    assert rules.peak_fte(spells, date(2025, 1, 1), None) == D("1.4")
    assert rules.peak_fte(spells, date(2025, 1, 1), date(2025, 5, 31)) == D("0.5")
    assert rules.peak_fte(spells, date(2025, 9, 1), None) == D("0.9")


def test_two_half_time_holders_may_share_a_full_time_post_but_not_a_third():
    first = Spell(date(2025, 1, 1), None, D("0.5"))
    second = Spell(date(2025, 2, 1), None, D("0.5"))
    assert rules.holding_within_funded_fte(D(1), [first], second) == []
    third = Spell(date(2025, 3, 1), date(2025, 3, 31), D("0.1"))
    refused = rules.holding_within_funded_fte(D(1), [first, second], third)
    assert _rules(refused) == [WorkforceRule.HOLDING_WITHIN_FUNDED_FTE]
    assert refused[0].message == (
        "The post is funded for 1 FTE and 1.0 is already held in that period: "
        "end the other holding first, or add another post."
    )
    partly = rules.holding_within_funded_fte(D(1), [first], Spell(date(2025, 3, 1), None, D("0.6")))
    assert "enter 0.5 or less, end the other holding first" in partly[0].message


def test_a_holding_after_the_last_one_ended_takes_the_whole_post_again():
    ended = Spell(date(2025, 1, 1), date(2025, 5, 31), D(1))
    assert rules.holding_within_funded_fte(D(1), [ended], Spell(date(2025, 6, 1), None)) == []


def test_a_worker_holds_no_more_across_posts_than_they_work():
    theirs = [Spell(date(2025, 1, 1), None, D("0.6"))]
    assert (
        rules.holding_fits_worker_fte(D(1), theirs, Spell(date(2025, 2, 1), None, D("0.4"))) == []
    )
    assert _rules(
        rules.holding_fits_worker_fte(D(1), theirs, Spell(date(2025, 2, 1), None, D("0.5")))
    ) == [WorkforceRule.HOLDING_FITS_WORKER_FTE]


def test_a_post_is_cut_only_once_nobody_holds_it_after_that_day():
    funded = date(2024, 4, 1)
    ended = [Spell(funded, date(2025, 3, 31))]
    assert rules.post_end_fits(funded, date(2025, 3, 31), ended) == []
    assert _rules(rules.post_end_fits(funded, date(2025, 3, 30), ended)) == [
        WorkforceRule.POST_END_FITS
    ]
    assert _rules(rules.post_end_fits(funded, date(2025, 3, 31), [Spell(funded, None)])) == [
        WorkforceRule.POST_END_FITS
    ]
    assert _rules(rules.post_end_fits(funded, date(2024, 3, 31), [])) == [
        WorkforceRule.POST_END_FITS
    ]


def test_nothing_is_recorded_of_a_leaver_after_they_left():
    left = date(2025, 6, 30)
    assert rules.worker_in_post(None, date(2030, 1, 1)) == []
    assert rules.worker_in_post(left, left) == []
    assert _rules(rules.worker_in_post(left, date(2025, 7, 1))) == [WorkforceRule.WORKER_IN_POST]


def test_a_leaver_needs_a_leaving_date_not_before_they_started_and_leaves_once():
    started = date(2022, 9, 5)
    assert rules.leaving_date_fits(started, started, None) == []
    assert _rules(rules.leaving_date_fits(started, date(2022, 9, 4), None)) == [
        WorkforceRule.LEAVING_DATE_FITS
    ]
    assert _rules(rules.leaving_date_fits(started, date(2025, 1, 1), date(2024, 12, 31))) == [
        WorkforceRule.LEAVING_DATE_FITS
    ]


def test_an_absence_ends_on_or_after_its_first_day():
    assert rules.absence_dates_fit(date(2025, 3, 3), date(2025, 3, 3)) == []
    assert _rules(rules.absence_dates_fit(date(2025, 3, 3), date(2025, 3, 2))) == [
        WorkforceRule.ABSENCE_DATES_FIT
    ]


def test_an_absence_falls_within_the_workers_employment():
    started, left = date(2024, 1, 8), date(2025, 6, 30)
    assert rules.absence_while_employed(started, left, started, left) == []
    assert _rules(rules.absence_while_employed(started, left, date(2024, 1, 5), started)) == [
        WorkforceRule.ABSENCE_WHILE_EMPLOYED
    ]
    assert _rules(rules.absence_while_employed(started, left, left, date(2025, 7, 1))) == [
        WorkforceRule.ABSENCE_WHILE_EMPLOYED
    ]


def test_an_absence_may_not_overlap_another_of_the_same_worker():
    others = [(date(2025, 3, 3), date(2025, 3, 7))]
    assert rules.absence_not_overlapping(others, date(2025, 3, 8), date(2025, 3, 10)) == []
    assert rules.absence_not_overlapping(others, date(2025, 2, 24), date(2025, 3, 2)) == []
    assert _rules(rules.absence_not_overlapping(others, date(2025, 3, 7), date(2025, 3, 10))) == [
        WorkforceRule.ABSENCE_NOT_OVERLAPPING
    ]
    assert _rules(rules.absence_not_overlapping(others, date(2025, 3, 1), date(2025, 3, 3))) == [
        WorkforceRule.ABSENCE_NOT_OVERLAPPING
    ]


def test_days_lost_are_never_negative_nor_more_than_the_working_days_in_the_spell():
    assert rules.absence_days_fit(D("2.5"), D(5)) == []
    assert rules.absence_days_fit(D(0), D(5)) == []
    assert _rules(rules.absence_days_fit(D("-0.5"), D(5))) == [WorkforceRule.ABSENCE_DAYS_FIT]
    assert _rules(rules.absence_days_fit(D("5.5"), D(5))) == [WorkforceRule.ABSENCE_DAYS_FIT]


def test_working_days_in_a_spell_leave_out_weekends_and_bank_holidays():
    # Christmas 2024: Monday 23 to Friday 27 December has Christmas Day (Wed) and Boxing Day
    # (Thu) as bank holidays: 3 working days. Then Mon 30, Tue 31, New Year's Day (Wed 1
    # January 2025) is a bank holiday, Thu 2 and Fri 3: 4 more. 7 in all.
    assert rules.working_days_in(date(2024, 12, 23), date(2024, 12, 27)) == 3
    assert rules.working_days_in(date(2024, 12, 23), date(2025, 1, 3)) == 7
    # A Saturday alone is no working day; a single Monday is one.
    assert rules.working_days_in(date(2025, 3, 8), date(2025, 3, 8)) == 0
    assert rules.working_days_in(date(2025, 3, 10), date(2025, 3, 10)) == 1


def test_check_raises_every_violation_found_at_once():
    with pytest.raises(WorkforceRefused) as refused:
        rules.check(rules.fte_fits(D(0)), rules.registration_number_format("X1"))
    assert refused.value.rules == (
        WorkforceRule.FTE_FITS,
        WorkforceRule.REGISTRATION_NUMBER_FORMAT,
    )
    assert refused.value.fields == ("fte", "registration_number")
