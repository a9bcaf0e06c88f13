"""Looked-after visits at the intervals the placement's plan sets (Care Planning Regulations
2010, reg. 28), on the child's timeline, without a database. One placement from Tuesday 2
January 2024 (its first year ends on 2 January 2025), the first review on 30 January 2024."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.cases.models import Placement
from safeguard.cases.workflow import lac_visits
from safeguard.cases.workflow.lac_visits import PlacementPlanFact, lac_visit_clock
from safeguard.cases.workflow.timeline import CaseFacts, PlanFact, VisitFact, due_items

PLACED = date(2024, 1, 2)
FIRST_REVIEW = date(2024, 1, 30)


def _next_visit(
    plan: str, seen: tuple[date, ...], *, agreed: bool = False, reviews: tuple[date, ...] = ()
) -> tuple[str, date]:
    period = PlanFact(
        1, PLACED, None, reviews, placements=(PlacementPlanFact(PLACED, plan, agreed),)
    )
    visits = [VisitFact(d, "lac_visit", True) for d in seen]
    items = due_items(
        CaseFacts(care_periods=[period], visits=visits), today=date(2025, 3, 1), timescales={}
    )
    (open_visit,) = [i for i in items if "visit" in i.clock and i.is_open]
    return open_visit.clock, open_visit.due


# Last seen on Monday 10 February 2025, after the placement's first year.
AFTER_FIRST_YEAR = (date(2024, 1, 5), date(2025, 2, 10))


def test_a_long_term_foster_placement_is_visited_six_monthly_only_with_the_childs_agreement():
    agreed = _next_visit("long_term_foster", AFTER_FIRST_YEAR, agreed=True, reviews=(FIRST_REVIEW,))
    not_agreed = _next_visit("long_term_foster", AFTER_FIRST_YEAR, reviews=(FIRST_REVIEW,))

    assert agreed == ("lac_visit_long_term_foster", date(2025, 8, 10))
    # Without it, the three months of a placement meant to last until 18.
    assert not_agreed == ("lac_visit_until_18", date(2025, 5, 10))


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        ("standard", ("lac_visit", date(2025, 3, 24))),
        ("until_18", ("lac_visit_until_18", date(2025, 5, 10))),
        ("connected_person", ("lac_visit_connected_person", date(2025, 3, 10))),
        # Reg. 28(3)(b): a parent before assessment keeps the six weeks after the first review.
        ("parent_before_assessment", ("lac_visit", date(2025, 3, 24))),
    ],
)
def test_after_the_first_year_and_the_first_review_each_plan_has_its_interval(plan, expected):
    assert _next_visit(plan, AFTER_FIRST_YEAR, reviews=(FIRST_REVIEW,)) == expected


def test_the_longer_intervals_wait_for_the_end_of_the_placements_first_year():
    seen = (date(2024, 1, 5), date(2024, 12, 20))
    assert _next_visit("long_term_foster", seen, agreed=True) == ("lac_visit", date(2025, 1, 31))
    assert _next_visit("until_18", seen) == ("lac_visit", date(2025, 1, 31))


@pytest.mark.parametrize("plan", ["parent_before_assessment", "connected_person"])
def test_placements_with_a_parent_or_connected_person_are_visited_weekly_until_the_first_review(
    plan,
):
    assert _next_visit(plan, (date(2024, 1, 5),)) == (
        "lac_visit_weekly_until_first_review",
        date(2024, 1, 12),
    )
    # A visit on the day of the first review is after it.
    clock = lac_visit_clock(FIRST_REVIEW, (PlacementPlanFact(PLACED, plan),), FIRST_REVIEW)
    assert clock != "lac_visit_weekly_until_first_review"


def test_the_plan_of_the_placement_in_force_on_the_visits_day_counts():
    placements = (
        PlacementPlanFact(PLACED, "until_18"),
        PlacementPlanFact(date(2025, 2, 1), "until_18"),
    )
    assert lac_visit_clock(date(2025, 1, 20), placements, FIRST_REVIEW) == "lac_visit_until_18"
    # A new placement starts its own first year.
    assert lac_visit_clock(date(2025, 2, 10), placements, FIRST_REVIEW) == "lac_visit"


def test_the_model_records_the_plans_the_rules_know():
    assert {value for value, _ in Placement.VisitingPlan.choices} == {
        lac_visits.STANDARD,
        lac_visits.UNTIL_18,
        lac_visits.LONG_TERM_FOSTER,
        lac_visits.PARENT_BEFORE_ASSESSMENT,
        lac_visits.CONNECTED_PERSON,
    }
