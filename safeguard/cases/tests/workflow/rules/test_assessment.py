"""`workflow.rules.assessment`: starting, completing and authorising (no database)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given

from safeguard.cases.workflow import rules

from .support import (
    FACTOR_CODES,
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
        "The authorisation date (9 January 2025) cannot be before the start date (10 January 2025)."
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
