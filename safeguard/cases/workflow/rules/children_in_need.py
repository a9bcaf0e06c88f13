"""Child in need plans and their reviews (Children Act 1989 s.17; Working Together 2023,
ch. 2; CIN census ChildInNeedPlans, rules 4000-4017)."""

from __future__ import annotations

from datetime import date

from .core import Violation, fmt, not_before, violation
from .names import Rule


def cin_plan_not_during_protection_plan(on_protection_plan: bool) -> list[Violation]:
    """A child in need plan does not run alongside a child protection plan (census rule 4003)."""
    if not on_protection_plan:
        return []
    return [
        violation(
            Rule.CIN_PLAN_NOT_DURING_PROTECTION_PLAN,
            "The child is on a child protection plan; a child in need plan starts when "
            "that plan ends (census rule 4003).",
            "start_date",
        )
    ]


def one_open_cin_plan(has_open_plan: bool) -> list[Violation]:
    """A child has one open child in need plan (census rules 4010-4017: plans do not overlap)."""
    if not has_open_plan:
        return []
    return [
        violation(
            Rule.ONE_OPEN_CIN_PLAN,
            "The child already has an open child in need plan.",
            "start_date",
        )
    ]


def cin_plan_end_not_before_start(start_date: date, end_date: date | None) -> list[Violation]:
    """A plan ends on or after the day it started."""
    return not_before(
        earlier=("start_date", start_date),
        later=("end_date", end_date),
        rule=Rule.CIN_PLAN_END_NOT_BEFORE_START,
        earlier_is="the date the plan started",
    )


def cin_review_within_plan(plan_start: date, review_date: date | None) -> list[Violation]:
    """A plan is reviewed while it runs, from its start (Working Together 2023, ch. 2)."""
    return not_before(
        earlier=("start_date", plan_start),
        later=("review_date", review_date),
        rule=Rule.CIN_REVIEW_WITHIN_PLAN,
        earlier_is="the date the plan started",
    )


def cin_plan_still_open(plan_end: date | None, name: str = "end_date") -> list[Violation]:
    """A plan is reviewed and ended while it runs; once ended it stays ended, on the day it
    ended (census CINPlanEndDate: a plan's end is history, never moved). The record offers
    "Review the child in need plan" and "End the plan" exactly when this holds."""
    if plan_end is None:
        return []
    return [
        violation(
            Rule.CIN_PLAN_STILL_OPEN,
            f"This child in need plan ended on {fmt(plan_end)}. If the child needs a plan "
            "again, start a new one.",
            name,
        )
    ]
