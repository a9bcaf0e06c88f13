"""The statutory rules in `cases.workflow.rules`, tested as plain functions (no database).

Every rule has a case it accepts and a case it refuses; the refusals assert the rule id and
the fields at fault, and a few assert the exact message a practitioner reads. Rules with a
date edge are also checked over every nearby date with hypothesis.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguard.cases.workflow import rules
from safeguard.cases.workflow.rules import (
    PRE_BIRTH_WINDOW,
    ChildFacts,
    ConferenceFacts,
    OpenWork,
    ReferralFacts,
    RuleViolation,
    Violation,
    check,
)
from safeguard.common import codes

TODAY = date(2025, 3, 14)
BORN = date(2024, 5, 15)
CHILD = ChildFacts(date_of_birth=BORN)
UNBORN = ChildFacts(date_of_birth=None, expected_date_of_birth=date(2025, 6, 20))
# 40 weeks (280 days) before 15 May 2024 is 9 August 2023: the rest of August 22, then
# September to April 30 + 31 + 30 + 31 + 31 + 29 (2024 is a leap year) + 31 + 30, then 15 in May.
EARLIEST_PRE_BIRTH = date(2023, 8, 9)

OPEN_REFERRAL = ReferralFacts(referral_date=date(2025, 1, 6))
CLOSED_REFERRAL = ReferralFacts(referral_date=date(2025, 1, 6), closure_date=date(2025, 2, 28))

FACTOR_CODES = frozenset(codes.AssessmentFactor.values)


def only(violations: list[Violation]) -> Violation:
    assert len(violations) == 1, violations
    return violations[0]


def days_around(centre: date, days: int = 400) -> st.SearchStrategy[date]:
    return st.dates(
        min_value=centre - timedelta(days=days), max_value=centre + timedelta(days=days)
    )


# --- check and RuleViolation -------------------------------------------------------------------


def test_check_returns_quietly_when_every_rule_is_satisfied() -> None:
    check([], [])


def test_check_raises_one_error_carrying_every_violation() -> None:
    first = Violation("rule_a", "First problem.", ("start_date",))
    second = Violation("rule_b", "Second problem.", ("start_date", "end_date"))

    with pytest.raises(RuleViolation) as caught:
        check([first], [], [second])

    error = caught.value
    assert error.violations == (first, second)
    assert error.rules == ("rule_a", "rule_b")
    assert error.code == "rule_a,rule_b"
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
            rule="some_rule",
        )
        == []
    )


def test_a_later_date_before_the_earlier_one_is_refused_under_the_rule_named() -> None:
    violation = only(
        rules.not_before(
            earlier=("start_date", date(2025, 1, 10)),
            later=("end_date", date(2025, 1, 9)),
            rule="some_rule",
        )
    )

    assert violation.rule == "some_rule"
    assert violation.fields == ("end_date",)
    assert violation.message == (
        "The end date (9 January 2025) cannot be before the start date (10 January 2025)."
    )


@pytest.mark.parametrize(
    ("earlier", "later"), [(None, date(2025, 1, 1)), (date(2025, 1, 1), None), (None, None)]
)
def test_not_before_ignores_a_missing_date(earlier: date | None, later: date | None) -> None:
    assert rules.not_before(earlier=("a", earlier), later=("b", later), rule="r") == []


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
        "The visit date (5 January 2025) is before the referral date (6 January 2025). Record "
        "it within an open referral, or open a new referral first."
    )


def test_work_after_the_referral_closed_is_refused() -> None:
    violation = only(
        rules.within_open_referral(CLOSED_REFERRAL, "start_date", date(2025, 3, 1), rule="r")
    )

    assert violation.rule == "r"
    assert "after the referral was closed (28 February 2025)" in violation.message


@given(day=days_around(date(2025, 2, 1), 120))
def test_a_referral_is_open_from_its_referral_date_to_its_closure_date_inclusive(
    day: date,
) -> None:
    inside = date(2025, 1, 6) <= day <= date(2025, 2, 28)

    assert CLOSED_REFERRAL.is_open_on(day) == inside
    assert (rules.within_open_referral(CLOSED_REFERRAL, "visit_date", day) == []) == inside


# --- Section 47 enquiry inside an open referral -------------------------------------------------


def test_a_section47_enquiry_can_start_inside_an_open_referral() -> None:
    assert rules.section47_requires_open_referral(OPEN_REFERRAL, date(2025, 1, 13)) == []


@pytest.mark.parametrize(
    ("referral", "start"),
    [(OPEN_REFERRAL, date(2025, 1, 3)), (CLOSED_REFERRAL, date(2025, 3, 3))],
    ids=["before the referral", "after it closed"],
)
def test_no_section47_enquiry_outside_an_open_referral(
    referral: ReferralFacts, start: date
) -> None:
    violation = only(rules.section47_requires_open_referral(referral, start))

    assert violation.rule == "section47_requires_open_referral"
    assert violation.fields == ("start_date",)


@given(start=days_around(date(2025, 2, 1), 120))
def test_a_section47_enquiry_is_refused_exactly_when_the_referral_is_not_open(start: date) -> None:
    violations = rules.section47_requires_open_referral(CLOSED_REFERRAL, start)

    assert bool(violations) == (not CLOSED_REFERRAL.is_open_on(start))


# --- Assessment authorisation ------------------------------------------------------------------


@pytest.mark.parametrize("authorised", [date(2025, 1, 10), date(2025, 2, 26), None])
def test_an_assessment_can_be_authorised_on_or_after_the_day_it_starts(
    authorised: date | None,
) -> None:
    assert rules.assessment_authorised_not_before_start(date(2025, 1, 10), authorised) == []


def test_an_assessment_cannot_be_authorised_before_it_starts() -> None:
    violation = only(
        rules.assessment_authorised_not_before_start(date(2025, 1, 10), date(2025, 1, 9))
    )

    assert violation.rule == "assessment_authorised_not_before_start"
    assert violation.fields == ("authorised_date",)
    assert violation.message == (
        "The authorisation date (9 January 2025) cannot be before the start date (10 January 2025)."
    )


@given(authorised=days_around(date(2025, 1, 10), 60))
def test_assessment_authorisation_is_refused_exactly_when_it_predates_the_start(
    authorised: date,
) -> None:
    violations = rules.assessment_authorised_not_before_start(date(2025, 1, 10), authorised)

    assert bool(violations) == (authorised < date(2025, 1, 10))


# --- Child protection plans --------------------------------------------------------------------

ICPC = date(2025, 2, 3)


def test_a_plan_starts_on_the_day_of_an_initial_conference_that_decided_on_one() -> None:
    assert (
        rules.plan_starts_at_initial_conference(ConferenceFacts("initial", ICPC, "plan"), ICPC)
        == []
    )


def test_a_plan_cannot_start_at_a_review_conference() -> None:
    violation = only(
        rules.plan_starts_at_initial_conference(
            ConferenceFacts("review", ICPC, "continue_plan"), ICPC
        )
    )

    assert violation.rule == "plan_starts_at_initial_conference"
    assert violation.fields == ("initial_conference",)


def test_a_plan_cannot_start_at_an_initial_conference_that_decided_on_no_plan() -> None:
    violation = only(
        rules.plan_starts_at_initial_conference(ConferenceFacts("initial", ICPC, "no_plan"), ICPC)
    )

    assert violation.rule == "plan_starts_at_initial_conference"
    assert violation.fields == ("initial_conference", "outcome")


def test_a_plan_cannot_start_on_a_day_other_than_the_initial_conference() -> None:
    violation = only(
        rules.plan_starts_at_initial_conference(
            ConferenceFacts("initial", ICPC, "plan"), date(2025, 2, 4)
        )
    )

    assert violation.rule == "plan_starts_at_initial_conference"
    assert violation.fields == ("start_date",)
    assert violation.message == (
        "A child protection plan starts on the day of the initial conference (3 February 2025), "
        "not 4 February 2025."
    )


def test_a_plan_at_the_wrong_conference_on_the_wrong_day_reports_both() -> None:
    violations = rules.plan_starts_at_initial_conference(
        ConferenceFacts("review", ICPC, "continue_plan"), date(2025, 2, 4)
    )

    assert [v.fields for v in violations] == [("initial_conference",), ("start_date",)]


def test_a_child_without_an_open_plan_can_start_one() -> None:
    assert rules.one_open_protection_plan(None) == []


def test_a_child_has_at_most_one_open_child_protection_plan() -> None:
    violation = only(rules.one_open_protection_plan(date(2024, 11, 4)))

    assert violation.rule == "one_open_protection_plan"
    assert violation.fields == ("start_date",)
    assert violation.message == (
        "The child already has a child protection plan open since 4 November 2024. End it at a "
        "review conference before starting another."
    )


# --- Closing a referral ------------------------------------------------------------------------


def test_a_referral_whose_work_is_finished_can_close() -> None:
    finished = OpenWork(latest_activity=date(2025, 2, 26))

    assert rules.referral_can_close(OPEN_REFERRAL, date(2025, 2, 26), "RC7", finished) == []


def test_a_referral_cannot_close_twice() -> None:
    violation = only(rules.referral_can_close(CLOSED_REFERRAL, date(2025, 3, 3), "RC7", OpenWork()))

    assert violation.rule == "referral_already_closed"
    assert violation.fields == ("closure_date",)


def test_a_referral_cannot_close_before_it_opened() -> None:
    violation = only(rules.referral_can_close(OPEN_REFERRAL, date(2025, 1, 5), "RC7", OpenWork()))

    assert violation.rule == "referral_closed_not_before_opened"
    assert violation.fields == ("closure_date",)


def test_a_referral_can_close_on_the_day_it_opened() -> None:
    assert rules.referral_can_close(OPEN_REFERRAL, date(2025, 1, 6), "RC8", OpenWork()) == []


def test_closing_a_referral_needs_a_reason() -> None:
    violation = only(rules.referral_can_close(OPEN_REFERRAL, date(2025, 2, 3), "", OpenWork()))

    assert violation.rule == "referral_closure_needs_reason"
    assert violation.fields == ("closure_reason",)


@pytest.mark.parametrize(
    ("open_work", "named"),
    [
        (OpenWork(assessments_unauthorised=1), "1 assessment not yet authorised"),
        (OpenWork(section47_enquiries_open=1), "1 section 47 enquiry not yet completed"),
        (OpenWork(protection_plans_open=1), "1 child protection plan still open"),
        (OpenWork(cin_plans_open=2), "2 child in need plan still open"),
        (OpenWork(extra={"strategy discussion pending": 1}), "1 strategy discussion pending"),
    ],
)
def test_closing_a_referral_requires_what_it_contains_to_be_finished(
    open_work: OpenWork, named: str
) -> None:
    violation = only(rules.referral_can_close(OPEN_REFERRAL, date(2025, 2, 3), "RC7", open_work))

    assert violation.rule == "referral_close_requires_finished_work"
    assert violation.fields == ("closure_date",)
    assert named in violation.message


def test_closing_a_referral_lists_all_its_unfinished_work_in_one_message() -> None:
    open_work = OpenWork(
        assessments_unauthorised=1,
        section47_enquiries_open=1,
        protection_plans_open=1,
        cin_plans_open=1,
    )

    violation = only(rules.referral_can_close(OPEN_REFERRAL, date(2025, 2, 3), "RC7", open_work))

    assert violation.message == (
        "The referral cannot close while work inside it is open: 1 assessment not yet "
        "authorised; 1 section 47 enquiry not yet completed; 1 child protection plan still "
        "open; 1 child in need plan still open. Finish or end these first."
    )


def test_a_referral_cannot_close_before_the_last_work_recorded_in_it() -> None:
    violation = only(
        rules.referral_can_close(
            OPEN_REFERRAL,
            date(2025, 2, 25),
            "RC7",
            OpenWork(latest_activity=date(2025, 2, 26)),
        )
    )

    assert violation.rule == "referral_closed_after_last_activity"
    assert violation.fields == ("closure_date",)


# --- Assessment factors ------------------------------------------------------------------------


@pytest.mark.parametrize("factors", [["16A", "3B"], ["21"], []])
def test_census_factors_chosen_once_are_accepted(factors: list[str]) -> None:
    assert rules.assessment_factors_valid(factors, FACTOR_CODES) == []


def test_factors_must_be_census_codes() -> None:
    violation = only(rules.assessment_factors_valid(["16A", "99Z"], FACTOR_CODES))

    assert violation.rule == "assessment_factors_known"
    assert violation.fields == ("factors",)
    assert violation.message == "These factors are not census codes: 99Z."


def test_each_factor_can_be_chosen_once() -> None:
    violation = only(rules.assessment_factors_valid(["16A", "16A"], FACTOR_CODES))

    assert violation.rule == "assessment_factors_unique"
    assert violation.fields == ("factors",)


def test_no_factors_identified_cannot_be_chosen_with_other_factors() -> None:
    violation = only(rules.assessment_factors_valid(["21", "16A"], FACTOR_CODES))

    assert violation.rule == "assessment_factor_21_alone"
    assert violation.fields == ("factors",)


# --- Visits: was the child seen ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("child_seen", "seen_alone", "reason"),
    [(True, True, ""), (True, False, ""), (False, False, "Child at school")],
)
def test_a_visit_that_says_consistently_whether_the_child_was_seen_is_accepted(
    child_seen: bool, seen_alone: bool, reason: str
) -> None:
    assert (
        rules.visit_seen_consistent(
            child_seen=child_seen, seen_alone=seen_alone, not_seen_reason=reason, child_born=True
        )
        == []
    )


def test_a_child_cannot_be_seen_alone_without_being_seen() -> None:
    violation = only(
        rules.visit_seen_consistent(
            child_seen=False, seen_alone=True, not_seen_reason="Asleep", child_born=True
        )
    )

    assert violation.rule == "visit_seen_alone_requires_seen"
    assert violation.fields == ("seen_alone",)


def test_a_visit_where_the_child_was_not_seen_needs_a_reason() -> None:
    violation = only(
        rules.visit_seen_consistent(
            child_seen=False, seen_alone=False, not_seen_reason="   ", child_born=True
        )
    )

    assert violation.rule == "visit_not_seen_needs_reason"
    assert violation.fields == ("not_seen_reason",)
    assert violation.message == "Say why the child was not seen."


def test_an_unborn_child_cannot_be_seen() -> None:
    violation = only(
        rules.visit_seen_consistent(
            child_seen=True, seen_alone=False, not_seen_reason="", child_born=False
        )
    )

    assert violation.rule == "visit_unborn_not_seen"
    assert violation.fields == ("child_seen",)


def test_a_pre_birth_visit_is_recorded_as_not_seen() -> None:
    assert (
        rules.visit_seen_consistent(
            child_seen=False,
            seen_alone=False,
            not_seen_reason="Pre-birth visit",
            child_born=False,
        )
        == []
    )
