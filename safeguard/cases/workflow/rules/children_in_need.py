"""Child in need plans and their reviews (Children Act 1989 s.17; Working Together 2023,
ch. 2; CIN census ChildInNeedPlans, rules 4000-4017)."""

from __future__ import annotations

from datetime import date

from .core import Violation, not_before, violation
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
    )


def cin_review_within_plan(plan_start: date, review_date: date) -> list[Violation]:
    """A plan is reviewed while it runs, from its start (Working Together 2023, ch. 2)."""
    return not_before(
        earlier=("start_date", plan_start),
        later=("review_date", review_date),
        rule=Rule.CIN_REVIEW_WITHIN_PLAN,
    )
