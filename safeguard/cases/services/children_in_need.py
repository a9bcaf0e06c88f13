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
    with transaction.atomic():
        plan = ChildInNeedPlan.objects.select_for_update().get(pk=plan.pk)
        check(
            rules.dates_not_in_future(_today(), {"end_date": end_date}),
            rules.cin_plan_end_not_before_start(plan.start_date, end_date),
        )
        plan.end_date = end_date
        _save(plan)
        return plan


def cin_plan_review_record(*, plan: ChildInNeedPlan, review_date: date) -> ChildInNeedPlanReview:
    with transaction.atomic():
        check(
            _dates_ok(plan.child, {"review_date": review_date}),
            rules.cin_review_within_plan(plan.start_date, review_date),
        )
        review = ChildInNeedPlanReview(plan=plan, review_date=review_date)
        _save(review)
        return review
