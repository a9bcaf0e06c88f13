"""The team manager's decisions: allocating a child's case, and authorising an assessment or
returning it for more work. Each is recorded with its rationale, who decided and when."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from safeguard.accounts.access import requires
from safeguard.common import codes
from safeguard.common.errors import SafeguardError
from safeguard.timescales.clocks import CLOCKS, clocks_with_local_overrides, local_timescales

from ... import selectors, services
from ...forms_actions import assessment_sections
from ...forms_team import AUTHORISE, AllocationForm, AssessmentDecisionForm
from ...models import Assessment
from ...workflow import rules, what_follows
from .flow import Answers, StatutoryAction, child_record_url, run, signed_in_worker

NOT_AWAITING_DECISION = (
    "This assessment is not waiting for a decision: it has not been completed, or it has "
    "already been authorised"
)


@requires("allocation.change")
@require_http_methods(["GET", "POST"])
def allocate(request: HttpRequest, child_id: int) -> HttpResponse:
    """Allocate or reallocate a child's case to a worker in one of the manager's teams, or to
    the team only, with the reason (Working Together 2023, ch. 3: management oversight)."""
    child, current = selectors.child_get_for_allocation(
        user=request.user, child_id=child_id, request=request
    )
    manager = signed_in_worker(request)

    def record(answers: Answers) -> str:
        team, worker = answers["target"]
        services.allocation_allocate(
            child=child,
            team=team,
            worker=worker,
            start_date=answers["start_date"],
            reason=answers["rationale"],
            allocated_by=manager,
        )
        holder = worker.full_name if worker else f"{team.name} (no worker yet)"
        return f"{child.full_name}'s case is allocated to {holder}"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Allocate the case",
            form_class=AllocationForm,
            form_kwargs={"choices": selectors.allocation_choices_get(user=request.user)},
            initial={"start_date": timezone.localdate()},
            record=record,
            # What a refusal names, mapped to the input the manager can change.
            field_map={"worker": "allocate_to", "team": "allocate_to", "reason": "rationale"},
            check_answers=False,
            done_url=lambda answers: reverse("cases:team_detail", args=[answers["target"][0].pk]),
            template="cases/team/allocate.html",
            # Need to know follows allocations: an unallocated child's record does not open.
            context={
                "current": current,
                "record_url": child_record_url(child.pk) if current else None,
            },
        ),
    )


def _awaiting_decision(assessment: Assessment) -> bool:
    return assessment.submitted_date is not None and assessment.authorised_date is None


def assessment_factor_labels(assessment: Assessment) -> list[str]:
    """The factors in words, as the manager reads them: the census codes are for returns."""
    labels = dict(codes.AssessmentFactor.choices)
    return [
        labels.get(code, f"A factor not in the census list ({code})")
        for code in assessment.factors or []
    ]


@requires("assessment.authorise")
@require_http_methods(["GET", "POST"])
def assessment_review(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Read a completed assessment, then authorise it or return it for more work, checking the
    answers before they are recorded."""
    assessment = selectors.assessment_get_for_review(
        user=request.user, assessment_id=assessment_id, request=request
    )
    manager = signed_in_worker(request)
    child = assessment.child

    def record(answers: Answers) -> str:
        if not _awaiting_decision(assessment):
            raise SafeguardError(NOT_AWAITING_DECISION)
        if answers["decision"] == AUTHORISE:
            services.assessment_authorise(
                assessment=assessment,
                authorised_date=answers["authorised_date"],
                authorised_by=manager,
                rationale=answers["rationale"],
            )
            return f"{child.full_name}'s assessment is authorised"
        services.assessment_return(
            assessment=assessment, returned_by=manager, rationale=answers["rationale"]
        )
        return f"{child.full_name}'s assessment is returned to the worker"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Review the assessment",
            form_class=AssessmentDecisionForm,
            initial={"authorised_date": timezone.localdate()},
            record=record,
            field_map={"assessment": "decision"},
            back_url=reverse("cases:team_dashboard"),
            template="cases/team/assessment_review.html",
            check_template="cases/team/assessment_check.html",
            context={
                "assessment": assessment,
                "record_url": child_record_url(child.pk),
                "awaiting": _awaiting_decision(assessment),
                "due": CLOCKS["assessment"].due_from(assessment.referral.referral_date),
                "factors": assessment_factor_labels(assessment),
                "sections": assessment_sections(assessment),
            },
            checks=lambda answers: _authorisation_dates(assessment, answers),
            follows=lambda answers: (
                what_follows.after_assessment_authorised(
                    outcome=assessment.outcome,
                    state=selectors.case_state_get(child=child, today=timezone.localdate()),
                    clocks=clocks_with_local_overrides(local_timescales(manager.authority)),
                )
                if answers["decision"] == AUTHORISE
                else []
            ),
        ),
    )


def _authorisation_dates(assessment: Assessment, answers: Answers) -> list[rules.Violation]:
    """The authorisation date, checked as `assessment_authorise` checks it, with the rest of
    the form: not before the assessment was completed (nor so before it started), nor in the
    future. An assessment not waiting for a decision is refused as a whole, not by date."""
    authorised = answers.get("authorised_date")
    if answers.get("decision") != AUTHORISE or not _awaiting_decision(assessment):
        return []
    return rules.assessment_authorise_dates(
        start_date=assessment.start_date,
        submitted_date=assessment.submitted_date,
        authorised_date=authorised,
    ) + rules.dates_not_in_future(timezone.localdate(), {"authorised_date": authorised})
