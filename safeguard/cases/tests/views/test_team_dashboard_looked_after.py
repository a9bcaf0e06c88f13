"""The team dashboard's looked-after figures (care plan, reviews, visits: Care Planning
Regulations 2010) against hand-worked cases over Easter 2025, the children behind each, need to
know, the same answer as the child's own timeline, and the dashboard's fixed queries."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from safeguard.audit.models import AuditHead
from safeguard.cases.extensions import clock_families
from safeguard.cases.selectors import child_due_items
from safeguard.cases.tests.factories import (
    AllocationFactory,
    LookedAfterPeriodFactory,
    LookedAfterReviewFactory,
    VisitFactory,
)
from safeguard.cases.tests.views.test_team_dashboard import (
    DASHBOARD_QUERIES,
    figures,
    listed,
    measure_url,
    team_row_figures,
)
from safeguard.common import codes
from safeguard.organisation.models import Team, Worker
from safeguard.people.tests.factories import ChildFactory
from safeguard.timescales.clocks import ClockStatus

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")

LOOKED_AFTER = (
    "care-plans-overdue",
    "care-plans-due-soon",
    "looked-after-reviews-overdue",
    "looked-after-reviews-due-soon",
    "looked-after-visits-overdue",
    "looked-after-visits-due-soon",
)


@pytest.fixture(autouse=True)
def frozen_today(calendar: Any) -> Iterator[None]:
    """Noon on Thursday 17 April 2025, the day before Good Friday (18 April); Easter Monday is
    21 April. With a due soon window of 5 working days (22, 23, 24, 25 and 28 April), a clock
    is due soon if it falls due from today up to Monday 28 April."""
    with time_machine.travel(datetime(2025, 4, 17, 12, 0, tzinfo=LONDON), tick=False):
        yield


def _looked_after(
    name: str,
    team: Team,
    worker: Worker | None,
    *,
    since: date,
    care_plan: date | None = None,
    reviews: tuple[date, ...] = (),
    seen: tuple[date, ...] = (),
    child: Any = None,
) -> Any:
    if child is None:
        child = ChildFactory(first_name=name, last_name="Incare")
        AllocationFactory(child=child, team=team, worker=worker, start_date=since)
    period = LookedAfterPeriodFactory(child=child, start_date=since, care_plan_date=care_plan)
    for held in reviews:
        LookedAfterReviewFactory(period=period, review_date=held)
    for day in seen:
        VisitFactory(child=child, kind=codes.VisitKind.LAC_VISIT, visit_date=day)
    return child


def build_care_cases(personas: Any) -> dict[str, Any]:
    """Children looked after by Team A, each behind one figure on Thursday 17 April 2025:

    - Plansoon: looked after from Mon 7 April, no care plan. 10 working days: 8, 9, 10, 11,
      14, 15, 16, 17, (Easter) 22, 23: due Wed 23 April (21 April without Easter): due soon.
      First review due 8 May, seen on 10 April (next visit 22 May): nothing else.
    - Planlate: from Mon 17 March, no care plan: due Mon 31 March, overdue by 13 working days
      (1-4, 7-11, 14-17 April). Reviewed 10 April (second due 10 July); seen 20 March (next
      visit due 1 May, 8 working days away: not yet due soon).
    - Agreed: from 7 April, care plan agreed 9 April: met, counted nowhere.
    - Reviewsoon: from Fri 21 March (care plan that day); 20 working days: 24-28 March (5),
      31 March-4 April (10), 7-11 (15), 14-17 (19), (Easter) Tue 22 April (20): due soon, 1
      working day left. Seen 27 March (next 8 May).
    - Reviewlate: from 2 January, first review 14 January, the second due 3 months later on
      Mon 14 April: overdue by 3 working days. Seen 10 April.
    - Unvisited: from 3 February, reviewed 27 February; seen 10 February, then a visit on
      1 April at which the child was not seen: the visit was due 42 days after 10 February,
      on 24 March: overdue by 18 working days.
    - Firstvisit: from Fri 11 April: the first visit is due a week later, on Good Friday
      18 April (a weeks clock does not move off a bank holiday): due soon, 0 working days
      left.
    - Restricted (the personas' restricted record, Team A, the manager named on it): from
      3 February, reviewed 27 February, never visited: first visit overdue since 10 February.
    - Ended: looked after from 2 January to 31 March with nothing recorded: not counted.
    - Other (Team B): looked after from 3 February with nothing recorded: not Team A's.
    """
    personas.authority.due_soon_working_days = 5
    personas.authority.save()
    team = personas.team
    worker = personas.social_worker.worker
    cases = {
        "plansoon": _looked_after(
            "Plansoon", team, worker, since=date(2025, 4, 7), seen=(date(2025, 4, 10),)
        ),
        "planlate": _looked_after(
            "Planlate",
            team,
            worker,
            since=date(2025, 3, 17),
            reviews=(date(2025, 4, 10),),
            seen=(date(2025, 3, 20),),
        ),
        "agreed": _looked_after(
            "Agreed",
            team,
            worker,
            since=date(2025, 4, 7),
            care_plan=date(2025, 4, 9),
            seen=(date(2025, 4, 10),),
        ),
        "reviewsoon": _looked_after(
            "Reviewsoon",
            team,
            worker,
            since=date(2025, 3, 21),
            care_plan=date(2025, 3, 21),
            seen=(date(2025, 3, 27),),
        ),
        "reviewlate": _looked_after(
            "Reviewlate",
            team,
            worker,
            since=date(2025, 1, 2),
            care_plan=date(2025, 1, 2),
            reviews=(date(2025, 1, 14),),
            seen=(date(2025, 4, 10),),
        ),
        "unvisited": _looked_after(
            "Unvisited",
            team,
            worker,
            since=date(2025, 2, 3),
            care_plan=date(2025, 2, 3),
            reviews=(date(2025, 2, 27),),
            seen=(date(2025, 2, 10),),
        ),
        "firstvisit": _looked_after(
            "Firstvisit", team, worker, since=date(2025, 4, 11), care_plan=date(2025, 4, 11)
        ),
        "restricted": _looked_after(
            "",
            team,
            None,
            since=date(2025, 2, 3),
            care_plan=date(2025, 2, 3),
            reviews=(date(2025, 2, 27),),
            child=personas.restricted_child,
        ),
        "other": _looked_after("", team, None, since=date(2025, 2, 3), child=personas.other_child),
    }
    ended = _looked_after("Ended", team, worker, since=date(2025, 1, 2))
    ended.care_periods.update(end_date=date(2025, 3, 31), reason_ceased="E11")
    VisitFactory(
        child=cases["unvisited"],
        kind=codes.VisitKind.LAC_VISIT,
        not_seen=True,
        visit_date=date(2025, 4, 1),
    )
    cases["ended"] = ended
    return cases


def looked_after_figures(html: str) -> dict[str, int]:
    return {slug: n for slug, n in figures(html).items() if slug in LOOKED_AFTER}


def drill_down_cells(html: str, name: str) -> list[str]:
    row = html.split(name, 1)[1].split("</tr>", 1)[0]
    return re.findall(r'<td class="govuk-table__cell[^"]*">([^<]*)</td>', row)


def test_the_looked_after_figures_match_the_hand_worked_cases(personas, sign_in):
    build_care_cases(personas)
    html = sign_in(personas.team_manager).get(reverse("cases:team_dashboard")).content.decode()
    assert looked_after_figures(html) == {
        "care-plans-overdue": 1,
        "care-plans-due-soon": 1,
        "looked-after-reviews-overdue": 1,
        "looked-after-reviews-due-soon": 1,
        "looked-after-visits-overdue": 2,
        "looked-after-visits-due-soon": 1,
    }
    # In their own table, after the statutory work needing attention.
    section = html.split('id="looked-after-figures"', 1)[1].split("</table>", 1)[0]
    # With the figures of other apps' clocks (cases.extensions.register_clock_source).
    assert set(re.findall(r'data-measure="([\w-]+)"', section)) == {
        *LOOKED_AFTER,
        *(f"{f.slug}-{state}" for f in clock_families() for state in ("overdue", "due-soon")),
    }
    assert html.index('id="team-figures"') < html.index('id="looked-after-figures"')
    assert "Due soon counts what falls due within 5 working days" in html


@pytest.mark.parametrize(
    ("measure", "children"),
    [
        ("care-plans-overdue", ["Planlate Incare"]),
        ("care-plans-due-soon", ["Plansoon Incare"]),
        ("looked-after-reviews-overdue", ["Reviewlate Incare"]),
        ("looked-after-reviews-due-soon", ["Reviewsoon Incare"]),
        # Oldest due first: the restricted child's first visit was due on 10 February.
        ("looked-after-visits-overdue", ["Restricted Child", "Unvisited Incare"]),
        ("looked-after-visits-due-soon", ["Firstvisit Incare"]),
    ],
)
def test_each_looked_after_figure_links_to_the_children_behind_it(
    personas, sign_in, measure, children
):
    build_care_cases(personas)
    client = sign_in(personas.team_manager)
    dashboard = client.get(reverse("cases:team_detail", args=[personas.team.pk])).content.decode()
    url = measure_url(personas.team, measure)
    assert f'href="{url}"' in dashboard
    response = client.get(url)
    assert response.status_code == 200
    assert listed(response.content.decode()) == children


def test_the_drill_downs_show_due_dates_moved_by_easter_and_working_days(personas, sign_in):
    build_care_cases(personas)
    client = sign_in(personas.team_manager)
    get = lambda measure: client.get(measure_url(personas.team, measure)).content.decode()  # noqa: E731
    # Worker, started, due, working days overdue or left.
    assert drill_down_cells(get("care-plans-overdue"), "Planlate Incare") == [
        "Sw Persona",
        "17 Mar 2025",
        "31 Mar 2025",
        "13",
    ]
    assert drill_down_cells(get("care-plans-due-soon"), "Plansoon Incare") == [
        "Sw Persona",
        "7 Apr 2025",
        "23 Apr 2025",
        "2",
    ]
    assert drill_down_cells(get("looked-after-reviews-due-soon"), "Reviewsoon Incare") == [
        "Sw Persona",
        "21 Mar 2025",
        "22 Apr 2025",
        "1",
    ]
    # The second review runs from the first.
    assert drill_down_cells(get("looked-after-reviews-overdue"), "Reviewlate Incare") == [
        "Sw Persona",
        "14 Jan 2025",
        "14 Apr 2025",
        "3",
    ]
    # From the last visit at which the child was seen; the unseen one on 1 April does not count.
    assert drill_down_cells(get("looked-after-visits-overdue"), "Unvisited Incare") == [
        "Sw Persona",
        "10 Feb 2025",
        "24 Mar 2025",
        "18",
    ]
    assert drill_down_cells(get("looked-after-visits-due-soon"), "Firstvisit Incare") == [
        "Sw Persona",
        "11 Apr 2025",
        "18 Apr 2025",
        "0",
    ]


def test_the_figures_say_what_each_childs_own_timeline_says(personas, sign_in):
    # One truth: the dashboard's SQL and the timeline's Python give the same overdue and due
    # soon clocks, child by child.
    cases = build_care_cases(personas)
    client = sign_in(personas.team_manager)
    families = {"lac_care_plan": "care-plans"}
    families.update(
        dict.fromkeys(
            ("lac_first_review", "lac_second_review", "lac_later_review"), "looked-after-reviews"
        )
    )
    families.update(dict.fromkeys(("lac_first_visit", "lac_visit"), "looked-after-visits"))
    from_timeline: set[tuple[str, int]] = set()
    for key, child in cases.items():
        if key == "other":
            continue
        for item in child_due_items(
            child=child, authority=personas.authority, today=date(2025, 4, 17)
        ):
            if item.clock in families and item.is_open:
                if item.status is ClockStatus.OVERDUE:
                    from_timeline.add((f"{families[item.clock]}-overdue", child.pk))
                elif item.status is ClockStatus.DUE_SOON:
                    from_timeline.add((f"{families[item.clock]}-due-soon", child.pk))
    from_dashboard = set()
    for measure in LOOKED_AFTER:
        html = client.get(measure_url(personas.team, measure)).content.decode()
        from_dashboard |= {(measure, int(pk)) for pk in re.findall(r'data-child="(\d+)"', html)}
    assert from_dashboard == from_timeline
    assert len(from_dashboard) == 7


def test_a_change_to_the_authoritys_due_soon_window_counts_at_once(personas, sign_in):
    build_care_cases(personas)
    client = sign_in(personas.team_manager)
    assert (
        looked_after_figures(client.get(reverse("cases:team_dashboard")).content.decode())[
            "looked-after-reviews-due-soon"
        ]
        == 1
    )
    personas.authority.due_soon_working_days = 0
    personas.authority.save()
    html = client.get(reverse("cases:team_dashboard")).content.decode()
    counted = looked_after_figures(html)
    # Reviewsoon has 1 working day left; Firstvisit, due tomorrow (a bank holiday), none.
    assert counted["looked-after-reviews-due-soon"] == 0
    assert counted["looked-after-visits-due-soon"] == 1
    assert counted["care-plans-due-soon"] == 0
    assert counted["looked-after-visits-overdue"] == 2


# --- Need to know -------------------------------------------------------------------------------


def test_the_head_of_service_is_not_told_of_a_restricted_record_they_are_not_named_on(
    personas, sign_in
):
    build_care_cases(personas)
    # A second team in the service, so that the head of service has "Your teams".
    Team.objects.create(
        authority=personas.authority,
        service=personas.team.service,
        name="Team C",
        kind="children_in_care",
    )
    head = sign_in(personas.head_of_service)
    html = head.get(reverse("cases:team_dashboard")).content.decode()
    rows = dict(re.findall(r'<tr [^>]*data-team="(\d+)">(.*?)</tr>', html, re.S))
    team_a = team_row_figures(rows[str(personas.team.pk)])
    # Each looked-after figure that is overdue is on the team's row; the restricted child is
    # not counted for the head of service.
    assert team_a["care-plans-overdue"] == 1
    assert team_a["looked-after-reviews-overdue"] == 1
    assert team_a["looked-after-visits-overdue"] == 1
    listing = head.get(measure_url(personas.team, "looked-after-visits-overdue"))
    assert listed(listing.content.decode()) == ["Unvisited Incare"]
    detail = head.get(reverse("cases:team_detail", args=[personas.team.pk])).content.decode()
    assert looked_after_figures(detail)["looked-after-visits-overdue"] == 1


def test_a_manager_is_never_shown_another_teams_looked_after_children(personas, sign_in):
    build_care_cases(personas)
    client = sign_in(personas.team_manager)
    for measure in LOOKED_AFTER:
        assert "Other Child" not in client.get(measure_url(personas.team, measure)).content.decode()
    other = measure_url(personas.other_team, "looked-after-visits-overdue")
    assert client.get(other).status_code == 404


@pytest.mark.parametrize("role", ["social_worker", "analyst"])
def test_roles_without_team_oversight_are_refused_the_looked_after_lists(personas, sign_in, role):
    client = sign_in(getattr(personas, role))
    assert client.get(measure_url(personas.team, "care-plans-overdue")).status_code == 403


# --- Queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 20])
def test_looked_after_children_add_no_query_to_the_dashboard(
    personas, sign_in, django_assert_num_queries, size, social_care_only
):
    # Each looked-after clock is a branch of the dashboard's one UNION ALL: more children in
    # care, the same queries.
    team = personas.team
    worker = personas.social_worker.worker
    for n in range(size):
        _looked_after(f"Late{n}", team, worker, since=date(2025, 3, 17))
    AuditHead.objects.get_or_create(id=1)
    client = sign_in(personas.team_manager)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("cases:team_dashboard"))
    counted = looked_after_figures(response.content.decode())
    # From 17 March, nothing recorded: care plan (31 March), first visit (24 March) and first
    # review (14 April) all overdue.
    assert counted["care-plans-overdue"] == size
    assert counted["looked-after-visits-overdue"] == size
    assert counted["looked-after-reviews-overdue"] == size
