"""The named rules a care leaver's record keeps: plain functions over dates and codes, asked by
the services, the pages and the demo generator alike. Each returns the violations found
(empty when the rule holds), named in the one registry (`cases.workflow.rules.names.Rule`).
"""

from __future__ import annotations

from datetime import date

from safeguard.cases.workflow.rules import Violation
from safeguard.cases.workflow.rules.core import fmt, violation
from safeguard.cases.workflow.rules.names import Rule
from safeguard.common import codes

from .eligibility import Entitlement

__all__ = [
    "care_leaver_contact_answers_fit",
    "care_leaver_entitled",
    "pathway_plan_after_needs_assessment",
    "pathway_review_after_plan",
]

_NOTHING_MORE = frozenset({codes.CareLeaverInTouch.DIED, codes.CareLeaverInTouch.RHOM})


def care_leaver_entitled(
    entitlement: Entitlement | None, on: date | None, field: str
) -> list[Violation]:
    """Leaving-care work is recorded for a young person who is eligible, relevant or former
    relevant on the day (Children Act 1989, Sch. 2 para. 19B, ss. 23A and 23C)."""
    if on is None or entitlement is not None:
        return []
    return [
        violation(
            Rule.CARE_LEAVER_ENTITLED,
            f"On {fmt(on)} the young person was not an eligible, relevant or former relevant "
            "care leaver (looked after 13 weeks since 14, some of it at 16 or over): enter a "
            "date when they were.",
            field,
        )
    ]


def pathway_plan_after_needs_assessment(
    assessed_on: date | None, agreed_on: date | None
) -> list[Violation]:
    """The pathway plan is built on the needs assessment (Care Planning Regulations 2010,
    reg. 43; Care Leavers (England) Regulations 2010, reg. 6): there is one, on or before the
    plan's day."""
    if agreed_on is None:
        return []
    if assessed_on is None:
        return [
            violation(
                Rule.PATHWAY_PLAN_AFTER_NEEDS_ASSESSMENT,
                "Record the needs assessment first: the pathway plan is built on it.",
                "agreed_on",
            )
        ]
    if agreed_on < assessed_on:
        return [
            violation(
                Rule.PATHWAY_PLAN_AFTER_NEEDS_ASSESSMENT,
                f"The date the plan was agreed must be on or after {fmt(assessed_on)}, when the "
                "needs assessment was completed.",
                "agreed_on",
            )
        ]
    return []


def pathway_review_after_plan(agreed_on: date | None, reviewed_on: date | None) -> list[Violation]:
    """A review is of a plan already agreed: on or after the day it was agreed."""
    if reviewed_on is None:
        return []
    if agreed_on is None:
        return [
            violation(
                Rule.PATHWAY_REVIEW_AFTER_PLAN,
                "Record the pathway plan before its review.",
                "reviewed_on",
            )
        ]
    if reviewed_on < agreed_on:
        return [
            violation(
                Rule.PATHWAY_REVIEW_AFTER_PLAN,
                f"The date of the review must be on or after {fmt(agreed_on)}, when the pathway "
                "plan was agreed.",
                "reviewed_on",
            )
        ]
    return []


def care_leaver_contact_answers_fit(
    in_touch: str, accommodation: str, suitable: bool | None, activity: str
) -> list[Violation]:
    """In touch: the accommodation, whether it suits, and the activity are all known (the 903
    validator's rule 345). Died or returned home for good: none is asked (rule 344). Not in
    touch, refusing contact or no longer needing services: what is known may be given, the
    accommodation with its suitability (rule 153: coded or blank together)."""
    found = []
    if in_touch == codes.CareLeaverInTouch.YES:
        if not accommodation:
            found.append(
                violation(
                    Rule.CARE_LEAVER_CONTACT_ANSWERS_FIT,
                    "Select where the young person is living.",
                    "accommodation",
                )
            )
        if not activity:
            found.append(
                violation(
                    Rule.CARE_LEAVER_CONTACT_ANSWERS_FIT,
                    "Select what the young person is mainly doing.",
                    "activity",
                )
            )
    elif in_touch in _NOTHING_MORE and (accommodation or activity):
        found.append(
            violation(
                Rule.CARE_LEAVER_CONTACT_ANSWERS_FIT,
                "Leave the accommodation and activity blank: the young person has died or has "
                "returned home to live with their parents.",
                "accommodation" if accommodation else "activity",
            )
        )
    if accommodation and suitable is None:
        found.append(
            violation(
                Rule.CARE_LEAVER_CONTACT_ANSWERS_FIT,
                "Select yes if the accommodation is suitable.",
                "accommodation_suitable",
            )
        )
    if accommodation in codes.CARE_LEAVER_ALWAYS_UNSUITABLE and suitable is True:
        found.append(
            violation(
                Rule.CARE_LEAVER_CONTACT_ANSWERS_FIT,
                "No fixed abode and custody are counted as unsuitable accommodation: select no.",
                "accommodation_suitable",
            )
        )
    return found
