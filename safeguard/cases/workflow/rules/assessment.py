"""The single assessment: started inside a referral, completed by the worker, authorised by
a manager (Working Together 2023, ch. 2: within 45 working days; CIN census Assessments)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from .core import (
    REFERRAL_ACCEPTED,
    ReferralFacts,
    Violation,
    first_per_field,
    fmt,
    not_before,
    violation,
    within_open_referral,
)
from .names import Rule

ASSESSMENT_STARTED = "the date the assessment started"


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


def assessment_once_per_referral(authorised_date: date | None) -> list[Violation]:
    """A referral has one single assessment. Once it is authorised its outcome says what
    follows; a second would run on the referral's clock and be overdue from its first day
    (Working Together 2023, ch. 3: the assessment is completed within 45 working days of the
    referral; census 8670Q). `authorised_date`: the referral's authorised assessment's, if any."""
    if authorised_date is None:
        return []
    return [
        violation(
            Rule.ASSESSMENT_ONCE_PER_REFERRAL,
            f"The assessment in this referral was authorised on {fmt(authorised_date)}. Record "
            "the step its outcome leads to. To assess the child again, close this referral and "
            "open a new one.",
            "start_date",
        )
    ]


def assessment_may_start(*, in_progress: bool, authorised_date: date | None) -> list[Violation]:
    """An assessment may start in a referral when none is in progress (census rule 8839) and
    none has been authorised (`assessment_once_per_referral`). The record offers "Start an
    assessment" exactly when this holds, and `assessment_start` refuses otherwise."""
    return one_open_assessment(in_progress) + assessment_once_per_referral(authorised_date)


def assessment_start_dates(referral: ReferralFacts, start_date: date | None) -> list[Violation]:
    """An assessment starts inside its referral (census rule 1103: not before the referral;
    8565: nothing after closure)."""
    if start_date is None:
        return []
    return within_open_referral(referral, "start_date", start_date)


def child_seen_not_before_referral(
    referral_date: date, child_seen_date: date | None
) -> list[Violation]:
    """The child is seen as part of the assessment, which runs from the referral (Working
    Together 2023, ch. 3: every assessment is informed by the views of the child, who is seen
    by the social worker): a day before the referral was accepted is a mistyped date."""
    return not_before(
        earlier=("referral_date", referral_date),
        later=("child_seen_date", child_seen_date),
        rule=Rule.CHILD_SEEN_NOT_BEFORE_REFERRAL,
        earlier_is=REFERRAL_ACCEPTED,
    )


def assessment_submit_dates(
    *,
    referral_date: date,
    start_date: date,
    submitted_date: date | None,
    child_seen_date: date | None,
) -> list[Violation]:
    """The dates a completed assessment is checked against: asked by `assessment_submit` and,
    with the same answers, on the form's first page."""
    return first_per_field(
        assessment_completed_not_before_start(start_date, submitted_date)
        + child_seen_not_before_referral(referral_date, child_seen_date)
    )


def assessment_authorise_dates(
    *, start_date: date, submitted_date: date | None, authorised_date: date | None
) -> list[Violation]:
    """The dates an authorisation is checked against: not before the assessment was
    completed, nor (so) before it started; one message, naming the later bound. Asked by
    `assessment_authorise` and, with the same answers, on the manager's first page."""
    return first_per_field(
        assessment_authorised_after_completed(submitted_date, authorised_date)
        + assessment_authorised_not_before_start(start_date, authorised_date)
    )


def assessment_open_to_change(
    submitted_date: date | None, authorised_date: date | None
) -> list[Violation]:
    """The worker writes the assessment until they submit it. Then it waits for the manager's
    decision, unchanged (the manager authorises what they read); returned, it opens again;
    authorised, it is the record the census reports and never changes."""
    if authorised_date is not None:
        return assessment_unchanged_once_authorised(authorised_date)
    if submitted_date is None:
        return []
    return [
        violation(
            Rule.ASSESSMENT_AWAITING_DECISION,
            f"This assessment was sent to the manager on {fmt(submitted_date)} and is waiting "
            "for their decision. It can be changed again if the manager returns it.",
            "submitted_date",
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
        earlier_is=ASSESSMENT_STARTED,
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


# The written assessment, in the Assessment Framework's order (Working Together 2023, ch. 3):
# its three domains, the child's voice, the analysis of what they mean, and the plan.
ASSESSMENT_SECTIONS: tuple[str, ...] = (
    "developmental_needs",
    "parenting_capacity",
    "family_and_environment",
    "childs_voice",
    "analysis",
    "plan",
)
ASSESSMENT_SECTION_MISSING: dict[str, str] = {
    "developmental_needs": "Enter the child's developmental needs.",
    "parenting_capacity": "Enter the parenting capacity.",
    "family_and_environment": "Enter the family and environmental factors.",
    "childs_voice": "Enter the child's voice: their wishes, feelings and lived experience.",
    "analysis": "Enter your analysis.",
    "plan": "Enter the plan.",
}
CHILDS_VOICE_NOT_SEEN = (
    "Enter the child's voice: the child was not seen, so say why their views could not be gathered."
)


def assessment_sections_written(
    sections: Mapping[str, str], *, child_seen: bool
) -> list[Violation]:
    """A completed assessment is written in the Assessment Framework's three domains (the
    child's developmental needs, parenting capacity, family and environmental factors), with
    the child's voice, an analysis and a plan (Working Together 2023, ch. 3: assessments are
    child-centred, informed by the child's wishes and feelings, and analyse the needs and risks
    to decide what happens next). The manager authorises what they read, so no section is left
    blank. The child's voice is needed even when the child was not seen: then it says why their
    views could not be gathered. `sections`: each section's text by name (a missing name is
    blank)."""
    violations: list[Violation] = []
    for name in ASSESSMENT_SECTIONS:
        if sections.get(name, "").strip():
            continue
        message = ASSESSMENT_SECTION_MISSING[name]
        if name == "childs_voice" and not child_seen:
            message = CHILDS_VOICE_NOT_SEEN
        violations.append(violation(Rule.ASSESSMENT_SECTION_REQUIRED, message, name))
    return violations


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
        earlier_is=ASSESSMENT_STARTED,
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
        earlier_is="the date the assessment was completed",
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
