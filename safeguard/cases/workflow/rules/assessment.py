"""The single assessment: started inside a referral, completed by the worker, authorised by
a manager (Working Together 2023, ch. 2: within 45 working days; CIN census Assessments)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .core import Violation, not_before, violation
from .names import Rule


def one_open_assessment(in_progress: bool) -> list[Violation]:
    """One assessment at a time in a referral (census rule 8839: assessments do not overlap)."""
    if not in_progress:
        return []
    return [
        violation(
            Rule.ONE_OPEN_ASSESSMENT,
            "An assessment is already in progress in this referral (census rule 8839).",
            "start_date",
        )
    ]


def assessment_completed_not_before_start(
    start_date: date, submitted_date: date | None
) -> list[Violation]:
    """An assessment is completed on or after the day it started (census rule 8608)."""
    return not_before(
        earlier=("start_date", start_date),
        later=("submitted_date", submitted_date),
        rule=Rule.ASSESSMENT_COMPLETED_NOT_BEFORE_START,
    )


def assessment_factors_given(factors: Iterable[str]) -> list[Violation]:
    """A completed assessment records its factors, or 'no factors identified' (census rule
    8614)."""
    if list(factors):
        return []
    return [
        violation(
            Rule.ASSESSMENT_FACTORS_REQUIRED,
            "Choose the factors identified, or 'no factors identified' (census rule 8614).",
            "factors",
        )
    ]


def assessment_factors_valid(factors: Iterable[str], known: frozenset[str]) -> list[Violation]:
    """Factors are census codes, not repeated, and 21 (no factors) stands alone (rules 8869,
    8898)."""
    factors = list(factors)
    violations: list[Violation] = []
    unknown = [f for f in factors if f not in known]
    if unknown:
        violations.append(
            violation(
                Rule.ASSESSMENT_FACTORS_KNOWN,
                "These factors are not census codes: " + ", ".join(unknown) + ".",
                "factors",
            )
        )
    if len(set(factors)) != len(factors):
        violations.append(
            violation(Rule.ASSESSMENT_FACTORS_UNIQUE, "Each factor can be chosen once.", "factors")
        )
    if "21" in factors and len(factors) > 1:
        violations.append(
            violation(
                Rule.ASSESSMENT_FACTOR_21_ALONE,
                "'No factors identified' cannot be chosen with other factors.",
                "factors",
            )
        )
    return violations


def assessment_unchanged_once_authorised(authorised_date: date | None) -> list[Violation]:
    """An authorised assessment is the record the census reports: it no longer changes."""
    if authorised_date is None:
        return []
    return [
        violation(
            Rule.ASSESSMENT_ALREADY_AUTHORISED,
            "This assessment has been authorised and can no longer change.",
            "submitted_date",
        )
    ]


def assessment_authorised_once(authorised_date: date | None) -> list[Violation]:
    """An assessment is authorised once (census AssessmentAuthorisationDate)."""
    if authorised_date is None:
        return []
    return [
        violation(
            Rule.ASSESSMENT_ALREADY_AUTHORISED,
            "This assessment is already authorised.",
            "authorised_date",
        )
    ]


def assessment_authorised_not_before_start(
    start_date: date, authorised_date: date | None
) -> list[Violation]:
    """An assessment cannot be authorised before it starts (census rule 8608)."""
    return not_before(
        earlier=("start_date", start_date),
        later=("authorised_date", authorised_date),
        rule=Rule.ASSESSMENT_AUTHORISED_NOT_BEFORE_START,
    )


def assessment_authorised_after_completed(
    submitted_date: date | None, authorised_date: date | None
) -> list[Violation]:
    """A manager authorises a completed assessment, on or after the day it was completed
    (Working Together 2023, ch. 2: the assessment's outcome is agreed by a manager)."""
    if authorised_date is None:
        return []
    if submitted_date is None:
        return [
            violation(
                Rule.ASSESSMENT_AUTHORISED_AFTER_COMPLETED,
                "The assessment has not been completed yet, so it cannot be authorised.",
                "authorised_date",
            )
        ]
    return not_before(
        earlier=("submitted_date", submitted_date),
        later=("authorised_date", authorised_date),
        rule=Rule.ASSESSMENT_AUTHORISED_AFTER_COMPLETED,
    )


def assessment_awaiting_authorisation(
    submitted_date: date | None, authorised_date: date | None
) -> list[Violation]:
    """Only a completed assessment that is not yet authorised is reviewed by a manager:
    authorised, or returned to the worker for more work."""
    if submitted_date is not None and authorised_date is None:
        return []
    return [
        violation(
            Rule.ASSESSMENT_RETURN_NEEDS_SUBMITTED,
            "Only a completed assessment that is not yet authorised can be returned.",
            "assessment",
        )
    ]
