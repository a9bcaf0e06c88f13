"""The care plan clock (`lac_care_plan`) where the other looked-after clocks are: the overdue
query (SQL over the calendar table), the child's timeline, "My cases" and the child record;
the SQL due date is the Python one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from safeguard.cases import selectors, services
from safeguard.cases.models import Placement
from safeguard.cases.tests.factories import PlacementFactory, VisitFactory
from safeguard.common import codes
from safeguard.timescales.clocks import ClockStatus

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def frozen_today(calendar: Any) -> Iterator[None]:
    """Noon on Friday 14 March 2025."""
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def looked_after(personas: Any) -> Placement:
    """The social worker's child, looked after from Wednesday 1 May 2024. The early May bank
    holiday was Monday 6 May 2024, so the care plan was due Thursday 16 May: Thu 2, Fri 3
    (2), [6], 7-10 (6), 13-16 (10)."""
    placement: Placement = PlacementFactory(
        period__child=personas.own_child, period__start_date=date(2024, 5, 1)
    )
    return placement


def _care_plan_items(authority: Any, today: date) -> list[Any]:
    items = selectors.overdue_for_authority(authority=authority, today=today)
    return [i for i in items if i.clock == "lac_care_plan"]


def test_a_care_plan_not_recorded_is_overdue_from_the_day_after_its_due_date(
    personas, looked_after
):
    period = looked_after.period

    assert _care_plan_items(personas.authority, date(2024, 5, 16)) == []
    (item,) = _care_plan_items(personas.authority, date(2024, 5, 17))
    assert (item.child_id, item.subject, item.subject_id, item.started, item.due) == (
        personas.own_child.pk,
        "care_period",
        period.pk,
        date(2024, 5, 1),
        date(2024, 5, 16),
    )
    assert item.label == "Care plan agreed"


def test_the_sql_due_date_is_the_timelines(personas, looked_after):
    (overdue,) = _care_plan_items(personas.authority, date(2025, 3, 14))
    (timeline,) = [
        i
        for i in selectors.child_due_items(
            child=personas.own_child, authority=personas.authority, today=date(2025, 3, 14)
        )
        if i.clock == "lac_care_plan"
    ]

    assert (timeline.due, timeline.status) == (overdue.due, ClockStatus.OVERDUE)


def test_recording_the_care_plan_meets_the_clock_everywhere(personas, looked_after):
    services.care_plan_record(period=looked_after.period, care_plan_date=date(2024, 5, 20))

    assert _care_plan_items(personas.authority, date(2025, 3, 14)) == []
    (timeline,) = [
        i
        for i in selectors.child_due_items(
            child=personas.own_child, authority=personas.authority, today=date(2025, 3, 14)
        )
        if i.clock == "lac_care_plan"
    ]
    assert (timeline.met, timeline.status) == (date(2024, 5, 20), ClockStatus.MET_LATE)


def test_my_cases_counts_the_care_plan_among_the_childs_overdue_tasks(
    personas, looked_after, sign_in
):
    caseload = selectors.caseload_get(user=personas.social_worker, today=date(2025, 3, 14))
    (entry,) = [e for e in caseload.entries if e.child_id == personas.own_child.pk]
    before = entry.overdue_items

    services.care_plan_record(period=looked_after.period, care_plan_date=date(2024, 5, 10))

    caseload = selectors.caseload_get(user=personas.social_worker, today=date(2025, 3, 14))
    (entry,) = [e for e in caseload.entries if e.child_id == personas.own_child.pk]
    assert entry.overdue_items == before - 1
    page = sign_in(personas.social_worker).get(reverse("cases:my_cases")).content.decode()
    assert "Care plan agreed" not in page


def test_my_cases_shows_the_care_plan_as_the_next_task_while_it_is_the_earliest(
    personas, looked_after, sign_in
):
    # Seen in the placement on Friday 3 May 2024: the first visit (due 8 May) is met, the
    # next not due until 14 June; the care plan, due 16 May, is the earliest open clock.
    VisitFactory(
        child=personas.own_child, kind=codes.VisitKind.LAC_VISIT, visit_date=date(2024, 5, 3)
    )

    caseload = selectors.caseload_get(user=personas.social_worker, today=date(2025, 3, 14))
    (entry,) = [e for e in caseload.entries if e.child_id == personas.own_child.pk]
    assert entry.next_item is not None
    assert (entry.next_item.clock, entry.next_item.due) == ("lac_care_plan", date(2024, 5, 16))
    page = sign_in(personas.social_worker).get(reverse("cases:my_cases")).content.decode()
    assert "Care plan agreed" in page


def test_the_record_shows_the_care_plan_overdue_and_on_the_timeline(
    personas, looked_after, sign_in
):
    page = (
        sign_in(personas.social_worker)
        .get(reverse("cases:child_record", args=[personas.own_child.pk]))
        .content.decode()
    )

    assert "Care plan: not yet recorded, due by 16 May 2024" in page
    assert "Care plan agreed" in page  # the timeline's row
