"""My cases and the team manager's dashboard. (The manager's decisions, allocation and the
decision on an assessment, are recorded in `actions/management.py`.)

Views parse the request, call one selector or service, then render or redirect. Every read
goes through a selector that applies need to know; every write through a service that
records the decision with its rationale, who made it and when.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from safeguard.accounts.access import requires
from safeguard.audit.services import audit_list
from safeguard.common.paths import path_for_each
from safeguard.common.templatetags.govuk_dates import short_date
from safeguard.organisation.models import Worker
from safeguard.timescales.clocks import ClockStatus

from .. import extensions, selectors
from ..selectors.team import TeamMeasure

_ChildPaths = tuple[Callable[[int | str], str], ...]


def _child_paths() -> _ChildPaths:
    """A child's record, allocation and assessment review paths, each reversed once."""
    return (
        path_for_each("cases:child_record"),
        path_for_each("cases:allocate"),
        path_for_each("cases:assessment_review"),
    )


def _child_rows(
    rows: list[selectors.TeamMeasureRow], today: date, paths: _ChildPaths | None = None
) -> list[dict[str, Any]]:
    """The children behind a figure as the tables print them: every cell prepared, each path
    reversed once for the page (the templates do no lookups, filters or reversing per row)."""
    if not rows:
        return []
    record_path, allocate_path, review_path = paths or _child_paths()
    return [
        {
            "child_id": row.child_id,
            "child_name": row.child_name,
            # A child referred to the team but not yet allocated has no record the manager
            # can open yet (need to know follows allocations): listed to be allocated, not
            # linked.
            "record_url": record_path(row.child_id) if row.held else None,
            "worker": row.worker.full_name if row.worker else "",
            "started": short_date(row.started),
            "due": short_date(row.due),
            "overdue": row.due is not None and row.due < today,
            "working_days": row.working_days,
            "allocate_url": allocate_path(row.child_id),
            "review_url": review_path(row.subject_id),
        }
        for row in rows
    ]


# --- My cases -------------------------------------------------------------------------------


# A caseload entry's status as its tag: (colour, words).
_STATUS_TAGS = {
    ClockStatus.OVERDUE: ("red", "Overdue"),
    ClockStatus.DUE_SOON: ("yellow", "Due soon"),
}
_UPCOMING_TAG = ("grey", "Upcoming")
_NOTHING_DUE_TAG = ("green", "Nothing due")


def _caseload_rows(caseload: selectors.Caseload) -> list[dict[str, Any]]:
    """Each line of "My cases" as the table prints it (the template does no lookups, filters
    or URL reversing per row)."""
    record_path = path_for_each("cases:child_record")
    rows = []
    for entry in caseload.entries:
        item = entry.next_item
        more = ""
        if item is not None and entry.later_items:
            more = f"and {entry.later_items} more open"
            if entry.overdue_items > 1:
                more += f", {entry.overdue_items} overdue in all"
        tag = (
            _STATUS_TAGS.get(entry.status, _UPCOMING_TAG)
            if entry.status is not None
            else _NOTHING_DUE_TAG
        )
        rows.append(
            {
                "record_url": record_path(entry.child_id),
                "name": entry.child_name,
                "la_child_id": entry.la_child_id,
                "task": item.label if item is not None else "Nothing due",
                "more": more,
                "due": short_date(item.due) if item is not None else "",
                "tag_colour": tag[0],
                "tag": tag[1],
            }
        )
    return rows


@requires("caseload.view")
@require_GET
def my_cases(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    caseload = selectors.caseload_get(user=request.user, today=today)
    rows = _caseload_rows(caseload)
    panels = extensions.caseload_panels(request.user, today)
    audit_list(
        actor=request.user,
        request=request,
        name="my_cases",
        object_type="cases.caseload",
        child_ids=[entry.child_id for entry in caseload.entries],
        details={"panels": [panel.anchor for panel in panels]},
    )
    return render(
        request,
        "cases/team/my_cases.html",
        {"caseload": caseload, "rows": rows, "today": today, "panels": panels},
    )


# --- Team dashboard -------------------------------------------------------------------------


def _audit_dashboard(
    request: HttpRequest,
    teams: list[Any],
    dashboards: list[selectors.TeamDashboard],
    panels: list[extensions.Panel],
    *,
    lists_children: bool,
) -> None:
    """One entry for a look at team dashboards: the teams, and the children the page names
    (one team's page lists those waiting for allocation and for authorisation; several
    teams' page shows figures only)."""
    shown = (
        [row.child_id for d in dashboards for row in (*d.waiting, *d.awaiting_authorisation)]
        if lists_children
        else []
    )
    audit_list(
        actor=request.user,
        request=request,
        name="team_dashboard",
        object_type="organisation.team",
        object_id=teams[0].pk if len(teams) == 1 else "",
        child_ids=shown,
        details={
            "teams": [team.pk for team in teams],
            "panels": [panel.anchor for panel in panels],
        },
    )


def _figures(
    figures: list[tuple[TeamMeasure, int]],
    measure_path: Callable[[int | str], str],
    section: str,
) -> list[dict[str, Any]]:
    """The team's figures in one table of its page, each with the path to the children
    behind it."""
    # Numbers as text here: a number printed by the template goes through localisation.
    return [
        {"measure": measure, "count": str(count), "url": measure_path(measure.slug)}
        for measure, count in figures
        if measure.section == section
    ]


# Each role's name as `get_role_display()` gives it, looked up once.
_ROLE_NAMES = dict(Worker.Role.choices)


def _caseloads(
    dashboard: selectors.TeamDashboard, measure_path: Callable[[int | str], str]
) -> list[dict[str, Any]]:
    """Each worker's line of the caseload table, the path to their children included."""
    caseload_path = measure_path("caseload")
    return [
        {
            "worker_id": str(held.worker.pk),
            "name": held.worker.full_name,
            "is_agency": held.worker.is_agency,
            "role": str(_ROLE_NAMES.get(held.worker.role, held.worker.role)),
            "full_time_equivalent": _decimal_text(held.worker.full_time_equivalent),
            "children": str(held.children),
            "children_per_fte": _decimal_text(held.children_per_fte),
            "url": f"{caseload_path}?worker={held.worker.pk}",
        }
        for held in dashboard.caseloads
    ]


def _decimal_text(value: Decimal | None) -> str | None:
    # As the template prints a Decimal (fixed point, no grouping), without the localisation.
    return None if value is None else f"{value:f}"


def _dashboard_context(dashboard: selectors.TeamDashboard, today: date) -> dict[str, Any]:
    # Each path reversed once for the page, the figures listed once for both tables.
    measure_path = path_for_each("cases:team_measure", dashboard.team.pk)
    figures = dashboard.figures
    paths = _child_paths()
    return {
        "team": dashboard.team,
        "figures": _figures(figures, measure_path, "statutory"),
        "looked_after_figures": _figures(figures, measure_path, "looked_after"),
        "waiting": _child_rows(dashboard.waiting, today, paths),
        "awaiting": _child_rows(dashboard.awaiting_authorisation, today, paths),
        "caseloads": _caseloads(dashboard, measure_path),
    }


def _team_rows(dashboards: list[selectors.TeamDashboard]) -> list[dict[str, Any]]:
    """Each team's line on "Your teams" (a head of service's landing page), its numbers as
    text and each with the path to the children behind it."""
    detail_path = path_for_each("cases:team_detail")
    rows = []
    for summary in selectors.team_summaries(dashboards):
        measure_path = path_for_each("cases:team_measure", summary.team.pk)
        rows.append(
            {
                "team_id": summary.team.pk,
                "name": summary.team.name,
                "url": detail_path(summary.team.pk),
                "caseload": str(summary.caseload),
                "caseload_url": measure_path("caseload"),
                "unallocated": str(summary.unallocated),
                "unallocated_url": measure_path("unallocated"),
                "awaiting": str(summary.awaiting_authorisation),
                "awaiting_url": measure_path("awaiting-authorisation"),
                "overdue_total": str(summary.overdue_total),
                "overdue": [
                    {"measure": measure, "count": str(count), "url": measure_path(measure.slug)}
                    for measure, count in summary.overdue
                ],
            }
        )
    return rows


def _held(dashboards: list[selectors.TeamDashboard]) -> list[extensions.HeldCase] | None:
    """The cases the teams hold, as their dashboards read them, for the team panels."""
    held: list[extensions.HeldCase] = []
    for dashboard in dashboards:
        if dashboard.held is None:
            return None
        held.extend(dashboard.held)
    return held


@requires("team.dashboard")
@require_GET
def team_dashboard(request: HttpRequest) -> HttpResponse:
    """A team manager's team; a head of service's teams ("Your teams"), a row each: caseload,
    work waiting and what is overdue, each team's full figures a click away."""
    today = timezone.localdate()
    teams = selectors.team_list_overseen(user=request.user)
    dashboards = selectors.team_dashboards_get(user=request.user, teams=teams, today=today)
    panels = extensions.team_panels(request.user, teams, today, _held(dashboards))
    one_team = len(dashboards) == 1
    _audit_dashboard(request, teams, dashboards, panels, lists_children=one_team)
    if one_team:
        return render(
            request,
            "cases/team/detail.html",
            {
                **_dashboard_context(dashboards[0], today),
                "today": today,
                "only_team": True,
                "panels": panels,
            },
        )
    return render(
        request,
        "cases/team/dashboard.html",
        {"teams": _team_rows(dashboards), "today": today, "panels": panels},
    )


@requires("team.dashboard")
@require_GET
def team_detail(request: HttpRequest, team_id: int) -> HttpResponse:
    today = timezone.localdate()
    team = selectors.team_get_overseen(user=request.user, team_id=team_id)
    (dashboard,) = selectors.team_dashboards_get(user=request.user, teams=[team], today=today)
    panels = extensions.team_panels(request.user, [team], today, dashboard.held)
    _audit_dashboard(request, [team], [dashboard], panels, lists_children=True)
    return render(
        request,
        "cases/team/detail.html",
        {
            **_dashboard_context(dashboard, today),
            "today": today,
            "only_team": False,
            "panels": panels,
        },
    )


@requires("team.dashboard")
@require_GET
def team_measure(request: HttpRequest, team_id: int, measure: str) -> HttpResponse:
    """The children behind one figure of the team's dashboard."""
    today = timezone.localdate()
    team = selectors.team_get_overseen(user=request.user, team_id=team_id)
    worker_param = request.GET.get("worker", "")
    if worker_param and not worker_param.isdigit():
        raise Http404("No such worker")
    listing = selectors.team_measure_list(
        user=request.user,
        team=team,
        measure=measure,
        today=today,
        worker_id=int(worker_param) if worker_param else None,
    )
    audit_list(
        actor=request.user,
        request=request,
        name="team_measure",
        object_type="organisation.team",
        object_id=team.pk,
        child_ids=[row.child_id for row in listing.rows],
        details={
            "measure": listing.measure.slug,
            "worker": listing.worker.pk if listing.worker else None,
        },
    )
    return render(
        request,
        "cases/team/measure.html",
        {
            "team": team,
            "measure": listing.measure,
            "worker": listing.worker,
            "rows": _child_rows(listing.rows, today),
            "today": today,
        },
    )
