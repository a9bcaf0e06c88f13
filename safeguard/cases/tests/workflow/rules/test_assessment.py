"""`workflow.rules.assessment`: starting, completing and authorising (no database)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given

from safeguard.cases.workflow import rules

from .support import (
    FACTOR_CODES,
    OPEN_REFERRAL,
    days_around,
    only,
)

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
        "The authorisation date must be on or after 10 January 2025, the date the assessment "
        "started."
    )


@given(authorised=days_around(date(2025, 1, 10), 60))
def test_assessment_authorisation_is_refused_exactly_when_it_predates_the_start(
    authorised: date,
) -> None:
    violations = rules.assessment_authorised_not_before_start(date(2025, 1, 10), authorised)

    assert bool(violations) == (authorised < date(2025, 1, 10))


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


# --- The written assessment --------------------------------------------------------------------

WRITTEN = {name: f"Fictional text for {name}." for name in rules.ASSESSMENT_SECTIONS}


def test_an_assessment_written_in_every_section_is_accepted() -> None:
    assert rules.assessment_sections_written(WRITTEN, child_seen=True) == []
    assert rules.assessment_sections_written(WRITTEN, child_seen=False) == []


def test_the_sections_follow_the_assessment_framework() -> None:
    assert rules.ASSESSMENT_SECTIONS == (
        "developmental_needs",
        "parenting_capacity",
        "family_and_environment",
        "childs_voice",
        "analysis",
        "plan",
    )


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ("developmental_needs", "Enter the child's developmental needs."),
        ("parenting_capacity", "Enter the parenting capacity."),
        ("family_and_environment", "Enter the family and environmental factors."),
        ("childs_voice", "Enter the child's voice: their wishes, feelings and lived experience."),
        ("analysis", "Enter your analysis."),
        ("plan", "Enter the plan."),
    ],
)
@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_each_section_left_blank_is_named_with_its_own_message(
    section: str, message: str, blank: str
) -> None:
    violation = only(
        rules.assessment_sections_written({**WRITTEN, section: blank}, child_seen=True)
    )

    assert violation.rule == "assessment_section_required"
    assert violation.fields == (section,)
    assert violation.message == message


def test_every_blank_section_is_named_at_once_in_the_frameworks_order() -> None:
    violations = rules.assessment_sections_written({}, child_seen=True)

    assert [v.fields for v in violations] == [(name,) for name in rules.ASSESSMENT_SECTIONS]


def test_the_childs_voice_is_needed_even_when_the_child_was_not_seen() -> None:
    violation = only(
        rules.assessment_sections_written({**WRITTEN, "childs_voice": ""}, child_seen=False)
    )

    assert violation.fields == ("childs_voice",)
    assert violation.message == (
        "Enter the child's voice: the child was not seen, so say why their views could not be "
        "gathered."
    )


# --- One at a time, completion, authorisation once ---------------------------------------------


def test_an_assessment_can_start_when_none_is_in_progress() -> None:
    assert rules.one_open_assessment(False) == []


def test_one_assessment_at_a_time_in_a_referral() -> None:
    violation = only(rules.one_open_assessment(True))
    assert violation.rule == "one_open_assessment"
    assert violation.message == (
        "An assessment is already in progress in this referral (census rule 8839)."
    )


def test_an_assessment_is_completed_on_or_after_the_day_it_started() -> None:
    assert rules.assessment_completed_not_before_start(date(2025, 1, 10), date(2025, 1, 10)) == []
    assert rules.assessment_completed_not_before_start(date(2025, 1, 10), None) == []
    violation = only(
        rules.assessment_completed_not_before_start(date(2025, 1, 10), date(2025, 1, 9))
    )
    assert (violation.rule, violation.fields) == (
        "assessment_completed_not_before_start",
        ("submitted_date",),
    )


def test_a_completed_assessment_records_its_factors() -> None:
    assert rules.assessment_factors_given(["21"]) == []
    violation = only(rules.assessment_factors_given([]))
    assert violation.rule == "assessment_factors_required"


def test_an_authorised_assessment_no_longer_changes() -> None:
    assert rules.assessment_unchanged_once_authorised(None) == []
    violation = only(rules.assessment_unchanged_once_authorised(date(2025, 2, 1)))
    assert (violation.rule, violation.fields) == (
        "assessment_already_authorised",
        ("submitted_date",),
    )


def test_an_assessment_is_authorised_once() -> None:
    assert rules.assessment_authorised_once(None) == []
    violation = only(rules.assessment_authorised_once(date(2025, 2, 1)))
    assert (violation.rule, violation.message) == (
        "assessment_already_authorised",
        "This assessment is already authorised.",
    )


def test_an_assessment_is_authorised_on_or_after_it_was_completed() -> None:
    assert rules.assessment_authorised_after_completed(date(2025, 2, 1), date(2025, 2, 1)) == []
    assert rules.assessment_authorised_after_completed(None, None) == []
    early = only(rules.assessment_authorised_after_completed(date(2025, 2, 1), date(2025, 1, 31)))
    assert early.rule == "assessment_authorised_after_completed"


def test_an_assessment_not_completed_cannot_be_authorised() -> None:
    violation = only(rules.assessment_authorised_after_completed(None, date(2025, 2, 1)))
    assert violation.rule == "assessment_authorised_after_completed"
    assert violation.message == (
        "The assessment has not been completed yet, so it cannot be authorised."
    )


@pytest.mark.parametrize(
    ("submitted", "authorised", "awaiting"),
    [
        (date(2025, 2, 1), None, True),
        (None, None, False),
        (date(2025, 2, 1), date(2025, 2, 3), False),
    ],
)
def test_only_a_completed_unauthorised_assessment_awaits_a_manager(
    submitted: date | None, authorised: date | None, awaiting: bool
) -> None:
    violations = rules.assessment_awaiting_authorisation(submitted, authorised)
    assert rules.holds(violations) == awaiting
    assert all(v.rule == "assessment_return_needs_submitted" for v in violations)


# --- Which assessment may start ------------------------------------------------------------------


def test_an_assessment_may_start_in_a_referral_with_none_yet() -> None:
    assert rules.assessment_may_start(in_progress=False, authorised_date=None) == []


def test_no_assessment_starts_while_one_is_in_progress() -> None:
    violation = only(rules.assessment_may_start(in_progress=True, authorised_date=None))

    assert violation.rule == "one_open_assessment"


def test_no_second_assessment_starts_once_the_referrals_assessment_is_authorised() -> None:
    violation = only(
        rules.assessment_may_start(in_progress=False, authorised_date=date(2025, 2, 12))
    )

    assert violation.rule == "assessment_once_per_referral"
    assert violation.fields == ("start_date",)
    assert violation.message.startswith(
        "The assessment in this referral was authorised on 12 February 2025."
    )


def test_an_assessment_starts_inside_its_referral() -> None:
    assert rules.assessment_start_dates(OPEN_REFERRAL, date(2025, 1, 6)) == []
    assert rules.assessment_start_dates(OPEN_REFERRAL, None) == []
    violation = only(rules.assessment_start_dates(OPEN_REFERRAL, date(2025, 1, 3)))

    assert violation.message == (
        "The start date must be on or after 6 January 2025, the date the referral was accepted."
    )


# --- The date the child was seen -------------------------------------------------------------


@pytest.mark.parametrize("seen", [date(2025, 3, 3), date(2025, 3, 12), None])
def test_the_child_may_be_seen_from_the_day_the_referral_was_accepted(seen: date | None) -> None:
    assert rules.child_seen_not_before_referral(date(2025, 3, 3), seen) == []


def test_the_child_cannot_have_been_seen_before_the_referral_was_accepted() -> None:
    violation = only(rules.child_seen_not_before_referral(date(2025, 3, 3), date(2024, 4, 2)))

    assert violation.rule == "child_seen_not_before_referral"
    assert violation.fields == ("child_seen_date",)
    assert violation.message == (
        "The date the child was seen must be on or after 3 March 2025, the date the referral "
        "was accepted."
    )


def test_a_completed_assessment_is_checked_against_its_start_and_its_referral() -> None:
    violations = rules.assessment_submit_dates(
        referral_date=date(2025, 3, 3),
        start_date=date(2025, 3, 4),
        submitted_date=date(2025, 3, 1),
        child_seen_date=date(2025, 3, 2),
    )

    assert [(v.rule, v.fields) for v in violations] == [
        ("assessment_completed_not_before_start", ("submitted_date",)),
        ("child_seen_not_before_referral", ("child_seen_date",)),
    ]


# --- The authorisation date ----------------------------------------------------------------------


def test_an_authorisation_before_the_start_is_told_the_later_bound_once() -> None:
    violation = only(
        rules.assessment_authorise_dates(
            start_date=date(2025, 3, 4),
            submitted_date=date(2025, 3, 12),
            authorised_date=date(2025, 3, 1),
        )
    )

    assert violation.rule == "assessment_authorised_after_completed"
    assert violation.message == (
        "The authorisation date must be on or after 12 March 2025, the date the assessment was "
        "completed."
    )


@given(authorised=days_around(date(2025, 3, 12), 60))
def test_an_authorisation_is_refused_exactly_when_it_predates_the_completion(
    authorised: date,
) -> None:
    violations = rules.assessment_authorise_dates(
        start_date=date(2025, 3, 4), submitted_date=date(2025, 3, 12), authorised_date=authorised
    )

    assert bool(violations) == (authorised < date(2025, 3, 12))


# --- Who may change the assessment -------------------------------------------------------------


def test_the_worker_changes_the_assessment_until_they_submit_it() -> None:
    assert rules.assessment_open_to_change(None, None) == []


def test_a_submitted_assessment_waits_unchanged_for_the_managers_decision() -> None:
    violation = only(rules.assessment_open_to_change(date(2025, 3, 12), None))

    assert violation.rule == "assessment_awaiting_decision"
    assert "sent to the manager on 12 March 2025" in violation.message


def test_an_authorised_assessment_never_changes() -> None:
    violation = only(rules.assessment_open_to_change(date(2025, 3, 12), date(2025, 3, 13)))

    assert violation.rule == "assessment_already_authorised"
