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
from ...models import Assessment, Referral
from ...workflow import rules, what_follows
from .flow import Answers, StatutoryAction, run, signed_in_worker

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
            checks=lambda answers: _start_dates(referral, answers),
            # Starting is not a decision: no check page, but still written once.
            check_answers=False,
            button="Start the assessment",
        ),
    )


def _returned_text(returned: selectors.AssessmentReturn) -> str:
    when = day_text(timezone.localdate(returned.returned_at))
    return f"On {when} {returned.returned_by} returned it, saying:\n{returned.rationale}"


@requires(MANAGE)
def assessment_edit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Complete the assessment (saved as a draft while the worker writes) and submit it to
    the manager for authorisation."""
    assessment = selectors.assessment_get_for_action(
        user=request.user, assessment_id=assessment_id, permission=MANAGE, request=request
    )
    superseded = bool(set(assessment.factors) & codes.SUPERSEDED_ASSESSMENT_FACTORS)
    # A manager's reason for returning it, shown first while the worker reworks it.
    returned = selectors.assessment_return_get(assessment=assessment)

    def record(answers: dict[str, Any]) -> str:
        services.assessment_submit(
            assessment=assessment,
            submitted_date=timezone.localdate(),
            child_seen_date=answers["child_seen_date"],
            factors=answers["factors"],
            outcome=answers["outcome"],
            developmental_needs=answers["developmental_needs"],
            parenting_capacity=answers["parenting_capacity"],
            family_and_environment=answers["family_and_environment"],
            childs_voice=answers["childs_voice"],
            analysis=answers["analysis"],
            plan=answers["plan"],
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
                **{name: getattr(assessment, name) for name in rules.ASSESSMENT_SECTIONS},
            },
            record=record,
            facts=[
                *(
                    [("Returned for more work", _returned_text(returned))]
                    if returned is not None
                    else []
                ),
                ("Referral date", day_text(referral.referral_date)),
                ("Assessment started", day_text(assessment.start_date)),
                (
                    "Due by",
                    day_text(CLOCKS["assessment"].due_from(referral.referral_date))
                    + f" ({CLOCKS['assessment'].period} from the referral)",
                ),
            ],
            draft_key=f"assessment-{assessment.pk}",
            checks=lambda answers: _assessment_checks(assessment, answers),
            follows=lambda answers: what_follows.after_assessment_submitted(
                referral_date=referral.referral_date, today=timezone.localdate()
            ),
        ),
    )


def _start_dates(referral: Referral, answers: Answers) -> list[rules.Violation]:
    """The start date, checked as `assessment_start` checks it: inside the referral, and not
    in the future."""
    start = answers.get("start_date")
    return rules.assessment_start_dates(
        services.referral_facts(referral), start
    ) + rules.dates_not_in_future(timezone.localdate(), {"start_date": start})


def _closure_dates(referral: Referral, answers: Answers) -> list[rules.Violation]:
    """The closure date, checked as `referral_close` checks it (the work inside the referral
    is checked when it is recorded)."""
    closed = answers.get("closure_date")
    return rules.referral_closed_not_before_opened(
        referral.referral_date, closed
    ) + rules.dates_not_in_future(timezone.localdate(), {"closure_date": closed})


def _assessment_checks(assessment: Assessment, answers: Answers) -> list[rules.Violation]:
    """The completed assessment's dates and written sections, checked as `assessment_submit`
    checks them, so each blank section is named beside its box on the first page."""
    today, seen = timezone.localdate(), answers.get("child_seen_date")
    # A date typed but not understood is reported by the form; until it is corrected the
    # child's voice is asked for as if the child was seen.
    child_seen = seen is not None or "child_seen_date" not in answers
    return (
        rules.assessment_submit_dates(
            referral_date=assessment.referral.referral_date,
            start_date=assessment.start_date,
            submitted_date=today,
            child_seen_date=seen,
        )
        + rules.dates_not_in_future(today, {"child_seen_date": seen})
        + rules.assessment_sections_written(
            {name: answers.get(name) or "" for name in rules.ASSESSMENT_SECTIONS},
            child_seen=child_seen,
        )
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
            draft_key=f"referral-close-{referral.pk}",
            facts=_referral_facts(referral),
            checks=lambda answers: _closure_dates(referral, answers),
        ),
    )
