"""The workforce dashboards: who sees which, and the figures they show, counted from
hand-built posts, holdings and allocations on 30 September 2025."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from safeguard.cases.models import Allocation
from safeguard.organisation.models import Service, Team, Worker
from safeguard.people.tests.factories import ChildFactory
from safeguard.workforce.models import Post, PostHolding

pytestmark = pytest.mark.django_db

DAY = date(2025, 9, 30)


@pytest.fixture
def on_the_day():
    with time_machine.travel(datetime(2025, 9, 30, 10, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def team_a_posts(personas):
    """Team A: two social worker posts, one held by the personas' social worker (with the
    two children allocated to them), one vacant and covered by an agency worker."""
    team = personas.team
    held, vacant = (
        Post.objects.create(
            authority=personas.authority,
            team=team,
            reference=ref,
            role=Worker.Role.SOCIAL_WORKER,
            funded_fte=Decimal(1),
            start_date=date(2019, 4, 1),
        )
        for ref in ("A1", "A2")
    )
    PostHolding.objects.create(
        post=held,
        worker=personas.social_worker.worker,
        basis=PostHolding.Basis.PERMANENT,
        fte=Decimal(1),
        start_date=date(2020, 1, 6),
    )
    locum = Worker.objects.create(
        authority=personas.authority,
        first_name="Agency",
        last_name="Locum",
        role=Worker.Role.SOCIAL_WORKER,
        team=team,
        is_agency=True,
        started_on=date(2025, 7, 1),
    )
    PostHolding.objects.create(
        post=vacant,
        worker=locum,
        basis=PostHolding.Basis.AGENCY,
        fte=Decimal(1),
        start_date=date(2025, 7, 1),
    )
    return held, vacant


def _figure(response, key: str) -> list[str]:
    """The cells of a figure's row in the Figures table."""
    html = response.content.decode()
    row = re.search(rf'<tr class="govuk-table__row" id="figure-{key}">(.*?)</tr>', html, re.S)
    assert row is not None, key
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    ]


def test_an_analyst_opens_the_authoritys_dashboard_with_every_team(
    personas, sign_in, team_a_posts, on_the_day
):
    response = sign_in(personas.analyst).get(reverse("workforce:dashboard"))

    assert response.status_code == 200
    assert response.context["dashboard"].kind == "authority"
    assert [team.name for team, _ in response.context["teams"]] == [
        "Family help",
        "Front door",
        "Team A",
        "Team B",
    ]
    # 1 vacant FTE beside 1 in post: 50%; 1 agency FTE beside 1 in post: 50%; the personas'
    # social worker holds the own and restricted children: 2 cases on 1 FTE.
    assert _figure(response, "vacancy_rate")[0] == "50.0"
    assert _figure(response, "agency_rate")[0] == "50.0"
    assert _figure(response, "caseload")[0] == "2.0"


def test_the_england_figure_and_its_source_stand_beside_each_rate(
    personas, sign_in, team_a_posts, on_the_day
):
    response = sign_in(personas.analyst).get(reverse("workforce:dashboard"))

    assert _figure(response, "vacancy_rate")[1] == "14.2"
    assert _figure(response, "caseload")[1] == "15.2"
    # Stability has no published counterpart.
    assert _figure(response, "stability_rate")[1] == "Not published"
    assert "year to 30 September 2025" in response.content.decode()


def test_each_figure_is_shown_with_its_definition_and_a_chart_described_for_screen_readers(
    personas, sign_in, team_a_posts, on_the_day
):
    response = sign_in(personas.analyst).get(reverse("workforce:dashboard"))
    html = response.content.decode()

    assert "agency worker covering it does not fill it" in html
    assert '<title id="chart-vacancy_rate-title">Vacancy rate, month by month</title>' in html
    # The agency worker has covered the vacant post since July.
    assert '<desc id="chart-agency_rate-desc">Bar chart of % by month. Oct 2024: 0.0, ' in html
    assert (
        "Jun 2025: 0.0, Jul 2025: 50.0, Aug 2025: 50.0, Sep 2025: 50.0. Dashed line: England 13.0."
        in html
    )


def test_sixty_months_are_shown_when_asked(personas, sign_in, team_a_posts, on_the_day):
    response = sign_in(personas.analyst).get(reverse("workforce:dashboard"), {"months": "60"})
    rows = response.context["rows"]
    assert {len(row.months) for row in rows} == {60}
    assert rows[0].months[0][0] == "Oct 2020"


def test_a_head_of_service_opens_their_service_and_its_teams(
    personas, sign_in, team_a_posts, on_the_day
):
    client = sign_in(personas.head_of_service)
    response = client.get(reverse("workforce:dashboard"))

    assert response.context["dashboard"].name == "Safeguarding"
    assert [team.name for team, _ in response.context["teams"]] == ["Team A"]
    assert (
        client.get(reverse("workforce:dashboard_team", args=[personas.team.pk])).status_code == 200
    )


def test_a_team_manager_opens_their_own_team_and_no_one_elses(
    personas, sign_in, team_a_posts, on_the_day
):
    client = sign_in(personas.team_manager)
    own = client.get(reverse("workforce:dashboard_team", args=[personas.team.pk]))
    other = client.get(reverse("workforce:dashboard_team", args=[personas.other_team.pk]))

    assert own.status_code == 200
    assert _figure(own, "vacancy_rate")[0] == "50.0"
    assert other.status_code == 404


def test_a_service_page_is_refused_to_whoever_cannot_see_all_of_its_teams(
    personas, sign_in, on_the_day
):
    # Team B joins Safeguarding: the team manager of Team A no longer oversees all of it.
    Team.objects.filter(pk=personas.other_team.pk).update(
        service=Service.objects.get(name="Safeguarding")
    )
    service = Service.objects.get(name="Safeguarding")
    url = reverse("workforce:dashboard_service", args=[service.pk])

    assert sign_in(personas.team_manager).get(url).status_code == 404
    assert sign_in(personas.analyst).get(url).status_code == 200


def test_a_social_worker_is_refused_the_dashboards(personas, sign_in):
    response = sign_in(personas.social_worker).get(reverse("workforce:dashboard"))
    assert response.status_code == 403


def test_the_dashboard_counts_a_childs_case_once_its_allocation_names_the_worker(
    personas, sign_in, team_a_posts, on_the_day
):
    Allocation.objects.create(
        child=ChildFactory(),
        team=personas.team,
        worker=personas.social_worker.worker,
        start_date=date(2025, 9, 1),
    )
    response = sign_in(personas.team_manager).get(
        reverse("workforce:dashboard_team", args=[personas.team.pk])
    )
    assert _figure(response, "caseload")[0] == "3.0"


def test_case_supervision_on_time_is_shown_month_by_month_from_the_supervision_record(
    personas, sign_in, team_a_posts, on_the_day
):
    from safeguard.supervision.models import CaseSupervision

    child = ChildFactory()
    worker, manager = personas.social_worker.worker, personas.team_manager.worker
    Allocation.objects.create(
        child=child, team=personas.team, worker=worker, start_date=date(2025, 6, 2)
    )
    # Monthly: due 2 July (held the day before: on time), then 1 August (held on the 5th:
    # late), then 5 September (not held by the 30th: not on time).
    for held in (date(2025, 7, 1), date(2025, 8, 5)):
        CaseSupervision.objects.create(
            child=child,
            case_holder=worker,
            supervisor=manager,
            held_on=held,
            discussion="Plan progress.",
            decisions="Carry on.",
            recorded_by=manager,
        )
    response = sign_in(personas.team_manager).get(
        reverse("workforce:dashboard_team", args=[personas.team.pk])
    )

    assert _figure(response, "supervision_on_time")[:2] == ["0.0", "Not published"]
    row = next(r for r in response.context["rows"] if r.definition.key == "supervision_on_time")
    assert row.months[-4:] == (
        ("Jun 2025", None),
        ("Jul 2025", Decimal("100.0")),
        ("Aug 2025", Decimal("0.0")),
        ("Sep 2025", Decimal("0.0")),
    )
