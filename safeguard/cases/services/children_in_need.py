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
from ..workflow.rules import Violation, check
from ._base import (
    _dates_ok,
    _lock_child,
    _save,
    _today,
    referral_facts,
)


def cin_plan_start(*, referral: Referral, start_date: date) -> ChildInNeedPlan:
    with transaction.atomic():
        child = _lock_child(referral.child)
        violations = _dates_ok(child, {"start_date": start_date}) + rules.within_open_referral(
            referral_facts(referral), "start_date", start_date
        )
        if ChildProtectionPlan.objects.filter(child=child, end_date__isnull=True).exists():
            violations.append(
                Violation(
                    "cin_plan_not_during_protection_plan",
                    "The child is on a child protection plan; a child in need plan starts when "
                    "that plan ends (census rule 4003).",
                    ("start_date",),
                )
            )
        if ChildInNeedPlan.objects.filter(child=child, end_date__isnull=True).exists():
            violations.append(
                Violation(
                    "one_open_cin_plan",
                    "The child already has an open child in need plan.",
                    ("start_date",),
                )
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
            rules.not_before(
                earlier=("start_date", plan.start_date),
                later=("end_date", end_date),
                rule="cin_plan_end_not_before_start",
            ),
        )
        plan.end_date = end_date
        _save(plan)
        return plan


def cin_plan_review_record(*, plan: ChildInNeedPlan, review_date: date) -> ChildInNeedPlanReview:
    with transaction.atomic():
        check(
            _dates_ok(plan.child, {"review_date": review_date}),
            rules.not_before(
                earlier=("start_date", plan.start_date),
                later=("review_date", review_date),
                rule="cin_review_within_plan",
            ),
        )
        review = ChildInNeedPlanReview(plan=plan, review_date=review_date)
        _save(review)
        return review
