"""The placement's plan in the overdue query (SQL over the calendar table): each plan's visit
clock and due date are the timeline's (`workflow.lac_visits`); and the first looked-after
review across the May 2025 bank holidays in SQL as on the timeline."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from safeguard.cases import selectors
from safeguard.cases.tests.factories import (
    LookedAfterReviewFactory,
    PlacementFactory,
    VisitFactory,
)
from safeguard.common import codes

pytestmark = pytest.mark.django_db
LATER = date(2026, 1, 5)


def _open_visit_clocks(personas: Any, today: date) -> tuple[tuple[str, date], tuple[str, date]]:
    (sql,) = [
        (i.clock, i.due)
        for i in selectors.overdue_for_authority(authority=personas.authority, today=today)
        if i.subject == "care_period" and "visit" in i.clock
    ]
    (timeline,) = [
        (i.clock, i.due)
        for i in selectors.child_due_items(
            child=personas.own_child, authority=personas.authority, today=today
        )
        if "visit" in i.clock and i.is_open
    ]
    return sql, timeline


@pytest.mark.parametrize(
    ("plan", "agreed", "reviewed", "expected"),
    [
        ("standard", False, True, ("lac_visit", date(2025, 3, 24))),
        ("until_18", False, True, ("lac_visit_until_18", date(2025, 5, 10))),
        ("long_term_foster", False, True, ("lac_visit_until_18", date(2025, 5, 10))),
        ("long_term_foster", True, True, ("lac_visit_long_term_foster", date(2025, 8, 10))),
        ("connected_person", False, True, ("lac_visit_connected_person", date(2025, 3, 10))),
        (
            "connected_person",
            False,
            False,
            ("lac_visit_weekly_until_first_review", date(2025, 2, 17)),
        ),
        ("parent_before_assessment", False, True, ("lac_visit", date(2025, 3, 24))),
    ],
)
def test_the_overdue_query_applies_the_placements_plan_as_the_timeline_does(
    personas, calendar, plan, agreed, reviewed, expected
):
    placement = PlacementFactory(
        period__child=personas.own_child,
        period__start_date=date(2024, 1, 2),
        visiting_plan=plan,
        six_monthly_visits_agreed=agreed,
    )
    if reviewed:
        LookedAfterReviewFactory(period=placement.period, review_date=date(2024, 1, 30))
    for day in (date(2024, 1, 5), date(2025, 2, 10)):
        VisitFactory(child=personas.own_child, kind=codes.VisitKind.LAC_VISIT, visit_date=day)

    sql, timeline = _open_visit_clocks(personas, LATER)

    assert sql == timeline == expected


def test_a_later_placement_with_another_plan_counts_from_the_visit_after_it(personas, calendar):
    first = PlacementFactory(
        period__child=personas.own_child,
        period__start_date=date(2024, 1, 2),
        visiting_plan="until_18",
        end_date=date(2025, 2, 1),
    )
    PlacementFactory(
        period=first.period,
        start_date=date(2025, 2, 1),
        reason_new_episode=codes.ReasonNewEpisode.P,
    )
    VisitFactory(
        child=personas.own_child, kind=codes.VisitKind.LAC_VISIT, visit_date=date(2025, 1, 20)
    )

    # Last seen in the first placement, after its first year: three months.
    assert _open_visit_clocks(personas, LATER) == (
        ("lac_visit_until_18", date(2025, 4, 20)),
        ("lac_visit_until_18", date(2025, 4, 20)),
    )


def test_the_first_review_of_care_from_1_may_2025_is_due_on_2_june_in_sql(personas, calendar):
    # Fri 2 May (1), [Mon 5 May], 6-9 (5), 12-16 (10), 19-23 (15), [Mon 26 May], 27-30 (19),
    # Mon 2 June (20).
    PlacementFactory(period__child=personas.own_child, period__start_date=date(2025, 5, 1))

    reviews = [
        i.due
        for i in selectors.overdue_for_authority(authority=personas.authority, today=LATER)
        if i.clock == "lac_first_review"
    ]
    assert reviews == [date(2025, 6, 2)]
