"""The team dashboard: its figures against hand-worked cases, the children behind each
figure, the head of service's view by team, its fixed number of queries, and its access."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguard.audit.models import AuditHead
from safeguard.cases import extensions
from safeguard.cases.extensions import clock_families
from safeguard.cases.models import Allocation
from safeguard.cases.selectors import OVERDUE_MEASURES
from safeguard.cases.tests.factories import (
    AllocationFactory,
    AssessmentFactory,
    ChildProtectionPlanFactory,
    ReferralFactory,
    Section47EnquiryFactory,
    VisitFactory,
)
from safeguard.common.tests.compiling import AUDIT_APPEND, sql_compiled
from safeguard.organisation.models import Team, Worker
from safeguard.organisation.tests.factories import WorkerFactory
from safeguard.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = date(2025, 3, 14)


@pytest.fixture(autouse=True)
def frozen_today(calendar: Any) -> Iterator[None]:
    """Noon on Friday 14 March 2025."""
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def _child(name: str, team: Team, worker: Worker | None, *, since: date = date(2024, 6, 3)) -> Any:
    child = ChildFactory(first_name=name, last_name="Testchild")
    AllocationFactory(child=child, team=team, worker=worker, start_date=since)
    return child


def _referral(child: Any, team: Team, on: date) -> Any:
    return ReferralFactory(child=child, team=team, referral_date=on)


def build_team_cases(personas: Any) -> dict[str, Any]:
    """One child behind each figure of Team A, dated so that on Friday 14 March 2025:

    - Waiting: referred to Team A on Monday 3 March, no allocation: 9 working days waiting
      (4-7 and 10-14 March). With the personas' "Team" child (team only since 2020), 2 wait.
    - Late: referral Monday 6 January; 45 working days end Monday 10 March (19 in January,
      20 in February, 6 in March): 4 working days overdue.
    - Soon: referral Monday 20 January; due Monday 24 March: 6 working days left.
    - Calm: referral Monday 3 March: due in May, neither soon nor late.
    - Ready: referral Monday 3 February, assessment submitted on 12 March, due 7 April.
    - Unseen: on a plan since 3 February, last seen 10 February; the CP visit was due
      10 working days later, on 24 February: 14 working days overdue.
    - Enquiry: section 47 since Monday 13 January, no conference; 15 working days end
      Monday 3 February.
    - Review: on a plan since Monday 2 September 2024, never reviewed: the first review was
      due by 2 December 2024 (seen on 12 March, so the visit is in time).
    """
    team = personas.team
    worker = personas.social_worker.worker
    second = WorkerFactory(
        authority=personas.authority,
        team=team,
        first_name="Second",
        last_name="Worker",
        full_time_equivalent="0.50",
    )
    waiting = ChildFactory(first_name="Waiting", last_name="Testchild")
    _referral(waiting, team, date(2025, 3, 3))

    late = _child("Late", team, worker)
    AssessmentFactory(referral=_referral(late, team, date(2025, 1, 6)), worker=worker)
    soon = _child("Soon", team, second)
    AssessmentFactory(referral=_referral(soon, team, date(2025, 1, 20)), worker=second)
    calm = _child("Calm", team, second)
    AssessmentFactory(referral=_referral(calm, team, date(2025, 3, 3)), worker=second)
    ready = _child("Ready", team, worker)
    AssessmentFactory(
        referral=_referral(ready, team, date(2025, 2, 3)),
        worker=worker,
        submitted=True,
        submitted_date=date(2025, 3, 12),
        analysis="The family has engaged well.",
    )

    unseen = _child("Unseen", team, worker)
    ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=_referral(
            unseen, team, date(2025, 1, 6)
        )
    )
    VisitFactory(child=unseen, visit_date=date(2025, 2, 10))

    enquiry = _child("Enquiry", team, worker)
    Section47EnquiryFactory(
        strategy_discussion__referral=_referral(enquiry, team, date(2025, 1, 6))
    )

    review = _child("Review", team, second)
    ChildProtectionPlanFactory(
        initial_conference__conference_date=date(2024, 9, 2),
        initial_conference__section47_enquiry__start_date=date(2024, 8, 12),
        initial_conference__section47_enquiry__completed_date=date(2024, 8, 23),
        initial_conference__section47_enquiry__strategy_discussion__discussion_date=date(
            2024, 8, 12
        ),
        initial_conference__section47_enquiry__strategy_discussion__referral=_referral(
            review, team, date(2024, 8, 1)
        ),
    )
    VisitFactory(child=review, visit_date=date(2025, 3, 12))
    return {
        "second": second,
        "waiting": waiting,
        "late": late,
        "soon": soon,
        "calm": calm,
        "ready": ready,
        "unseen": unseen,
        "enquiry": enquiry,
        "review": review,
    }


def figures(html: str) -> dict[str, int]:
    """The number in each figure cell of a one-team dashboard, by measure."""
    cells = re.findall(r'data-measure="([\w-]+)"><a [^>]*>(\d+)<', html)
    return {measure: int(n) for measure, n in cells}


def team_row_figures(html: str) -> dict[str, int]:
    """The figures in a team's row of "Your teams" (a head of service's teams): the numbers
    in their cells, and each overdue figure listed as "Label: number"."""
    found = {m: int(n) for m, n in re.findall(r'data-measure="([\w-]+)"><a [^>]*>(\d+)<', html)}
    overdue = re.findall(r'<li data-measure="([\w-]+)"><a [^>]*>[^<:]+: (\d+)<', html)
    return {**found, **{m: int(n) for m, n in overdue}}


def listed(html: str) -> list[str]:
    """Names of the children in a drill-down list, in order."""
    body = html.split('id="measure-children"', 1)[1] if 'id="measure-children"' in html else ""
    return re.findall(r'<th scope="row" class="govuk-table__header">(?:<a [^>]*>)?([^<]+)<', body)


def measure_url(team: Team, measure: str, **query: Any) -> str:
    url = reverse("cases:team_measure", args=[team.pk, measure])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# --- Figures and the children behind them -----------------------------------------------------


def test_the_team_managers_figures_match_the_hand_worked_cases(personas, sign_in):
    build_team_cases(personas)
    response = sign_in(personas.team_manager).get(reverse("cases:team_dashboard"))
    assert response.status_code == 200
    assert figures(response.content.decode()) == {
        "unallocated": 2,
        "awaiting-authorisation": 1,
        "assessments-due-soon": 1,
        "assessments-overdue": 1,
        "cp-visits-overdue": 1,
        "initial-conferences-overdue": 1,
        "review-conferences-overdue": 1,
        # Own, Restricted (the manager is named on it), Late, Soon, Calm, Ready, Unseen,
        # Enquiry, Review.
        "caseload": 9,
        # Nobody here is looked after (test_team_dashboard_looked_after.py counts those).
        "care-plans-overdue": 0,
        "care-plans-due-soon": 0,
        "looked-after-reviews-overdue": 0,
        "looked-after-reviews-due-soon": 0,
        "looked-after-visits-overdue": 0,
        "looked-after-visits-due-soon": 0,
        # Other apps' clocks (cases.extensions.register_clock_source): nobody here has any.
        **{f"{f.slug}-{state}": 0 for f in clock_families() for state in ("overdue", "due-soon")},
    }


@pytest.mark.parametrize(
    ("measure", "children"),
    [
        ("unallocated", ["Team Child", "Waiting Testchild"]),
        ("awaiting-authorisation", ["Ready Testchild"]),
        ("assessments-due-soon", ["Soon Testchild"]),
        ("assessments-overdue", ["Late Testchild"]),
        ("cp-visits-overdue", ["Unseen Testchild"]),
        ("initial-conferences-overdue", ["Enquiry Testchild"]),
        ("review-conferences-overdue", ["Review Testchild"]),
    ],
)
def test_each_figure_links_to_the_children_behind_it(personas, sign_in, measure, children):
    build_team_cases(personas)
    client = sign_in(personas.team_manager)
    dashboard = client.get(reverse("cases:team_detail", args=[personas.team.pk])).content.decode()
    url = measure_url(personas.team, measure)
    assert f'href="{url}"' in dashboard
    response = client.get(url)
    assert response.status_code == 200
    assert listed(response.content.decode()) == children
    assert figures(dashboard)[measure] == len(children)


def test_the_drill_down_lists_show_the_worker_due_date_and_working_days(personas, sign_in):
    build_team_cases(personas)
    client = sign_in(personas.team_manager)
    html = client.get(measure_url(personas.team, "assessments-overdue")).content.decode()
    row = html.split("Late Testchild", 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r'<td class="govuk-table__cell[^"]*">([^<]*)</td>', row)
    # Worker, referral date, due date, working days overdue.
    assert cells == ["Sw Persona", "6 Jan 2025", "10 Mar 2025", "4"]

    html = client.get(measure_url(personas.team, "cp-visits-overdue")).content.decode()
    row = html.split("Unseen Testchild", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<td class="govuk-table__cell[^"]*">([^<]*)</td>', row) == [
        "Sw Persona",
        "10 Feb 2025",
        "24 Feb 2025",
        "14",
    ]

    html = client.get(measure_url(personas.team, "assessments-due-soon")).content.decode()
    row = html.split("Soon Testchild", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<td class="govuk-table__cell[^"]*">([^<]*)</td>', row) == [
        "Second Worker",
        "20 Jan 2025",
        "24 Mar 2025",
        "6",
    ]


def test_waiting_for_allocation_shows_how_many_working_days_each_child_has_waited(
    personas, sign_in
):
    cases = build_team_cases(personas)
    html = sign_in(personas.team_manager).get(reverse("cases:team_dashboard")).content.decode()
    waiting = html.split('id="waiting"', 1)[1].split("</table>", 1)[0]
    row = waiting.split("Waiting Testchild", 1)[1].split("</tr>", 1)[0]
    assert "3 Mar 2025" in row
    assert re.search(r"--numeric\">9</td>", row)
    assert reverse("cases:allocate", args=[cases["waiting"].pk]) in row
    # Longest waiting first: the personas' child has waited since January 2020.
    assert waiting.index("Team Child") < waiting.index("Waiting Testchild")
    # The team's own child links to their record; a referral nobody holds yet has no record
    # the manager may open (need to know follows allocations), so it is not a dead link.
    assert f'href="/children/{personas.team_child.pk}"' in waiting
    assert f'href="/children/{cases["waiting"].pk}"' not in waiting
    assert "Not allocated yet" in waiting.split("Waiting Testchild", 1)[1]


def test_caseloads_count_each_workers_children_with_their_full_time_equivalent(personas, sign_in):
    cases = build_team_cases(personas)
    client = sign_in(personas.team_manager)
    html = client.get(reverse("cases:team_dashboard")).content.decode()
    table = html.split('id="caseload-table"', 1)[1].split("</table>", 1)[0]
    second = cases["second"]
    row = table.split("Second Worker", 1)[1].split("</tr>", 1)[0]
    assert ">0.50<" in row
    assert re.search(r">3<span class=\"govuk-visually-hidden\"> children allocated to", row)
    assert ">6.0<" in row  # 3 children on a half-time post
    sw_row = table.split("Sw Persona", 1)[1].split("</tr>", 1)[0]
    # Own, Restricted, Late, Ready, Unseen, Enquiry.
    assert re.search(r">6<span class=\"govuk-visually-hidden\"> children allocated to", sw_row)

    listing = client.get(measure_url(personas.team, "caseload", worker=second.pk))
    assert listing.status_code == 200
    assert listed(listing.content.decode()) == [
        "Calm Testchild",
        "Review Testchild",
        "Soon Testchild",
    ]


def test_a_worker_who_has_left_and_still_holds_a_late_case_stays_on_the_caseloads(
    personas, sign_in
):
    # Read with the caseload counts (selectors.team._staff_and_caseloads), not as a member
    # of the team in post: named by the late assessment's row, so listed with their child.
    team = personas.team
    leaver = WorkerFactory(
        authority=personas.authority,
        team=team,
        first_name="Gone",
        last_name="Worker",
        left_on=date(2025, 3, 7),
    )
    late = _child("Late", team, leaver)
    AssessmentFactory(referral=_referral(late, team, date(2025, 1, 6)), worker=leaver)
    html = sign_in(personas.team_manager).get(reverse("cases:team_dashboard")).content.decode()
    table = html.split('id="caseload-table"', 1)[1].split("</table>", 1)[0]
    row = table.split("Gone Worker", 1)[1].split("</tr>", 1)[0]
    assert re.search(r">1<span class=\"govuk-visually-hidden\"> children allocated to", row)
    assert figures(html)["assessments-overdue"] == 1


def test_figures_are_links_with_their_meaning_for_screen_readers(personas, sign_in):
    build_team_cases(personas)
    html = sign_in(personas.team_manager).get(reverse("cases:team_dashboard")).content.decode()
    assert (
        '>2<span class="govuk-visually-hidden"> unallocated referrals in Team A</span></a>' in html
    )
    assert "<caption" in html
    assert 'class="safeguard-table-scroll"' in html
    assert "style=" not in html


def test_an_unknown_figure_is_not_found(personas, sign_in):
    client = sign_in(personas.team_manager)
    assert client.get(measure_url(personas.team, "everything")).status_code == 404


def test_a_worker_from_another_team_cannot_be_listed_on_this_teams_caseload(personas, sign_in):
    client = sign_in(personas.team_manager)
    other = personas.other_worker.worker
    assert client.get(measure_url(personas.team, "caseload", worker=other.pk)).status_code == 404
    assert client.get(measure_url(personas.team, "caseload", worker="x")).status_code == 404


def test_a_child_who_moved_teams_leaves_the_old_teams_figures(personas, sign_in):
    cases = build_team_cases(personas)
    Allocation.objects.filter(child=cases["late"], end_date__isnull=True).update(
        end_date=date(2025, 3, 13)
    )
    AllocationFactory(
        child=cases["late"],
        team=personas.other_team,
        worker=personas.other_worker.worker,
        start_date=date(2025, 3, 13),
    )
    html = sign_in(personas.team_manager).get(reverse("cases:team_dashboard")).content.decode()
    assert figures(html)["assessments-overdue"] == 0


# --- Head of service ----------------------------------------------------------------------------


def test_the_head_of_service_sees_a_row_per_team_in_their_service_with_the_same_figures(
    personas, sign_in
):
    build_team_cases(personas)
    team_c = Team.objects.create(
        authority=personas.authority,
        service=personas.team.service,
        name="Team C",
        kind=Team.Kind.CHILDREN_IN_NEED,
    )
    waiting = ChildFactory(first_name="Elsewhere", last_name="Testchild")
    _referral(waiting, team_c, date(2025, 3, 10))

    manager_view = sign_in(personas.team_manager).get(
        reverse("cases:team_detail", args=[personas.team.pk])
    )
    head = sign_in(personas.head_of_service)
    html = head.get(reverse("cases:team_dashboard")).content.decode()
    rows = dict(re.findall(r'<tr [^>]*data-team="(\d+)">(.*?)</tr>', html, re.S))
    assert set(rows) == {str(personas.team.pk), str(team_c.pk)}
    assert str(personas.other_team.pk) not in rows

    team_a = team_row_figures(rows[str(personas.team.pk)])
    expected = figures(manager_view.content.decode())
    # The restricted record names the team manager, not the head of service.
    expected["caseload"] -= 1
    # A row gives the caseload, the work waiting for a decision, and each overdue figure
    # that is not nought with their total; the team's own page has the rest.
    assert team_a == {
        slug: count
        for slug, count in expected.items()
        if slug in ("caseload", "unallocated", "awaiting-authorisation")
        or (slug in OVERDUE_MEASURES and count)
    }
    assert set(OVERDUE_MEASURES) & set(team_a)
    overdue = re.search(r'data-overdue="(\d+)"', rows[str(personas.team.pk)])
    assert overdue is not None
    assert int(overdue[1]) == sum(expected[slug] for slug in OVERDUE_MEASURES)
    assert team_row_figures(rows[str(team_c.pk)])["unallocated"] == 1
    assert "None overdue" in rows[str(team_c.pk)]

    # Each team drills into its own dashboard and lists.
    detail = head.get(reverse("cases:team_detail", args=[team_c.pk]))
    assert detail.status_code == 200
    assert listed(head.get(measure_url(team_c, "unallocated")).content.decode()) == [
        "Elsewhere Testchild"
    ]


def test_restricted_records_are_counted_only_for_their_named_people(personas, sign_in):
    build_team_cases(personas)
    manager = figures(
        sign_in(personas.team_manager).get(reverse("cases:team_dashboard")).content.decode()
    )
    head = sign_in(personas.head_of_service).get(measure_url(personas.team, "caseload"))
    assert "Restricted Child" not in head.content.decode()
    assert len(listed(head.content.decode())) == manager["caseload"] - 1


# --- Queries ------------------------------------------------------------------------------------


def _grow(personas: Any, size: int) -> None:
    """`size` children of each kind the dashboard counts, on two workers."""
    team = personas.team
    workers = [personas.social_worker.worker, WorkerFactory(authority=team.authority, team=team)]
    for n in range(size):
        worker = workers[n % 2]
        late = _child(f"Late{n}", team, worker)
        AssessmentFactory(referral=_referral(late, team, date(2025, 1, 6)), worker=worker)
        ready = _child(f"Ready{n}", team, worker)
        AssessmentFactory(
            referral=_referral(ready, team, date(2025, 2, 3)), worker=worker, submitted=True
        )
        unseen = _child(f"Unseen{n}", team, worker)
        ChildProtectionPlanFactory(
            initial_conference__section47_enquiry__strategy_discussion__referral=_referral(
                unseen, team, date(2025, 1, 6)
            )
        )
        waiting = ChildFactory(first_name=f"Waiting{n}")
        _referral(waiting, team, date(2025, 3, 3))
        _child(f"Unallocated{n}", team, None)


# Session, the user (with their worker, two-factor device and session epoch, in one query:
# accounts.backends), their team ids (once a request), the teams, the teams' children, those
# of them the user may oversee, the workers with their caseload counts (one query), the
# children behind every figure (one UNION ALL), the audit entry naming the children listed
# (savepoint, lock the chain's head, insert, move the head, release: five, however many
# children), and saving the session's last-seen time (savepoint, update, release). The
# navigation asks the rules, not Django's model permissions.
DASHBOARD_QUERIES = 16


@pytest.mark.parametrize("size", [2, 20])
def test_the_team_dashboard_takes_the_same_queries_whatever_the_number_of_children(
    personas, sign_in, django_assert_num_queries, size, social_care_only
):
    _grow(personas, size)
    # The chain has a head once anything was ever audited; the first entry ever creates it.
    AuditHead.objects.get_or_create(id=1)
    client = sign_in(personas.team_manager)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("cases:team_dashboard"))
    assert figures(response.content.decode())["assessments-overdue"] == size
    assert figures(response.content.decode())["unallocated"] == 2 * size + 1


@pytest.mark.parametrize("size", [2, 20])
def test_the_head_of_services_dashboard_and_the_lists_take_fixed_queries(
    personas, sign_in, size, social_care_only
):
    _grow(personas, size)
    Team.objects.create(
        authority=personas.authority,
        service=personas.team.service,
        name="Team C",
        kind="assessment",
    )
    AuditHead.objects.get_or_create(id=1)
    client = sign_in(personas.head_of_service)
    counts = []
    for url in (reverse("cases:team_dashboard"), measure_url(personas.team, "unallocated")):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    # The list asks as many (its workers, without the caseload counts) but the union: the
    # children waiting are read with the children overseen (selectors.team._children_overseen).
    # And, a second request within the minute, it does not rewrite the session's last-seen
    # time (savepoint, update, release: accounts.middleware).
    # On PostgreSQL its audit entry is one statement on the thread's own chain, where the first
    # request's took five (audit.services: savepoint, lock a head, insert, move it, release).
    own_chain = 4 if connection.vendor == "postgresql" else 0
    assert counts == [DASHBOARD_QUERIES, DASHBOARD_QUERIES - 4 - own_chain]


# --- Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["social_worker", "auditor", "analyst", "system_administrator", "front_door_worker"]
)
def test_roles_without_team_oversight_are_refused_every_team_page(personas, sign_in, role):
    client = sign_in(getattr(personas, role))
    for url in (
        reverse("cases:team_dashboard"),
        reverse("cases:team_detail", args=[personas.team.pk]),
        measure_url(personas.team, "unallocated"),
    ):
        assert client.get(url).status_code == 403, url


def test_a_manager_cannot_open_another_teams_dashboard_or_lists(personas, sign_in):
    client = sign_in(personas.team_manager)
    assert (
        client.get(reverse("cases:team_detail", args=[personas.other_team.pk])).status_code == 404
    )
    assert client.get(measure_url(personas.other_team, "caseload")).status_code == 404
    html = client.get(reverse("cases:team_dashboard")).content.decode()
    assert "Other Child" not in html


def test_the_team_pages_ask_for_the_team_dashboard_permission():
    from django.urls import resolve

    for url in ("/team", "/team/1", "/team/1/unallocated"):
        assert resolve(url).func.safeguard_permission == "team.dashboard"


def test_signed_out_visitors_are_sent_to_sign_in(client, personas):
    response = client.get(reverse("cases:team_dashboard"))
    assert response.status_code == 302
    assert reverse("accounts:sign_in") in response["Location"]


def test_a_large_service_counts_the_same_when_its_children_are_left_to_a_subquery(
    personas, sign_in, monkeypatch
):
    from safeguard.cases.selectors import team as team_selectors

    _grow(personas, 3)
    client = sign_in(personas.team_manager)
    sent_as_ids = figures(client.get(reverse("cases:team_dashboard")).content.decode())
    monkeypatch.setattr(team_selectors, "_OVERSEEN_IDS_INLINE", 1)
    as_subquery = figures(client.get(reverse("cases:team_dashboard")).content.decode())
    assert as_subquery == sent_as_ids
    assert sent_as_ids["unallocated"] == 7


def test_a_change_to_the_authoritys_visit_interval_counts_at_once(personas, sign_in):
    # The dashboard's built queries are kept between requests: their key must hold the
    # authority's own clocks, or a changed interval would show only after a restart.
    build_team_cases(personas)
    client = sign_in(personas.team_manager)
    dashboard = reverse("cases:team_dashboard")
    assert figures(client.get(dashboard).content.decode())["cp-visits-overdue"] == 1
    personas.authority.cp_visit_working_days = 30
    personas.authority.save()
    assert figures(client.get(dashboard).content.decode())["cp-visits-overdue"] == 0


def test_a_second_view_compiles_no_sql(personas, sign_in):
    # The figures and every panel registered through `cases.extensions` (supervision's, the
    # hub's signals) run statements compiled on the first view (`common.compiled`).
    _grow(personas, 2)
    client = sign_in(personas.team_manager)
    assert client.get(reverse("cases:team_dashboard")).status_code == 200
    with sql_compiled() as callers:
        assert client.get(reverse("cases:team_dashboard")).status_code == 200
    assert [c for c in callers if c not in AUDIT_APPEND] == []


# What the other apps add to a team's dashboard (`cases.extensions`), however many children:
# supervision's panel two (each case's latest supervision, and the workers' personal
# supervisions: the cases themselves are those the dashboard read, `HeldCase`), the hub's
# signals one, and the clocks of care and care leavers one each (care leavers' second only
# for young people of an age to have them).
OTHER_APPS_DASHBOARD_QUERIES = 5


@pytest.mark.parametrize("size", [2, 20])
def test_other_apps_add_a_fixed_few_queries_to_the_team_dashboard(
    personas, sign_in, monkeypatch, size
):
    _grow(personas, size)
    client = sign_in(personas.team_manager)
    client.get(reverse("cases:team_dashboard"))  # warm the session, the user and the chain
    with CaptureQueriesContext(connection) as everything:
        assert client.get(reverse("cases:team_dashboard")).status_code == 200
    for registry in ("_team_panels", "_clock_sources"):
        monkeypatch.setattr(extensions, registry, [])
    with CaptureQueriesContext(connection) as own:
        assert client.get(reverse("cases:team_dashboard")).status_code == 200
    assert len(everything) - len(own) == OTHER_APPS_DASHBOARD_QUERIES, [
        q["sql"][:80] for q in everything.captured_queries
    ]
