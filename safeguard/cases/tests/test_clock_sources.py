"""Clocks other apps register (`extensions.register_clock_source`), here the care app's health,
return interview and personal education plan clocks, where every other clock is: the overdue
lists, My cases and the team dashboard, with the timeline's due dates, in a fixed number of
queries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from safeguard.care.clocks import open_care_clocks
from safeguard.care.models import HealthAssessment, MissingEpisode
from safeguard.cases import extensions, selectors
from safeguard.cases.tests.factories import PlacementFactory
from safeguard.cases.tests.views.test_team_dashboard import figures, listed, measure_url
from safeguard.people.tests.factories import ChildFactory
from safeguard.timescales.clocks import local_timescales

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = date(2025, 3, 14)


@pytest.fixture(autouse=True)
def frozen_today(calendar: Any) -> Iterator[None]:
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def looked_after(personas: Any) -> Any:
    """The social worker's child, looked after from Monday 6 January 2025: the initial health
    assessment was due 20 working days on, Monday 3 February (7-10 Jan: 4, then four full
    weeks to 31 January: 19, 3 February: 20)."""
    return PlacementFactory(period__child=personas.own_child, period__start_date=date(2025, 1, 6))


def _health(items: list[Any]) -> list[tuple[str, date]]:
    return [(i.clock, i.due) for i in items if i.clock.startswith("lac_") and "health" in i.clock]


def test_an_initial_health_assessment_not_held_is_overdue_in_the_lists_and_on_my_cases(
    personas, looked_after
):
    overdue = selectors.overdue_for_team(team=personas.team, today=TODAY)
    assert _health(overdue) == [("lac_initial_health_assessment", date(2025, 2, 3))]
    assert _health(selectors.overdue_for_authority(authority=personas.authority, today=TODAY)) == [
        ("lac_initial_health_assessment", date(2025, 2, 3))
    ]
    on_the_day = selectors.overdue_for_team(team=personas.team, today=date(2025, 2, 3))
    assert _health(on_the_day) == []

    caseload = selectors.caseload_get(user=personas.social_worker, today=TODAY)
    (entry,) = [e for e in caseload.entries if e.child_id == personas.own_child.pk]
    # The first visit (due 13 January), the care plan (20 January) and the first review
    # (3 February) are as old or older; the health assessment and the personal education plan
    # (both 3 February) are counted with them.
    assert entry.overdue_items == 5
    assert entry.next_item is not None
    assert (entry.next_item.clock, entry.next_item.due) == ("lac_first_visit", date(2025, 1, 13))


def test_the_next_review_assessment_is_the_timelines_once_the_initial_is_held(
    personas, looked_after
):
    HealthAssessment.objects.create(
        child=personas.own_child,
        period=looked_after.period,
        kind=HealthAssessment.Kind.INITIAL,
        assessment_date=date(2025, 1, 30),
        carried_out_by="Dr A Example",
    )
    timescales = local_timescales(personas.authority)
    open_items = extensions.open_clocks([personas.own_child.pk], TODAY, timescales)
    timeline = [
        i
        for i in selectors.child_due_items(
            child=personas.own_child, authority=personas.authority, today=TODAY
        )
        + extensions.timeline_items(personas.social_worker, personas.own_child, TODAY, timescales)
        if i.met is None and not i.closed and "health" in i.clock
    ]
    # Born 1 March 2016, so 8 on the day: the yearly review.
    assert _health(open_items) == [(i.clock, i.due) for i in timeline]
    assert _health(open_items) == [("lac_review_health_assessment", date(2026, 1, 30))]


def test_a_return_interview_not_answered_is_open_and_an_answer_closes_it(personas, looked_after):
    episode = MissingEpisode.objects.create(
        child=personas.own_child,
        period=looked_after.period,
        kind=MissingEpisode.Kind.MISSING,
        start_date=date(2025, 3, 7),
        end_date=date(2025, 3, 8),
    )
    timescales = local_timescales(personas.authority)

    (item,) = [
        i
        for i in extensions.open_clocks([personas.own_child.pk], TODAY, timescales)
        if i.clock == "missing_return_interview"
    ]
    assert (item.subject_id, item.started, item.due) == (
        episode.pk,
        date(2025, 3, 8),
        date(2025, 3, 11),
    )

    MissingEpisode.objects.filter(pk=episode.pk).update(rhi_offered=True, rhi_accepted=False)
    assert [
        i
        for i in extensions.open_clocks([personas.own_child.pk], TODAY, timescales)
        if i.clock == "missing_return_interview"
    ] == []


def test_the_team_dashboard_counts_them_and_lists_the_children(personas, sign_in, looked_after):
    client = sign_in(personas.team_manager)
    counts = figures(client.get(reverse("cases:team_dashboard")).content.decode())
    assert counts["health-assessments-overdue"] == 1
    assert counts["health-assessments-due-soon"] == 0
    page = client.get(measure_url(personas.team, "health-assessments-overdue")).content.decode()
    assert listed(page) == [personas.own_child.full_name]
    # Born 1 March 2016: a personal education plan was due with the health assessment.
    assert counts["education-plans-overdue"] == 1
    assert counts["education-plans-due-soon"] == 0


@pytest.mark.parametrize("size", [2, 20])
def test_the_care_clocks_are_read_in_one_query_whatever_the_number_of_children(
    personas, django_assert_num_queries, size
):
    ids = []
    for n in range(size):
        child = ChildFactory(first_name=f"Child{n}", last_name="Incare")
        PlacementFactory(period__child=child, period__start_date=date(2025, 1, 6))
        ids.append(child.pk)
    timescales = local_timescales(personas.authority)
    # Care's own source; each app's source counts its own queries in its tests.
    with django_assert_num_queries(1):
        items = open_care_clocks(ids, TODAY, timescales)
    # Each child's initial health assessment and personal education plan.
    assert sorted(i.clock for i in items) == sorted(
        ["lac_initial_health_assessment", "lac_pep"] * size
    )
