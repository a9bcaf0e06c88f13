"""Child in need plans (Children Act 1989 s.17): start one, review it, end it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from safeguard.accounts.access import requires
from safeguard.common.forms import day_text
from safeguard.timescales.clocks import Clock, clocks_with_local_overrides, local_timescales

from ... import selectors, services
from ...forms_actions import CIN_REVIEW_ENDS, CinPlanEndForm, CinPlanReviewForm, CinPlanStartForm
from ...models import ChildInNeedPlan
from ...workflow import rules, what_follows
from .flow import Answers, StatutoryAction, run, signed_in_worker

MANAGE = "child.manage_episodes"


def _clocks(request: HttpRequest) -> dict[str, Clock]:
    """The clocks in the signed-in worker's authority's own lengths (reviews, visits)."""
    return clocks_with_local_overrides(local_timescales(signed_in_worker(request).authority))


def _not_in_future(name: str, answers: Answers) -> list[rules.Violation]:
    return rules.dates_not_in_future(timezone.localdate(), {name: answers.get(name)})


def _plan_facts(plan: ChildInNeedPlan) -> list[tuple[str, str]]:
    return [
        ("Referral date", day_text(plan.referral.referral_date)),
        ("Plan started", day_text(plan.start_date)),
    ]


@requires(MANAGE)
def cin_plan_start(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.referral_get_for_action(
        user=request.user, referral_id=referral_id, permission=MANAGE, request=request
    )

    def record(answers: dict[str, Any]) -> str:
        services.cin_plan_start(referral=referral, start_date=answers["start_date"])
        return "Child in need plan started"

    def checks(answers: Answers) -> list[rules.Violation]:
        start = answers.get("start_date")
        if start is None:
            return []
        facts = services.referral_facts(referral)
        return rules.within_open_referral(facts, "start_date", start) + _not_in_future(
            "start_date", answers
        )

    return run(
        request,
        StatutoryAction(
            child=referral.child,
            title="Start a child in need plan",
            form_class=CinPlanStartForm,
            record=record,
            facts=[
                ("Referral date", day_text(referral.referral_date)),
                ("Team", referral.team.name),
            ],
            checks=checks,
            follows=lambda answers: what_follows.after_cin_plan_started(
                start_date=answers["start_date"],
                today=timezone.localdate(),
                clocks=_clocks(request),
            ),
        ),
    )


@requires(MANAGE)
def cin_plan_review(request: HttpRequest, cin_plan_id: int) -> HttpResponse:
    """A review continues the plan or, when the child's needs are met, ends it that day."""
    plan = selectors.cin_plan_get_for_action(
        user=request.user, cin_plan_id=cin_plan_id, permission=MANAGE, request=request
    )

    def record(answers: dict[str, Any]) -> str:
        ends = answers["outcome"] == CIN_REVIEW_ENDS
        services.cin_plan_review_record(
            plan=plan, review_date=answers["review_date"], ends_plan=ends
        )
        if ends:
            return "Review recorded. The child in need plan has ended."
        return "Review recorded. The child in need plan continues."

    return run(
        request,
        StatutoryAction(
            child=plan.child,
            title="Review the child in need plan",
            form_class=CinPlanReviewForm,
            record=record,
            facts=_plan_facts(plan),
            checks=lambda answers: (
                rules.cin_review_within_plan(plan.start_date, answers.get("review_date"))
                + _not_in_future("review_date", answers)
            ),
            follows=lambda answers: what_follows.after_cin_plan_review(
                review_date=answers["review_date"],
                plan_ended=answers["outcome"] == CIN_REVIEW_ENDS,
                today=timezone.localdate(),
                clocks=_clocks(request),
            ),
        ),
    )


@requires(MANAGE)
def cin_plan_end(request: HttpRequest, cin_plan_id: int) -> HttpResponse:
    plan = selectors.cin_plan_get_for_action(
        user=request.user, cin_plan_id=cin_plan_id, permission=MANAGE, request=request
    )

    def record(answers: dict[str, Any]) -> str:
        services.cin_plan_end(plan=plan, end_date=answers["end_date"])
        return "Child in need plan ended"

    return run(
        request,
        StatutoryAction(
            child=plan.child,
            title="End the child in need plan",
            form_class=CinPlanEndForm,
            record=record,
            facts=_plan_facts(plan),
            checks=lambda answers: (
                rules.cin_plan_end_not_before_start(plan.start_date, answers.get("end_date"))
                + _not_in_future("end_date", answers)
            ),
            follows=lambda answers: what_follows.after_cin_plan_ended(),
        ),
    )
