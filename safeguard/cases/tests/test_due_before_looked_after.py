"""The team dashboard's looked-after and protection figures ask "due before" of the items'
start dates and of their latest visit or review (`clock_due_before_q`), never of the due dates
themselves: around every due date, each filter must pass exactly the items the due date
(`o_due`, the overdue lists') puts before that day, for every way the clocks count: the first
visit, review and care plan of a period; the second and later reviews; the visit after which
each placement's plan runs; the first and later review conferences and visits of a plan."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from safeguard.cases.selectors.timescales import clock_due_before_q, clock_querysets_by_name
from safeguard.cases.tests.factories import (
    ChildProtectionPlanFactory,
    LookedAfterReviewFactory,
    PlacementFactory,
    ReviewConferenceFactory,
    VisitFactory,
)
from safeguard.common import codes

pytestmark = pytest.mark.django_db

LAC = codes.VisitKind.LAC_VISIT
CP = codes.VisitKind.CP_VISIT


def _period(
    plan: str = "standard",
    *,
    agreed: bool = False,
    reviews: tuple[date, ...] = (),
    visits: tuple[date, ...] = (),
    unseen: tuple[date, ...] = (),
    start: date = date(2024, 1, 2),
) -> Any:
    placement = PlacementFactory(
        period__start_date=start, visiting_plan=plan, six_monthly_visits_agreed=agreed
    )
    period = placement.period
    for day in reviews:
        LookedAfterReviewFactory(period=period, review_date=day)
    for day in visits:
        VisitFactory(child=period.child, kind=LAC, visit_date=day)
    for day in unseen:
        VisitFactory(child=period.child, kind=LAC, visit_date=day, not_seen=True)
    return period


def _protection_plan(
    start: date, *, reviews: tuple[date, ...] = (), visits: tuple[date, ...] = ()
) -> None:
    plan = ChildProtectionPlanFactory(initial_conference__conference_date=start)
    for day in reviews:
        ReviewConferenceFactory(plan=plan, conference_date=day)
    for day in visits:
        VisitFactory(child=plan.child, kind=CP, visit_date=day)


def _days_around(dues: set[date]) -> list[date]:
    return sorted({due + timedelta(days=step) for due in dues for step in (-1, 0, 1)})


def _assert_filters_agree(authority: Any, names: tuple[str, ...]) -> None:
    clocks = clock_querysets_by_name(authority)
    for name in names:
        dues = {row["o_due"] for row in clocks[name] if row["o_due"] is not None}
        assert dues, name
        for day in _days_around(dues):
            by_due = {row["o_subject_id"] for row in clocks[name].filter(o_due__lt=day)}
            by_start = {
                row["o_subject_id"]
                for row in clocks[name].filter(clock_due_before_q(authority, name, day))
            }
            assert by_start == by_due, (name, day)


def test_looked_after_filters_pass_what_the_due_dates_pass(personas, calendar):
    # The first visit, review and care plan of a period nobody has visited or reviewed.
    _period(start=date(2025, 3, 3))
    # Second review (from the only one), later reviews (from the last of several).
    _period(reviews=(date(2024, 1, 30),), visits=(date(2024, 1, 9),))
    _period(reviews=(date(2024, 1, 30), date(2024, 4, 25), date(2024, 10, 21)))
    # Each plan's visit clock: weekly until the first review, then by the plan; after the
    # first year of a placement meant to last until 18; six-monthly where agreed.
    _period("connected_person", visits=(date(2024, 1, 9),))
    _period("connected_person", reviews=(date(2024, 1, 30),), visits=(date(2024, 2, 6),))
    _period("parent_before_assessment", visits=(date(2024, 1, 16),))
    _period("until_18", reviews=(date(2024, 1, 30),), visits=(date(2024, 6, 3),))
    _period("until_18", reviews=(date(2024, 1, 30),), visits=(date(2025, 1, 20),))
    _period("long_term_foster", agreed=True, visits=(date(2025, 2, 10),))
    _period("long_term_foster", visits=(date(2025, 2, 10),), unseen=(date(2025, 4, 1),))
    # A later placement with another plan: the visit in the first placement counts by its.
    later = _period("until_18", visits=(date(2025, 1, 20),))
    PlacementFactory(
        period=later,
        start_date=date(2025, 2, 1),
        visiting_plan="standard",
        reason_new_episode=codes.ReasonNewEpisode.P,
    )

    _assert_filters_agree(personas.authority, ("lac_visit", "lac_review", "lac_care_plan"))


def test_protection_plan_filters_pass_what_the_due_dates_pass(personas, calendar):
    _protection_plan(date(2024, 11, 4))
    _protection_plan(date(2024, 6, 10), reviews=(date(2024, 9, 27),), visits=(date(2024, 12, 2),))
    _protection_plan(
        date(2024, 3, 4),
        reviews=(date(2024, 6, 3), date(2024, 11, 29)),
        visits=(date(2024, 3, 11), date(2025, 1, 6)),
    )

    _assert_filters_agree(personas.authority, ("review_conference", "cp_visit"))
