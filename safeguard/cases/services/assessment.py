"""Single assessments: start, completion, authorisation and return."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.db.models import Max

from safeguard.organisation.models import Worker

from ..models import (
    Assessment,
    ManagementDecision,
    Referral,
)
from ..workflow import rules
from ..workflow.rules import check
from ._base import (
    ASSESSMENT_FACTOR_CODES,
    _dates_ok,
    _decision,
    _save,
    _today,
    referral_facts,
)

__all__ = ["assessment_authorise", "assessment_return", "assessment_start", "assessment_submit"]


def assessment_start(
    *, referral: Referral, start_date: date, worker: Worker | None = None
) -> Assessment:
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        child = referral.child
        violations = _dates_ok(child, {"start_date": start_date}) + rules.assessment_start_dates(
            referral_facts(referral), start_date
        )
        # The same rule decides whether the record offers "Start an assessment".
        violations += rules.assessment_may_start(
            in_progress=referral.assessments.filter(authorised_date__isnull=True).exists(),
            authorised_date=referral.assessments.aggregate(m=Max("authorised_date"))["m"],
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
    developmental_needs: str,
    parenting_capacity: str,
    family_and_environment: str,
    childs_voice: str,
    analysis: str,
    plan: str,
) -> Assessment:
    """The worker completes the assessment and sends it to their manager to authorise:
    written in the Assessment Framework's domains, with the child's voice, the analysis and
    the plan (Working Together 2023, ch. 3), its census factors and outcome (CIN census)."""
    sections = {
        "developmental_needs": developmental_needs,
        "parenting_capacity": parenting_capacity,
        "family_and_environment": family_and_environment,
        "childs_voice": childs_voice,
        "analysis": analysis,
        "plan": plan,
    }
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        child = assessment.child
        violations = _dates_ok(
            child, {"submitted_date": submitted_date, "child_seen_date": child_seen_date}
        )
        violations += rules.assessment_submit_dates(
            referral_date=assessment.referral.referral_date,
            start_date=assessment.start_date,
            submitted_date=submitted_date,
            child_seen_date=child_seen_date,
        )
        violations += rules.assessment_factors_valid(factors, ASSESSMENT_FACTOR_CODES)
        violations += rules.assessment_factors_given(factors)
        violations += rules.assessment_sections_written(
            sections, child_seen=child_seen_date is not None
        )
        violations += rules.assessment_open_to_change(
            assessment.submitted_date, assessment.authorised_date
        )
        check(violations)
        assessment.submitted_date = submitted_date
        assessment.child_seen_date = child_seen_date
        assessment.factors = list(factors)
        assessment.outcome = outcome
        assessment.developmental_needs = developmental_needs
        assessment.parenting_capacity = parenting_capacity
        assessment.family_and_environment = family_and_environment
        assessment.childs_voice = childs_voice
        assessment.analysis = analysis
        assessment.plan = plan
        _save(assessment)
        return assessment


def assessment_authorise(
    *, assessment: Assessment, authorised_date: date, authorised_by: Worker, rationale: str
) -> Assessment:
    """A manager authorises a completed assessment (census AssessmentAuthorisationDate)."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        violations = rules.dates_not_in_future(_today(), {"authorised_date": authorised_date})
        violations += rules.assessment_authorise_dates(
            start_date=assessment.start_date,
            submitted_date=assessment.submitted_date,
            authorised_date=authorised_date,
        )
        violations += rules.assessment_authorised_once(assessment.authorised_date)
        violations += rules.decision_needs_rationale(rationale)
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
        violations = rules.decision_needs_rationale(rationale)
        violations += rules.assessment_awaiting_authorisation(
            assessment.submitted_date, assessment.authorised_date
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
