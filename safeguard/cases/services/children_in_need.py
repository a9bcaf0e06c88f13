"""Child in need plans and their reviews."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ..models import (
    ChildInNeedPlan,
    ChildInNeedPlanReview,
    ChildProtectionPlan,
    Referral,
)
from ..workflow import rules
from ..workflow.rules import check
from ._base import (
    _dates_ok,
    _lock_child,
    _save,
    _today,
    referral_facts,
)

__all__ = ["cin_plan_end", "cin_plan_review_record", "cin_plan_start"]


def cin_plan_start(*, referral: Referral, start_date: date) -> ChildInNeedPlan:
    """Start a child in need plan (Children Act 1989 s.17) inside the open referral, when the
    child has no protection plan and no other open child in need plan (census 4003, 4010-4017)."""
    with transaction.atomic():
        child = _lock_child(referral.child)
        violations = _dates_ok(child, {"start_date": start_date}) + rules.within_open_referral(
            referral_facts(referral), "start_date", start_date
        )
        violations += rules.cin_plan_not_during_protection_plan(
            ChildProtectionPlan.objects.filter(child=child, end_date__isnull=True).exists()
        )
        violations += rules.one_open_cin_plan(
            ChildInNeedPlan.objects.filter(child=child, end_date__isnull=True).exists()
        )
        check(violations)
        plan = ChildInNeedPlan(referral=referral, child=child, start_date=start_date)
        _save(plan)
        return plan


def cin_plan_end(*, plan: ChildInNeedPlan, end_date: date) -> ChildInNeedPlan:
    """End an open child in need plan on a day from its start to today; an ended plan keeps
    the day it ended (census CINPlanEndDate)."""
    with transaction.atomic():
        plan = ChildInNeedPlan.objects.select_for_update().get(pk=plan.pk)
        check(
            rules.cin_plan_still_open(plan.end_date),
            rules.dates_not_in_future(_today(), {"end_date": end_date}),
            rules.cin_plan_end_not_before_start(plan.start_date, end_date),
        )
        plan.end_date = end_date
        _save(plan)
        return plan


def cin_plan_review_record(
    *, plan: ChildInNeedPlan, review_date: date, ends_plan: bool = False
) -> ChildInNeedPlanReview:
    """Record a review of an open child in need plan (at the authority's interval: the
    `cin_plan_review` clock). A review that finds the child's needs met ends the plan that
    day, with the review, all or nothing."""
    with transaction.atomic():
        plan = ChildInNeedPlan.objects.select_for_update().get(pk=plan.pk)
        check(
            rules.cin_plan_still_open(plan.end_date, "review_date"),
            _dates_ok(plan.child, {"review_date": review_date}),
            rules.cin_review_within_plan(plan.start_date, review_date),
        )
        review = ChildInNeedPlanReview(plan=plan, review_date=review_date)
        _save(review)
        if ends_plan:
            plan.end_date = review_date
            _save(plan)
        return review
