"""The workforce dashboards: the authority's, a service's and a team's figures (vacancy,
agency, turnover, stability, caseload, sickness) on the day and month by month, each with
its definition, England's published figure and the statistical neighbours' (benchmarks).

Who sees which: `workforce.view` (access/permissions.py) on every team a page covers. A
team manager sees their team's page, a head of service their service's (and its teams'), a
performance analyst the authority's and everything in it; anything else is a 404, so a page
does not say that a service or team exists. The figures are employee data in aggregate,
never a named worker's, so reading them is not audited (the record's worker pages are).

Case supervision on time is counted from the supervision record (`supervision.queries`),
month by month beside the establishment's figures, for the cases allocated to the page's
teams' workers; no England figure is collected for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from safeguard.accounts.access import requires, signed_in_user
from safeguard.benchmarks.selectors import Benchmark, benchmarks_for, one_place
from safeguard.common.charts import Chart, trend_chart
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Authority, Service, Team, Worker
from safeguard.supervision.queries import supervisions_falling_due

from . import queries, selectors
from .figures import (
    DEFINITIONS,
    SUPERVISION_ON_TIME,
    Definition,
    supervision_on_time_rate,
)
from .queries import Scope, WorkforceFigures

VIEW = "workforce.view"
TREND_MONTHS = (12, 60)
NO_SUCH_DASHBOARD = "No such workforce dashboard"


# --- Which dashboards a person sees (the selector) -----------------------------------------


@dataclass(frozen=True)
class Dashboard:
    kind: str  # "authority", "service" or "team"
    name: str
    authority: Authority
    scope: Scope
    # The teams the page covers (a team's page: the team), by name.
    teams: tuple[Team, ...]


def _covered(teams: list[Team], visible: set[int]) -> bool:
    return bool(teams) and all(team.pk in visible for team in teams)


def dashboards_for(*, user: AnyUser) -> list[Dashboard]:
    """Every dashboard this user may open: the authority's if they may see every team in
    it, each service all of whose teams they may see, and each team they may see."""
    teams = selectors.workforce_teams(user=user)
    if not teams:
        return []
    authority = Authority.objects.get(pk=teams[0].authority_id)
    visible = {team.pk for team in teams}
    every_team = list(Team.objects.filter(authority=authority).order_by("name"))
    found: list[Dashboard] = []
    if _covered(every_team, visible):
        found.append(
            Dashboard(
                "authority", authority.name, authority, Scope(authority.pk), tuple(every_team)
            )
        )
    for service in Service.objects.filter(authority=authority).order_by("name"):
        in_service = [team for team in every_team if team.service_id == service.pk]
        if _covered(in_service, visible):
            found.append(
                Dashboard(
                    "service",
                    service.name,
                    authority,
                    Scope(authority.pk, service_id=service.pk),
                    tuple(in_service),
                )
            )
    found.extend(
        Dashboard("team", team.name, authority, Scope(authority.pk, team_id=team.pk), (team,))
        for team in teams
    )
    return found


def _one_of(found: list[Dashboard], kind: str, pk: int) -> Dashboard:
    """The service's or team's dashboard among those this person may open, or a 404 (which
    does not say whether the service or team exists)."""
    for dashboard in found:
        if dashboard.kind == kind and pk == (
            dashboard.scope.service_id if kind == "service" else dashboard.scope.team_id
        ):
            return dashboard
    raise Http404(NO_SUCH_DASHBOARD)


# --- The page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    definition: Definition
    value: Decimal | None
    england: Decimal | None
    england_source: str
    neighbours_average: Decimal | None
    neighbours: tuple[tuple[str, Decimal | None], ...]
    generated: bool
    chart: Chart
    months: tuple[tuple[str, Decimal | None], ...]


def _month(day: date, today: date) -> str:
    """A month-end's month; the figures to date when the day is not a month-end."""
    to_date = day == today and (day + timedelta(days=1)).day != 1
    return f"{day:%b %Y}" + (" (to date)" if to_date else "")


def _figure_rows(
    series: list[WorkforceFigures], published: dict[str, Benchmark], today: date
) -> list[FigureRow]:
    rows = []
    for definition in DEFINITIONS:
        benchmark = published.get(definition.measure) if definition.measure else None
        england = benchmark.england if benchmark else None
        source = benchmark.source if benchmark else ""
        months = tuple((_month(f.as_at.day, today), getattr(f, definition.key)) for f in series)
        label = f"England {england}" if england is not None else ""
        rows.append(
            FigureRow(
                definition=definition,
                value=getattr(series[-1], definition.key),
                england=england,
                england_source=source,
                neighbours_average=benchmark.neighbours_average if benchmark else None,
                neighbours=benchmark.neighbours if benchmark else (),
                generated=bool(benchmark and benchmark.generated),
                chart=trend_chart(
                    chart_id=f"chart-{definition.key}",
                    title=f"{definition.title}, month by month",
                    unit=definition.unit,
                    # The axis names the month alone; the table beside says "(to date)".
                    points=[
                        (f"{f.as_at.day:%b %Y}", value)
                        for f, (_, value) in zip(series, months, strict=True)
                    ],
                    benchmark=england,
                    benchmark_label=label,
                ),
                months=months,
            )
        )
    return rows


def _supervision_row(dashboard: Dashboard, ends: list[date], today: date) -> FigureRow:
    """Case supervision on time in each month of the trend: the supervisions that fell due
    in the month on the cases of the page's teams' workers (three queries in all)."""
    first = ends[0].replace(day=1)
    workers = Worker.objects.filter(team__in=dashboard.teams).values_list("pk", flat=True)
    items = supervisions_falling_due(dashboard.authority.pk, first, today, list(workers))
    months = []
    for end in ends:
        start = end.replace(day=1)
        falling = [item for item in items if start <= item.due <= end]
        rate = supervision_on_time_rate(
            on_time=sum(item.on_time for item in falling), due=len(falling)
        )
        months.append((_month(end, today), one_place(rate)))
    return FigureRow(
        definition=SUPERVISION_ON_TIME,
        value=months[-1][1],
        england=None,
        england_source="",
        neighbours_average=None,
        neighbours=(),
        generated=False,
        chart=trend_chart(
            chart_id=f"chart-{SUPERVISION_ON_TIME.key}",
            title=f"{SUPERVISION_ON_TIME.title}, month by month",
            unit=SUPERVISION_ON_TIME.unit,
            points=[(f"{end:%b %Y}", value) for end, (_, value) in zip(ends, months, strict=True)],
            benchmark=None,
            benchmark_label="",
        ),
        months=tuple(months),
    )


def _render(request: HttpRequest, dashboard: Dashboard, others: list[Dashboard]) -> HttpResponse:
    today = timezone.localdate()
    months = 60 if request.GET.get("months") == "60" else 12
    # A service's or the authority's page breaks its figures down team by team.
    per_team = (
        [(team, Scope(dashboard.authority.pk, team_id=team.pk)) for team in dashboard.teams]
        if dashboard.kind != "team"
        else []
    )
    series, on_the_day = queries.dashboard_figures(
        [dashboard.scope], [scope for _, scope in per_team], today, months
    )
    current = series[dashboard.scope][-1]
    published = benchmarks_for(dashboard.authority, [d.measure for d in DEFINITIONS if d.measure])
    teams = [(team, on_the_day[scope]) for team, scope in per_team]
    context: dict[str, Any] = {
        "dashboard": dashboard,
        "today": today,
        "months": months,
        "trend_months": TREND_MONTHS,
        "current": current,
        "rows": [
            *_figure_rows(series[dashboard.scope], published, today),
            _supervision_row(dashboard, [f.as_at.day for f in series[dashboard.scope]], today),
        ],
        "teams": teams,
        "others": [other for other in others if other != dashboard],
        "widest": others[0],
    }
    return render(request, "workforce/dashboard.html", context)


@requires(VIEW)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The widest dashboard this person may open (an analyst's authority, a head of
    service's service, a team manager's team), with the others they may open listed."""
    found = dashboards_for(user=signed_in_user(request))
    if not found:
        return render(request, "workforce/dashboard_none.html")
    return _render(request, found[0], found)


@requires(VIEW)
@require_GET
def service_dashboard(request: HttpRequest, service_id: int) -> HttpResponse:
    found = dashboards_for(user=signed_in_user(request))
    return _render(request, _one_of(found, "service", service_id), found)


@requires(VIEW)
@require_GET
def team_dashboard(request: HttpRequest, team_id: int) -> HttpResponse:
    found = dashboards_for(user=signed_in_user(request))
    return _render(request, _one_of(found, "team", team_id), found)
