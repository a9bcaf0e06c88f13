"""The named rules a looked-after child's health record keeps. Plain functions over dates:
the services, the pages and the demo generator ask the same ones.

Each returns the violations found (empty when the rule holds), named in the one registry of
rules (`cases.workflow.rules.names.Rule`), as every statutory rule is.
"""

from __future__ import annotations

from datetime import date

from safeguard.cases.workflow.rules import Violation
from safeguard.cases.workflow.rules.core import fmt, violation
from safeguard.cases.workflow.rules.names import Rule

SDQ_LOWEST = 0
SDQ_HIGHEST = 40
SDQ_YOUNGEST = 4
SDQ_OLDEST = 16

__all__ = [
    "health_date_within_care_period",
    "initial_health_assessment_once",
    "sdq_age_4_to_16",
    "sdq_score_in_range",
]


def health_date_within_care_period(
    start_date: date, end_date: date | None, field: str, on: date | None
) -> list[Violation]:
    """An assessment, check or score recorded for a period of care falls within it: the
    health clocks run from its start, and SSDA903 OC2 counts what was done while the child
    was looked after."""
    if on is None:
        return []
    if on < start_date:
        return [
            violation(
                Rule.HEALTH_DATE_WITHIN_CARE_PERIOD,
                f"The date must be on or after {fmt(start_date)}, when the child became "
                "looked after.",
                field,
            )
        ]
    if end_date is not None and on > end_date:
        return [
            violation(
                Rule.HEALTH_DATE_WITHIN_CARE_PERIOD,
                f"The date must be on or before {fmt(end_date)}, when the child stopped being "
                "looked after.",
                field,
            )
        ]
    return []


def initial_health_assessment_once(initial_on: date | None, kind: str) -> list[Violation]:
    """One initial health assessment per period of care (Care Planning Regulations 2010,
    reg. 7(1)); every later one is a review health assessment (reg. 7(4))."""
    if kind == "initial" and initial_on is not None:
        return [
            violation(
                Rule.INITIAL_HEALTH_ASSESSMENT_ONCE,
                f"The initial health assessment was recorded on {fmt(initial_on)}: record "
                "this one as a review health assessment.",
                "kind",
            )
        ]
    return []


def sdq_score_in_range(score: int | None) -> list[Violation]:
    """The SDQ's total difficulties score is 0 to 40 (SSDA903 OC2 SDQ_SCORE)."""
    if score is None or SDQ_LOWEST <= score <= SDQ_HIGHEST:
        return []
    return [
        violation(
            Rule.SDQ_SCORE_IN_RANGE,
            f"Enter the total difficulties score, from {SDQ_LOWEST} to {SDQ_HIGHEST}.",
            "score",
        )
    ]


def sdq_age_4_to_16(date_of_birth: date | None, on: date | None) -> list[Violation]:
    """The SDQ is asked of a child aged 4 to 16 on the day (SSDA903 OC2: SDQ_SCORE for
    children aged 4 to 16 at 31 March); a child whose date of birth is not known cannot be
    placed in that range."""
    if on is None:
        return []
    if date_of_birth is None:
        return [
            violation(
                Rule.SDQ_AGE_4_TO_16,
                "The child's date of birth is not recorded, so their age on the day is not "
                "known: record it before the SDQ score.",
                "completed_on",
            )
        ]
    age = (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )
    if SDQ_YOUNGEST <= age <= SDQ_OLDEST:
        return []
    return [
        violation(
            Rule.SDQ_AGE_4_TO_16,
            f"The child was {age} on {fmt(on)}: an SDQ is recorded for children aged "
            f"{SDQ_YOUNGEST} to {SDQ_OLDEST}.",
            "completed_on",
        )
    ]
