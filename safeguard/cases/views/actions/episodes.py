"""The children-in-need episode: opening a referral, the single assessment, closure."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from safeguard.access.roles import MANAGER_ROLES
from safeguard.accounts.access import requires
from safeguard.common import codes
from safeguard.common.forms import day_text
from safeguard.timescales.clocks import CLOCKS

from ... import selectors, services
from ...forms_actions import (
    AssessmentForm,
    AssessmentStartForm,
    ReferralCloseForm,
    ReferralOpenForm,
)
from ...models import Referral
from .flow import StatutoryAction, run, signed_in_worker

MANAGE = "child.manage_episodes"


def _referral_facts(referral: Referral) -> list[tuple[str, str]]:
    return [
        ("Referral date", day_text(referral.referral_date)),
        ("Team", referral.team.name),
    ]


@requires(MANAGE)
def referral_open(request: HttpRequest, child_id: int) -> HttpResponse:
    child = selectors.child_get_for_action(
        user=request.user, child_id=child_id, permission=MANAGE, request=request
    )
    worker = signed_in_worker(request)

    def record(answers: dict[str, Any]) -> str:
        services.referral_open(
            child=child,
            referral_date=answers["referral_date"],
            source=answers["source"],
            team=answers["team"],
            primary_need=answers["primary_need"],
        )
        return "Referral opened"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Open a referral",
            form_class=ReferralOpenForm,
            form_kwargs={"teams": selectors.referral_teams_list(authority=worker.authority)},
            initial={"team": worker.team_id},
            record=record,
        ),
    )


@requires(MANAGE)
def assessment_start(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.referral_get_for_action(
        user=request.user, referral_id=referral_id, permission=MANAGE, request=request
    )
    worker = signed_in_worker(request)

    def record(answers: dict[str, Any]) -> str:
        services.assessment_start(
            referral=referral, start_date=answers["start_date"], worker=worker
        )
        return "Assessment started"

    return run(
        request,
        StatutoryAction(
            child=referral.child,
            title="Start an assessment",
            form_class=AssessmentStartForm,
            record=record,
            facts=[
                *_referral_facts(referral),
                ("Assessing social worker", worker.full_name),
            ],
            # Starting is not a decision: no check page, but still written once.
            check_answers=False,
            button="Start the assessment",
        ),
    )


@requires(MANAGE)
def assessment_edit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Complete the assessment (saved as a draft while the worker writes) and submit it to
    the manager for authorisation."""
    assessment = selectors.assessment_get_for_action(
        user=request.user, assessment_id=assessment_id, permission=MANAGE, request=request
    )
    superseded = bool(set(assessment.factors) & codes.SUPERSEDED_ASSESSMENT_FACTORS)

    def record(answers: dict[str, Any]) -> str:
        services.assessment_submit(
            assessment=assessment,
            submitted_date=timezone.localdate(),
            child_seen_date=answers["child_seen_date"],
            factors=answers["factors"],
            outcome=answers["outcome"],
            summary=answers["summary"],
        )
        return "Assessment submitted to your manager for authorisation"

    referral = assessment.referral
    return run(
        request,
        StatutoryAction(
            child=assessment.child,
            title="Complete the assessment",
            form_class=AssessmentForm,
            form_kwargs={"include_superseded": superseded},
            initial={
                "child_seen_date": assessment.child_seen_date,
                "factors": assessment.factors,
                "outcome": assessment.outcome,
                "summary": assessment.summary,
            },
            record=record,
            facts=[
                ("Referral date", day_text(referral.referral_date)),
                ("Assessment started", day_text(assessment.start_date)),
                (
                    "Due by",
                    day_text(CLOCKS["assessment"].due_from(referral.referral_date))
                    + f" ({CLOCKS['assessment'].period} from the referral)",
                ),
            ],
            draft_key=f"assessment-{assessment.pk}",
        ),
    )


@requires(MANAGE)
def referral_close(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.referral_get_for_action(
        user=request.user, referral_id=referral_id, permission=MANAGE, request=request
    )
    worker = signed_in_worker(request)
    # A manager's closure is a management decision, recorded with its reasons.
    manager = worker if worker.role in MANAGER_ROLES else None

    def record(answers: dict[str, Any]) -> str:
        services.referral_close(
            referral=referral,
            closure_date=answers["closure_date"],
            closure_reason=answers["closure_reason"],
            closed_by=manager,
            rationale=answers.get("rationale", ""),
        )
        return "Referral closed"

    return run(
        request,
        StatutoryAction(
            child=referral.child,
            title="Close the referral",
            form_class=ReferralCloseForm,
            form_kwargs={"ask_rationale": manager is not None},
            record=record,
            facts=_referral_facts(referral),
        ),
    )
