"""Single assessments: start, completion, authorisation and return."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction

from safeguard.organisation.models import Worker

from ..models import (
    Assessment,
    ManagementDecision,
    Referral,
)
from ..workflow import rules
from ..workflow.rules import Violation, check
from ._base import (
    ASSESSMENT_FACTOR_CODES,
    _dates_ok,
    _decision,
    _needs_rationale,
    _save,
    _today,
    referral_facts,
)


def assessment_start(
    *, referral: Referral, start_date: date, worker: Worker | None = None
) -> Assessment:
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        child = referral.child
        violations = _dates_ok(child, {"start_date": start_date}) + rules.within_open_referral(
            referral_facts(referral), "start_date", start_date
        )
        if referral.assessments.filter(authorised_date__isnull=True).exists():
            violations.append(
                Violation(
                    "one_open_assessment",
                    "An assessment is already in progress in this referral (census rule 8839).",
                    ("start_date",),
                )
            )
        check(violations)
        assessment = Assessment(
            referral=referral, child=child, start_date=start_date, worker=worker
        )
        _save(assessment)
        return assessment


def assessment_submit(
    *,
    assessment: Assessment,
    submitted_date: date,
    child_seen_date: date | None,
    factors: Sequence[str],
    outcome: str,
    summary: str = "",
) -> Assessment:
    """The worker completes the assessment and sends it to their manager to authorise."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        child = assessment.child
        violations = _dates_ok(
            child, {"submitted_date": submitted_date, "child_seen_date": child_seen_date}
        )
        violations += rules.not_before(
            earlier=("start_date", assessment.start_date),
            later=("submitted_date", submitted_date),
            rule="assessment_completed_not_before_start",
        )
        violations += rules.assessment_factors_valid(factors, ASSESSMENT_FACTOR_CODES)
        if not factors:
            violations.append(
                Violation(
                    "assessment_factors_required",
                    "Choose the factors identified, or 'no factors identified' (census rule 8614).",
                    ("factors",),
                )
            )
        if assessment.authorised_date is not None:
            violations.append(
                Violation(
                    "assessment_already_authorised",
                    "This assessment has been authorised and can no longer change.",
                    ("submitted_date",),
                )
            )
        check(violations)
        assessment.submitted_date = submitted_date
        assessment.child_seen_date = child_seen_date
        assessment.factors = list(factors)
        assessment.outcome = outcome
        assessment.summary = summary
        _save(assessment)
        return assessment


def assessment_authorise(
    *, assessment: Assessment, authorised_date: date, authorised_by: Worker, rationale: str
) -> Assessment:
    """A manager authorises a completed assessment (census AssessmentAuthorisationDate)."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        violations = rules.dates_not_in_future(_today(), {"authorised_date": authorised_date})
        violations += rules.assessment_authorised_not_before_start(
            assessment.start_date, authorised_date
        )
        violations += rules.not_before(
            earlier=("submitted_date", assessment.submitted_date),
            later=("authorised_date", authorised_date),
            rule="assessment_authorised_after_completed",
        )
        if assessment.submitted_date is None:
            violations.append(
                Violation(
                    "assessment_authorised_after_completed",
                    "The assessment has not been completed yet, so it cannot be authorised.",
                    ("authorised_date",),
                )
            )
        if assessment.authorised_date is not None:
            violations.append(
                Violation(
                    "assessment_already_authorised",
                    "This assessment is already authorised.",
                    ("authorised_date",),
                )
            )
        violations += _needs_rationale(rationale)
        check(violations)
        assessment.authorised_date = authorised_date
        assessment.authorised_by = authorised_by
        _save(assessment)
        _decision(
            child=assessment.child,
            kind=ManagementDecision.Kind.AUTHORISATION,
            decision=f"Authorised: {assessment.get_outcome_display() or 'no outcome recorded'}",
            rationale=rationale,
            decided_by=authorised_by,
            subject=assessment,
        )
        return assessment


def assessment_return(*, assessment: Assessment, returned_by: Worker, rationale: str) -> Assessment:
    """A manager sends a completed assessment back to the worker for more work, saying why."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        violations = _needs_rationale(rationale)
        if assessment.authorised_date is not None or assessment.submitted_date is None:
            violations.append(
                Violation(
                    "assessment_return_needs_submitted",
                    "Only a completed assessment that is not yet authorised can be returned.",
                    ("assessment",),
                )
            )
        check(violations)
        assessment.submitted_date = None
        _save(assessment)
        _decision(
            child=assessment.child,
            kind=ManagementDecision.Kind.RETURN,
            decision="Returned to the worker",
            rationale=rationale,
            decided_by=returned_by,
            subject=assessment,
        )
        return assessment
