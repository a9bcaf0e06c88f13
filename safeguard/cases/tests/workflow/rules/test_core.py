"""`workflow.rules.core`: check, holds, and the rules on any date (no database)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given

from safeguard.cases.workflow import rules
from safeguard.cases.workflow.rules import (
    PRE_BIRTH_WINDOW,
    ChildFacts,
    ReferralFacts,
    Rule,
    RuleViolation,
    Violation,
    check,
)

from .support import (
    BORN,
    CHILD,
    CLOSED_REFERRAL,
    EARLIEST_PRE_BIRTH,
    OPEN_REFERRAL,
    TODAY,
    UNBORN,
    days_around,
    only,
)

# --- check and RuleViolation -------------------------------------------------------------------


def test_check_returns_quietly_when_every_rule_is_satisfied() -> None:
    check([], [])


def test_check_raises_one_error_carrying_every_violation() -> None:
    first = Violation(Rule.ONE_OPEN_REFERRAL, "First problem.", ("start_date",))
    second = Violation(Rule.ONE_OPEN_ASSESSMENT, "Second problem.", ("start_date", "end_date"))

    with pytest.raises(RuleViolation) as caught:
        check([first], [], [second])

    error = caught.value
    assert error.violations == (first, second)
    assert error.rules == ("one_open_referral", "one_open_assessment")
    assert error.code == "one_open_referral,one_open_assessment"
    assert error.fields == ("start_date", "end_date")
    assert str(error) == "First problem. Second problem."


# --- Dates: not in the future ------------------------------------------------------------------


def test_a_date_today_is_not_in_the_future() -> None:
    assert rules.dates_not_in_future(TODAY, {"referral_date": TODAY}) == []


def test_a_date_tomorrow_is_refused_as_in_the_future() -> None:
    violation = only(
        rules.dates_not_in_future(
            TODAY, {"referral_date": TODAY, "closure_date": date(2025, 3, 15)}
        )
    )

    assert violation.rule == "date_not_in_future"
    assert violation.fields == ("closure_date",)
    assert violation.message == (
        "The closure date cannot be in the future: enter today's date or an earlier one."
    )


def test_a_missing_date_is_not_checked() -> None:
    assert rules.dates_not_in_future(TODAY, {"child_seen_date": None}) == []


def test_a_field_without_a_label_is_named_from_its_field_name() -> None:
    violation = only(rules.dates_not_in_future(TODAY, {"placement_start": date(2025, 4, 1)}))

    assert violation.message.startswith("The placement start cannot be in the future")


@given(day=days_around(TODAY))
def test_only_dates_after_today_are_in_the_future(day: date) -> None:
    violations = rules.dates_not_in_future(TODAY, {"visit_date": day})

    assert bool(violations) == (day > TODAY)


# --- Dates: not before the child's birth, not after death ---------------------------------------


def test_work_on_the_day_of_birth_is_accepted() -> None:
    assert rules.dates_not_before_birth(CHILD, {"visit_date": BORN}, pre_birth_work=False) == []


def test_work_the_day_before_birth_is_refused_unless_it_is_pre_birth_work() -> None:
    violation = only(
        rules.dates_not_before_birth(CHILD, {"visit_date": date(2024, 5, 14)}, pre_birth_work=False)
    )

    assert violation.rule == "date_not_before_birth"
    assert violation.fields == ("visit_date",)
    assert violation.message == (
        "The visit date (14 May 2024) is before the child's date of birth (15 May 2024). "
        "Check both dates."
    )


def test_pre_birth_work_may_start_exactly_40_weeks_before_birth() -> None:
    assert BORN - PRE_BIRTH_WINDOW == EARLIEST_PRE_BIRTH
    assert (
        rules.dates_not_before_birth(
            CHILD, {"referral_date": EARLIEST_PRE_BIRTH}, pre_birth_work=True
        )
        == []
    )


def test_pre_birth_work_more_than_40_weeks_before_birth_is_refused() -> None:
    violation = only(
        rules.dates_not_before_birth(
            CHILD, {"referral_date": date(2023, 8, 8)}, pre_birth_work=True
        )
    )

    assert violation.rule == "date_not_before_birth"
    assert violation.fields == ("referral_date",)
    assert violation.message == (
        "The referral date (8 August 2023) is before the child's date of birth (15 May 2024) "
        "by more than 40 weeks. Check both dates."
    )


@given(day=days_around(BORN))
def test_work_that_is_not_pre_birth_is_refused_exactly_when_it_predates_the_child(
    day: date,
) -> None:
    violations = rules.dates_not_before_birth(CHILD, {"visit_date": day}, pre_birth_work=False)

    assert bool(violations) == (day < BORN)


@given(day=days_around(EARLIEST_PRE_BIRTH))
def test_pre_birth_work_is_refused_exactly_when_it_is_more_than_40_weeks_before_birth(
    day: date,
) -> None:
    violations = rules.dates_not_before_birth(CHILD, {"referral_date": day}, pre_birth_work=True)

    assert bool(violations) == (day < EARLIEST_PRE_BIRTH)
    assert all(v.rule == "date_not_before_birth" for v in violations)


def test_an_unborn_child_can_have_pre_birth_work() -> None:
    assert (
        rules.dates_not_before_birth(
            UNBORN, {"referral_date": date(2025, 3, 3)}, pre_birth_work=True
        )
        == []
    )


def test_an_unborn_child_can_have_only_pre_birth_work() -> None:
    violation = only(
        rules.dates_not_before_birth(UNBORN, {"start_date": date(2025, 3, 3)}, pre_birth_work=False)
    )

    assert violation.rule == "child_not_yet_born"
    assert violation.fields == ("start_date",)
    assert violation.message == (
        "The start date is for an unborn child: only pre-birth work can be recorded until the "
        "date of birth is entered."
    )


def test_work_on_the_day_a_child_died_is_accepted() -> None:
    child = ChildFacts(date_of_birth=BORN, date_of_death=date(2025, 1, 20))

    assert (
        rules.dates_not_before_birth(child, {"event_date": date(2025, 1, 20)}, pre_birth_work=False)
        == []
    )


def test_work_after_a_child_died_is_refused() -> None:
    child = ChildFacts(date_of_birth=BORN, date_of_death=date(2025, 1, 20))

    violation = only(
        rules.dates_not_before_birth(child, {"event_date": date(2025, 1, 21)}, pre_birth_work=False)
    )

    assert violation.rule == "date_not_after_death"
    assert violation.fields == ("event_date",)


def test_missing_dates_are_not_checked_against_birth() -> None:
    assert rules.dates_not_before_birth(CHILD, {"end_date": None}, pre_birth_work=False) == []
    assert rules.dates_not_before_birth(UNBORN, {"end_date": None}, pre_birth_work=False) == []


# --- not_before --------------------------------------------------------------------------------


def test_a_later_date_on_the_same_day_as_the_earlier_one_is_accepted() -> None:
    assert (
        rules.not_before(
            earlier=("start_date", date(2025, 1, 10)),
            later=("end_date", date(2025, 1, 10)),
            rule=Rule.WITHIN_OPEN_REFERRAL,
        )
        == []
    )


def test_a_later_date_before_the_earlier_one_is_refused_under_the_rule_named() -> None:
    violation = only(
        rules.not_before(
            earlier=("start_date", date(2025, 1, 10)),
            later=("end_date", date(2025, 1, 9)),
            rule=Rule.CIN_PLAN_END_NOT_BEFORE_START,
        )
    )

    assert violation.rule == "cin_plan_end_not_before_start"
    assert violation.fields == ("end_date",)
    assert violation.message == (
        "The end date must be on or after 10 January 2025, the start date."
    )


def test_not_before_names_what_the_earlier_date_is_when_told() -> None:
    violation = only(
        rules.not_before(
            earlier=("start_date", date(2025, 1, 10)),
            later=("start_date", date(2025, 1, 9)),
            rule=Rule.ALLOCATION_NOT_BEFORE_CURRENT,
            earlier_is="the date the current allocation started",
        )
    )

    assert violation.message == (
        "The start date must be on or after 10 January 2025, the date the current allocation "
        "started."
    )


@pytest.mark.parametrize(
    ("earlier", "later"), [(None, date(2025, 1, 1)), (date(2025, 1, 1), None), (None, None)]
)
def test_not_before_ignores_a_missing_date(earlier: date | None, later: date | None) -> None:
    assert (
        rules.not_before(earlier=("a", earlier), later=("b", later), rule=Rule.WITHIN_OPEN_REFERRAL)
        == []
    )


# --- Within an open referral ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("referral", "on"),
    [
        (OPEN_REFERRAL, date(2025, 1, 6)),
        (OPEN_REFERRAL, date(2025, 3, 14)),
        (CLOSED_REFERRAL, date(2025, 2, 28)),
    ],
)
def test_work_between_referral_and_closure_is_within_the_referral(
    referral: ReferralFacts, on: date
) -> None:
    assert rules.within_open_referral(referral, "visit_date", on) == []


def test_work_before_the_referral_date_is_refused() -> None:
    violation = only(rules.within_open_referral(OPEN_REFERRAL, "visit_date", date(2025, 1, 5)))

    assert violation.rule == "within_open_referral"
    assert violation.fields == ("visit_date",)
    assert violation.message == (
        "The visit date must be on or after 6 January 2025, the date the referral was accepted."
    )


def test_work_after_the_referral_closed_is_refused() -> None:
    violation = only(
        rules.within_open_referral(
            CLOSED_REFERRAL, "start_date", date(2025, 3, 1), rule=Rule.CIN_REVIEW_WITHIN_PLAN
        )
    )

    assert violation.rule == "cin_review_within_plan"
    assert violation.message == (
        "The start date must be on or before 28 February 2025, the date the referral closed. "
        "Work after that is recorded in a new referral."
    )


@given(day=days_around(date(2025, 2, 1), 120))
def test_a_referral_is_open_from_its_referral_date_to_its_closure_date_inclusive(
    day: date,
) -> None:
    inside = date(2025, 1, 6) <= day <= date(2025, 2, 28)

    assert CLOSED_REFERRAL.is_open_on(day) == inside
    assert (rules.within_open_referral(CLOSED_REFERRAL, "visit_date", day) == []) == inside


# --- holds and decisions -----------------------------------------------------------------------


def test_a_step_is_offered_only_when_every_rule_asked_holds() -> None:
    assert rules.holds([], [])
    assert not rules.holds([], rules.one_open_referral(date(2025, 1, 6)))


def test_a_managers_decision_with_its_reason_is_accepted() -> None:
    assert rules.decision_needs_rationale("Threshold met: injuries seen by the school.") == []


def test_a_managers_decision_needs_its_reason_on_the_field_named() -> None:
    violation = only(rules.decision_needs_rationale("  ", "decision_rationale"))

    assert violation.rule == "decision_needs_rationale"
    assert violation.fields == ("decision_rationale",)
    assert violation.message == (
        "Give the reason for the decision, so the oversight can be audited."
    )


def test_every_rule_name_is_its_own_string() -> None:
    values = [rule.value for rule in Rule]
    assert len(values) == len(set(values))
    assert all(rule == rule.value for rule in Rule)


def test_what_the_model_refused_is_reported_beside_each_field() -> None:
    violations = rules.invalid_values({"postcode": ["Enter a real postcode.", "Too long."]})

    assert [(v.rule, v.fields, v.message) for v in violations] == [
        ("invalid_value", ("postcode",), "Enter a real postcode. Too long.")
    ]


# --- One message per field ---------------------------------------------------------------------


def test_only_the_first_violation_naming_a_field_is_kept() -> None:
    completed = rules.not_before(
        earlier=("submitted_date", date(2025, 2, 10)),
        later=("authorised_date", date(2025, 1, 5)),
        rule=Rule.ASSESSMENT_AUTHORISED_AFTER_COMPLETED,
    )
    started = rules.not_before(
        earlier=("start_date", date(2025, 1, 6)),
        later=("authorised_date", date(2025, 1, 5)),
        rule=Rule.ASSESSMENT_AUTHORISED_NOT_BEFORE_START,
    )
    elsewhere = rules.decision_needs_rationale("")

    kept = rules.first_per_field(completed + started + elsewhere)

    assert [v.rule for v in kept] == [
        "assessment_authorised_after_completed",
        "decision_needs_rationale",
    ]
