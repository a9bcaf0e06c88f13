"""Child protection: strategy discussion, section 47 enquiry, conferences and the plan."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from safeguard.access.roles import Role
from safeguard.accounts.access import requires
from safeguard.common import codes
from safeguard.common.forms import day_text
from safeguard.organisation.models import Worker

from ... import selectors, services
from ...forms_actions import (
    InitialConferenceForm,
    ReviewConferenceForm,
    Section47OutcomeForm,
    StrategyDiscussionForm,
    agencies_present,
)
from ...models import ChildProtectionPlan, Section47Enquiry
from .flow import StatutoryAction, run, signed_in_worker

MANAGE = "child.manage_episodes"
CONFERENCE = "conference.record"
Outcome = codes.ConferenceOutcome


def _chair(request: HttpRequest) -> tuple[Worker | None, dict[str, Any]]:
    """A conference chair records their own conference; anyone else chooses who chaired it.
    Returns the chair (if known now) and the form's arguments."""
    worker = signed_in_worker(request)
    if worker.role == Role.CONFERENCE_CHAIR:
        return worker, {}
    return None, {"chairs": selectors.conference_chairs_list(authority=worker.authority)}


def _enquiry_facts(enquiry: Section47Enquiry) -> list[tuple[str, str]]:
    return [
        ("Referral date", day_text(enquiry.referral.referral_date)),
        ("Section 47 enquiry started", day_text(enquiry.start_date)),
    ]


@requires(MANAGE)
def strategy_discussion_record(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.referral_get_for_action(
        user=request.user, referral_id=referral_id, permission=MANAGE, request=request
    )

    def record(answers: dict[str, Any]) -> str:
        services.strategy_discussion_record(
            referral=referral,
            discussion_date=answers["discussion_date"],
            section47_started=answers["section47_started"],
            agencies_present=agencies_present(answers),
            rationale=answers["rationale"],
        )
        if answers["section47_started"]:
            return "Strategy discussion recorded. The section 47 enquiry has started."
        return "Strategy discussion recorded. No section 47 enquiry started."

    return run(
        request,
        StatutoryAction(
            child=referral.child,
            title="Record a strategy discussion",
            form_class=StrategyDiscussionForm,
            record=record,
            facts=[("Referral date", day_text(referral.referral_date))],
            # A section 47 enquiry starts on the day of the discussion (census S47ActualStartDate).
            field_map={"start_date": "discussion_date"},
        ),
    )


@requires(MANAGE)
def section47_complete(request: HttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = selectors.section47_enquiry_get_for_action(
        user=request.user, enquiry_id=enquiry_id, permission=MANAGE, request=request
    )

    def record(answers: dict[str, Any]) -> str:
        services.section47_complete(
            enquiry=enquiry,
            completed_date=answers["completed_date"],
            outcome=answers["outcome"],
            conference_required=answers["conference_required"],
        )
        return "Section 47 enquiry outcome recorded"

    return run(
        request,
        StatutoryAction(
            child=enquiry.child,
            title="Record the outcome of the section 47 enquiry",
            form_class=Section47OutcomeForm,
            record=record,
            facts=_enquiry_facts(enquiry),
        ),
    )


@requires(CONFERENCE)
def initial_conference_record(request: HttpRequest, enquiry_id: int) -> HttpResponse:
    """An initial child protection conference; a plan decision starts the plan that day."""
    enquiry = selectors.section47_enquiry_get_for_action(
        user=request.user, enquiry_id=enquiry_id, permission=CONFERENCE, request=request
    )
    chair, form_kwargs = _chair(request)

    def record(answers: dict[str, Any]) -> str:
        services.initial_conference_record(
            enquiry=enquiry,
            conference_date=answers["conference_date"],
            outcome=answers["outcome"],
            chair=chair or answers["chair"],
            category=answers["category"],
        )
        if answers["outcome"] == Outcome.PLAN:
            return "Initial conference recorded. The child protection plan has started."
        return "Initial conference recorded. No child protection plan."

    return run(
        request,
        StatutoryAction(
            child=enquiry.child,
            title="Record the initial child protection conference",
            form_class=InitialConferenceForm,
            form_kwargs=form_kwargs,
            record=record,
            facts=_enquiry_facts(enquiry) + _chair_fact(chair),
            # The plan starts on the conference date (census rule 2885).
            field_map={"start_date": "conference_date"},
            draft_key=f"initial-conference-{enquiry.pk}",
        ),
    )


@requires(CONFERENCE)
def review_conference_record(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A review conference continues the plan or ends it (a step-down, with its reasons)."""
    plan = selectors.protection_plan_get_for_action(
        user=request.user, plan_id=plan_id, permission=CONFERENCE, request=request
    )
    chair, form_kwargs = _chair(request)

    def record(answers: dict[str, Any]) -> str:
        services.review_conference_record(
            plan=plan,
            conference_date=answers["conference_date"],
            outcome=answers["outcome"],
            chair=chair or answers["chair"],
            latest_category=answers["latest_category"],
            rationale=answers["rationale"],
        )
        if answers["outcome"] == Outcome.END_PLAN:
            return "Review conference recorded. The child protection plan has ended."
        return "Review conference recorded. The child protection plan continues."

    return run(
        request,
        StatutoryAction(
            child=plan.child,
            title="Record a review child protection conference",
            form_class=ReviewConferenceForm,
            form_kwargs=form_kwargs,
            initial={"latest_category": plan.latest_category},
            record=record,
            facts=_plan_facts(plan) + _chair_fact(chair),
            draft_key=f"review-conference-{plan.pk}",
        ),
    )


def _plan_facts(plan: ChildProtectionPlan) -> list[tuple[str, str]]:
    return [
        ("Plan started", day_text(plan.start_date)),
        ("Category of abuse", plan.get_latest_category_display()),
    ]


def _chair_fact(chair: Worker | None) -> list[tuple[str, str]]:
    return [("Chair", chair.full_name)] if chair else []
