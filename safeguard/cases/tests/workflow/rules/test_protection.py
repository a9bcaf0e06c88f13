"""`workflow.rules.protection`: section 47 enquiries, conferences, plans (no database)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given

from safeguard.cases.workflow import rules
from safeguard.cases.workflow.rules import (
    ConferenceFacts,
    ReferralFacts,
)
from safeguard.common import codes

from .support import (
    CLOSED_REFERRAL,
    OPEN_REFERRAL,
    days_around,
    only,
)

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


# --- Enquiries, conferences, reviews, core groups -----------------------------------------------

ICPC_DAY = date(2025, 2, 10)


def test_an_enquiry_starts_on_the_day_of_its_strategy_discussion() -> None:
    assert rules.section47_starts_at_strategy(ICPC_DAY, ICPC_DAY) == []
    violation = only(rules.section47_starts_at_strategy(ICPC_DAY, date(2025, 2, 11)))
    assert violation.rule == "section47_starts_at_strategy"


def test_one_enquiry_at_a_time_in_a_referral() -> None:
    assert rules.one_open_section47(False) == []
    assert only(rules.one_open_section47(True)).rule == "one_open_section47"


def test_an_enquiry_is_completed_after_it_started_and_once() -> None:
    assert rules.section47_completed_not_before_start(ICPC_DAY, ICPC_DAY) == []
    early = only(rules.section47_completed_not_before_start(ICPC_DAY, date(2025, 2, 9)))
    assert early.rule == "section47_completed_not_before_start"
    assert rules.section47_completed_once(None) == []
    assert only(rules.section47_completed_once(ICPC_DAY)).message == (
        "This enquiry is already completed."
    )


def test_an_initial_conference_follows_its_enquiry() -> None:
    assert rules.conference_not_before_section47(ICPC_DAY, ICPC_DAY) == []
    violation = only(rules.conference_not_before_section47(ICPC_DAY, date(2025, 2, 9)))
    assert (violation.rule, violation.fields) == (
        "conference_not_before_section47",
        ("conference_date",),
    )


@pytest.mark.parametrize(
    ("kind", "outcome", "enquiry", "plan", "rule"),
    [
        ("initial", "plan", True, False, None),
        ("initial", "no_plan", True, False, None),
        ("review", "continue_plan", False, True, None),
        ("review", "end_plan", False, True, None),
        ("initial", "continue_plan", True, False, "conference_outcome_fits_kind"),
        ("initial", "plan", False, False, "conference_outcome_fits_kind"),
        ("review", "plan", False, True, "conference_review_has_plan"),
        ("review", "end_plan", False, False, "conference_review_has_plan"),
    ],
)
def test_a_conferences_outcome_fits_its_kind(
    kind: str, outcome: str, enquiry: bool, plan: bool, rule: str | None
) -> None:
    violations = rules.conference_outcome_fits_kind(
        kind, outcome, has_enquiry=enquiry, has_plan=plan
    )
    assert [v.rule for v in violations] == ([rule] if rule else [])


def test_an_initial_conference_starts_a_plan_exactly_when_it_decides_on_one() -> None:
    assert rules.initial_conference_started_a_plan("plan", True) == []
    assert rules.initial_conference_started_a_plan("no_plan", False) == []
    assert only(rules.initial_conference_started_a_plan("plan", False)).rule == (
        "plan_starts_at_initial_conference"
    )
    assert only(rules.initial_conference_started_a_plan("no_plan", True)).rule == (
        "plan_starts_at_initial_conference"
    )


def test_a_protection_plan_cannot_start_before_the_child_in_need_plan_it_ends() -> None:
    assert rules.protection_plan_not_before_cin_plan(None, ICPC_DAY) == []
    assert rules.protection_plan_not_before_cin_plan(ICPC_DAY, ICPC_DAY) == []
    violation = only(rules.protection_plan_not_before_cin_plan(date(2025, 2, 11), ICPC_DAY))
    assert violation.rule == "protection_plan_not_before_cin_plan"


def test_a_plan_has_a_census_category_of_abuse() -> None:
    assert rules.plan_has_category(codes.CategoryOfAbuse.values[0]) == []
    violation = only(rules.plan_has_category(""))
    assert (violation.rule, violation.fields) == ("plan_needs_category", ("category",))


def test_a_review_may_keep_the_category_or_choose_another_census_one() -> None:
    assert rules.review_category_known("") == []
    assert rules.review_category_known(codes.CategoryOfAbuse.values[0]) == []
    violation = only(rules.review_category_known("XYZ"))
    assert (violation.rule, violation.fields) == ("plan_needs_category", ("latest_category",))


def test_a_review_conference_needs_an_open_plan() -> None:
    assert rules.review_needs_open_plan(None) == []
    violation = only(rules.review_needs_open_plan(date(2025, 5, 1)))
    assert violation.rule == "review_needs_open_plan"
    assert violation.message == (
        "This plan ended on 01 May 2025; a review conference needs an open plan."
    )


def test_reviews_follow_the_previous_conference() -> None:
    assert rules.review_after_previous_conference(ICPC_DAY, ICPC_DAY) == []
    violation = only(rules.review_after_previous_conference(ICPC_DAY, date(2025, 2, 9)))
    assert violation.rule == "review_after_previous_conference"


def test_a_plan_ends_on_the_day_of_the_review_that_ends_it() -> None:
    assert rules.plan_ends_at_review(ends_here=True, plan_ends_on_this_date=True) == []
    assert rules.plan_ends_at_review(ends_here=False, plan_ends_on_this_date=False) == []
    assert only(rules.plan_ends_at_review(ends_here=True, plan_ends_on_this_date=False)).rule == (
        "plan_ends_at_review"
    )
    assert only(rules.plan_ends_at_review(ends_here=False, plan_ends_on_this_date=True)).rule == (
        "plan_ends_at_review"
    )


def test_the_core_group_meets_from_the_plans_start() -> None:
    assert rules.core_group_within_plan(ICPC_DAY, ICPC_DAY) == []
    violation = only(rules.core_group_within_plan(ICPC_DAY, date(2025, 2, 9)))
    assert (violation.rule, violation.fields) == ("core_group_within_plan", ("meeting_date",))


def test_the_core_group_meets_while_the_plan_lasts() -> None:
    assert rules.core_group_needs_open_plan(None) == []
    violation = only(rules.core_group_needs_open_plan(date(2025, 3, 3)))
    assert (violation.rule, violation.fields) == ("core_group_needs_open_plan", ("meeting_date",))
    assert violation.message == (
        "This child protection plan ended on 3 March 2025; a core group meets while the plan lasts."
    )


# --- The initial conference an enquiry awaits ----------------------------------------------------


@pytest.mark.parametrize("required", [None, True])
def test_an_enquiry_awaits_its_initial_conference_until_it_is_held(required: bool | None) -> None:
    assert (
        rules.initial_conference_awaited(conference_required=required, initial_conference_date=None)
        == []
    )


def test_an_enquiry_has_one_initial_conference() -> None:
    violation = only(
        rules.initial_conference_awaited(
            conference_required=True, initial_conference_date=date(2025, 1, 31)
        )
    )

    assert violation.rule == "initial_conference_awaited"
    assert "held on 31 January 2025" in violation.message


def test_an_enquiry_that_needs_no_conference_awaits_none() -> None:
    violation = only(
        rules.initial_conference_awaited(conference_required=False, initial_conference_date=None)
    )

    assert violation.rule == "initial_conference_awaited"


def test_an_initial_conference_before_its_enquiry_is_told_the_enquirys_start() -> None:
    violation = only(
        rules.initial_conference_dates(OPEN_REFERRAL, date(2025, 1, 13), date(2025, 1, 10))
    )

    assert violation.rule == "conference_not_before_section47"
    assert violation.message == (
        "The conference date must be on or after 13 January 2025, the date the section 47 "
        "enquiry started."
    )


def test_an_initial_conference_after_the_referral_closed_is_refused() -> None:
    violation = only(
        rules.initial_conference_dates(CLOSED_REFERRAL, date(2025, 1, 13), date(2025, 3, 3))
    )

    assert violation.rule == "within_open_referral"
    assert rules.initial_conference_dates(OPEN_REFERRAL, date(2025, 1, 13), None) == []


# --- Who took part in a conference, and the plan it agrees ----------------------------------------


def test_a_conference_records_at_least_one_agency_present() -> None:
    assert rules.conference_agencies_present("Police") == []
    violation = only(rules.conference_agencies_present("  "))

    assert violation.rule == "conference_agencies_present"
    assert violation.fields == ("agencies_present",)


def test_a_conference_records_who_attended() -> None:
    assert rules.conference_attendees_given("Sam Testparent, mother") == []
    violation = only(rules.conference_attendees_given(""))

    assert violation.rule == "conference_attendees_given"
    assert violation.message == "Enter who attended the conference, with their roles."


def test_a_conference_records_how_the_parents_and_the_child_took_part() -> None:
    assert rules.conference_participation_given("attended", "advocate") == []
    violations = rules.conference_participation_given("", "")

    assert [(v.rule, v.fields) for v in violations] == [
        ("conference_participation_given", ("parents_participation",)),
        ("conference_participation_given", ("child_participation",)),
    ]
    assert only(rules.conference_participation_given("attended", "")).fields == (
        "child_participation",
    )


@pytest.mark.parametrize(
    ("kind", "outcome", "which"),
    [("initial", "plan", "first"), ("review", "continue_plan", "next")],
)
def test_a_plan_that_starts_or_goes_on_needs_its_outline_and_next_dates(
    kind: str, outcome: str, which: str
) -> None:
    violations = rules.conference_plan_given(
        kind=kind,
        outcome=outcome,
        plan_outline=" ",
        next_core_group_date=None,
        next_review_date=None,
    )

    assert {v.rule for v in violations} == {"conference_plan_given"}
    assert [v.message for v in violations] == [
        "Enter the outline plan the conference agreed.",
        f"Enter the date of the {which} core group meeting.",
        f"Enter the date of the {which} review conference.",
    ]
    assert (
        rules.conference_plan_given(
            kind=kind,
            outcome=outcome,
            plan_outline="Weekly parenting course.",
            next_core_group_date=date(2025, 2, 10),
            next_review_date=date(2025, 4, 28),
        )
        == []
    )


@pytest.mark.parametrize(("kind", "outcome"), [("initial", "no_plan"), ("review", "end_plan")])
def test_a_conference_that_starts_no_plan_or_ends_it_sets_no_plan_or_dates(
    kind: str, outcome: str
) -> None:
    nothing = {"plan_outline": "", "next_core_group_date": None, "next_review_date": None}
    assert rules.conference_plan_given(kind=kind, outcome=outcome, **nothing) == []

    violation = only(
        rules.conference_plan_given(
            kind=kind, outcome=outcome, **{**nothing, "next_review_date": date(2025, 5, 1)}
        )
    )

    assert violation.rule == "conference_plan_only_with_plan"
    assert violation.fields == ("next_review_date",)


# Thursday 10 April 2025: the 10 working days skip Good Friday (18 April) and Easter Monday
# (21 April): 11, 14, 15, 16, 17, 22, 23, 24, 25 and Monday 28 April.
EASTER_ICPC = date(2025, 4, 10)


@pytest.mark.parametrize(
    ("core_group", "refused"),
    [
        (date(2025, 4, 10), "must be after 10 April 2025, the date of the conference."),
        (date(2025, 4, 11), None),
        (date(2025, 4, 28), None),
        (
            date(2025, 4, 29),
            "must be on or before 28 April 2025, 10 working days after the conference.",
        ),
    ],
    ids=["the conference day", "the next day", "the 10th working day", "a day late"],
)
def test_the_first_core_group_is_planned_within_10_working_days_across_easter(
    core_group: date, refused: str | None
) -> None:
    violations = rules.conference_next_core_group_in_time(
        kind="initial", conference_date=EASTER_ICPC, next_core_group_date=core_group
    )

    if refused is None:
        assert violations == []
    else:
        violation = only(violations)
        assert violation.rule == "conference_next_core_group_in_time"
        assert violation.fields == ("next_core_group_date",)
        assert violation.message == f"The date of the first core group meeting {refused}"


def test_a_later_core_group_is_planned_after_the_review_with_no_clock_of_its_own() -> None:
    review = date(2025, 4, 10)
    assert (
        rules.conference_next_core_group_in_time(
            kind="review", conference_date=review, next_core_group_date=date(2025, 7, 1)
        )
        == []
    )
    violation = only(
        rules.conference_next_core_group_in_time(
            kind="review", conference_date=review, next_core_group_date=date(2025, 4, 9)
        )
    )
    assert violation.message == (
        "The date of the next core group meeting must be after 10 April 2025, the date of the "
        "conference."
    )


@pytest.mark.parametrize(
    ("kind", "conference", "last_day", "limit"),
    [
        # The first review within 3 months of the initial conference.
        ("initial", date(2025, 3, 13), date(2025, 6, 13), "3 months"),
        # Later ones within 6 months; from 31 August, the last day of February.
        ("review", date(2024, 8, 31), date(2025, 2, 28), "6 months"),
    ],
    ids=["first review", "later review"],
)
def test_the_next_review_is_planned_within_its_clock(
    kind: str, conference: date, last_day: date, limit: str
) -> None:
    def asked(on: date) -> list[rules.Violation]:
        return rules.conference_next_review_in_time(
            kind=kind, conference_date=conference, next_review_date=on
        )

    assert asked(last_day) == []
    violation = only(asked(date.fromordinal(last_day.toordinal() + 1)))
    which = "first" if kind == "initial" else "next"
    assert violation.rule == "conference_next_review_in_time"
    assert violation.message == (
        f"The date of the {which} review conference must be on or before "
        f"{last_day.day} {last_day:%B %Y}, {limit} after the conference."
    )
    assert only(asked(conference)).message.endswith("the date of the conference.")


def test_the_planned_dates_follow_the_authoritys_clocks() -> None:
    """The lengths come from the clocks passed in (the authority's, with local overrides),
    not from numbers in the rule."""
    from dataclasses import replace

    from safeguard.timescales.clocks import CLOCKS

    longer = replace(
        CLOCKS["first_core_group"], period=replace(CLOCKS["first_core_group"].period, amount=15)
    )
    clocks = {**CLOCKS, "first_core_group": longer}

    assert (
        rules.conference_planned_dates(
            kind="initial",
            conference_date=EASTER_ICPC,
            next_core_group_date=date(2025, 4, 29),
            next_review_date=None,
            clocks=clocks,
        )
        == []
    )


def test_missing_planned_dates_are_not_checked_for_time() -> None:
    assert (
        rules.conference_planned_dates(
            kind="initial",
            conference_date=None,
            next_core_group_date=date(2020, 1, 1),
            next_review_date=date(2020, 1, 1),
        )
        == []
    )
