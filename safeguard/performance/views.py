"""The performance dashboards: every indicator for a period and team, one indicator's trend
and team comparison, the children behind a number, and CSV / Excel exports of every table.

Views parse the query string, call the selectors and render; the selectors apply need to
know and write the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from safeguard.accounts.access import requires
from safeguard.audit.models import Action
from safeguard.benchmarks.selectors import benchmark_for
from safeguard.common import charts
from safeguard.common.marking import protective_marking
from safeguard.organisation.models import Team

from . import selectors, tables
from .forms import PeriodForm, form_data
from .queries import Period
from .registry import STATISTICAL_NEIGHBOURS_NOTE, Figure, Indicator

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
INDICATOR_TABLES = ("trend", "teams", "breakdown", "distribution", "children")
BAD_FORMAT = "Choose the format csv or xlsx (got {value!r})."
BAD_TABLE = "Choose the table {choices} (got {value!r})."
NO_SUCH_TABLE = "This indicator has no {table} table."
HIDDEN_NOTE = "{hidden} more counted but not listed: you do not need to know who they are."


@dataclass
class Selection:
    """The period and team asked for, or the form with its errors."""

    form: PeriodForm
    period: Period | None
    team: Team | None

    @property
    def scope(self) -> str:
        return self.team.name if self.team else "the whole authority"

    def query(self, **extra: str) -> str:
        assert self.period is not None
        values = {
            "from": self.period.date_from.isoformat(),
            "to": self.period.date_to.isoformat(),
        }
        if self.team:
            values["team"] = str(self.team.pk)
        values.update({k: v for k, v in extra.items() if v})
        return "?" + urlencode(values)


def _selection(request: HttpRequest) -> Selection:
    teams = selectors.team_choices(user=request.user)
    default = selectors.default_period(timezone.localdate())
    form = PeriodForm(form_data(request.GET, default), teams=teams)
    if not form.is_valid():
        return Selection(form=form, period=None, team=None)
    return Selection(
        form=form,
        period=form.period,
        team=selectors.team_get(user=request.user, team_id=form.team_id),
    )


def _links(selection: Selection, indicator: Indicator) -> dict[str, str]:
    base = reverse("performance:indicator", args=[indicator.slug])
    children = reverse("performance:children", args=[indicator.slug])
    return {
        "detail": base + selection.query(),
        "all": children + selection.query(),
        "numerator": children + selection.query(which="numerator"),
    }


def _export_links(url: str, selection: Selection, **extra: str) -> dict[str, str]:
    return {
        label: url + selection.query(format=fmt, **extra)
        for label, fmt in (("CSV", "csv"), ("Excel", "xlsx"))
    }


def _record_url(child_id: int) -> str:
    return reverse("cases:child_record", args=[child_id])


def _download(table: tables.Table, heading: str, file_format: str, name: str) -> HttpResponse:
    content_type, extension = FORMATS[file_format]
    # The file's first line carries the protective marking (docs/security.md).
    heading = f"{protective_marking()}: {heading}"
    body = (
        tables.as_csv(table, heading=heading)
        if file_format == "csv"
        else tables.as_xlsx(table, heading=heading)
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "performance/bad_request.html", {"message": message}, status=400)


@requires("performance.view")
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    selection = _selection(request)
    context: dict[str, Any] = {
        "form": selection.form,
        "selection": selection,
        "small_base": selectors.SMALL_BASE,
    }
    if selection.period is not None:
        results = selectors.indicators_summary(
            user=request.user, period=selection.period, team=selection.team
        )
        links = {r.indicator.slug: _links(selection, r.indicator) for r in results}
        context.update(
            table=tables.summary_table(results, links=links, scope=selection.scope),
            exports=_export_links(reverse("performance:summary_export"), selection),
            period_text=tables.period_line(selection.period, selection.scope),
        )
    return render(request, "performance/dashboard.html", context)


@requires("performance.view")
@require_GET
def summary_export(request: HttpRequest) -> HttpResponse:
    file_format = request.GET.get("format", "csv")
    if file_format not in FORMATS:
        return _bad_request(request, BAD_FORMAT.format(value=file_format))
    selection = _selection(request)
    if selection.period is None:
        return _bad_request(request, _form_errors(selection.form))
    results = selectors.indicators_summary(
        user=request.user, period=selection.period, team=selection.team
    )
    table = tables.summary_table(results, links={}, scope=selection.scope)
    selectors.export_audit(
        user=request.user,
        request=request,
        table="summary",
        indicator=None,
        period=selection.period,
        team=selection.team,
        rows=len(table.rows),
        file_format=file_format,
    )
    return _download(
        table,
        "Safeguard indicators, " + tables.period_line(selection.period, selection.scope),
        file_format,
        f"indicators-{selection.period.date_from}-{selection.period.date_to}",
    )


def _form_errors(form: PeriodForm) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _indicator_tables(
    request: HttpRequest, selection: Selection, indicator: Indicator
) -> dict[str, Any]:
    """The indicator page's tables and charts (one query for the figures, one per month for
    the trend, one for the teams)."""
    assert selection.period is not None
    authority = selectors.authority_for(request.user)
    result = selectors.indicator_result(
        indicator=indicator, period=selection.period, authority=authority, team=selection.team
    )
    trend = selectors.indicator_trend(
        user=request.user, indicator=indicator, period=selection.period, team=selection.team
    )
    teams = selectors.indicator_by_team(
        user=request.user, indicator=indicator, period=selection.period
    )
    children = reverse("performance:children", args=[indicator.slug])
    category_links = {key: children + selection.query(category=key) for key in indicator.categories}
    benchmark = indicator.benchmark
    # England's line where it measures the same thing: shares and ratios, and positions per
    # 10,000 on a day; a month's events are not a year's.
    trend_line = (
        benchmark.value
        if benchmark
        and (indicator.figure is not Figure.COUNT or indicator.kind.value == "snapshot")
        and (selection.team is None or indicator.figure is not Figure.COUNT)
        else None
    )
    team_unit = selectors.headline_unit(indicator, whole_authority=False)
    team_line = benchmark.value if benchmark and indicator.figure is not Figure.COUNT else None
    trend_unit = result.unit
    return {
        "result": result,
        "breakdown": tables.breakdown_table(result, links=category_links),
        "distribution": tables.bands_table(result),
        "trend": tables.trend_table(indicator, trend_unit, trend, trend_line),
        "trend_chart": charts.trend_chart(
            chart_id="trend-chart",
            title=f"{indicator.title}, month by month ({trend_unit})",
            unit=trend_unit,
            points=[(p.label, p.value) for p in trend],
            benchmark=trend_line,
            benchmark_label=(
                f"Dashed line: England {trend_line:,}" if trend_line is not None else ""
            ),
        ),
        "teams": tables.teams_table(indicator, team_unit, teams),
        "team_chart": charts.team_chart(
            chart_id="team-chart",
            title=f"{indicator.title}, team by team ({team_unit})",
            unit=team_unit,
            points=[(p.label, p.value) for p in teams],
            benchmark=team_line,
            benchmark_label=f"England {team_line:,}" if team_line is not None else "",
        ),
    }


@requires("performance.view")
@require_GET
def indicator_detail(request: HttpRequest, indicator: str) -> HttpResponse:
    definition = selectors.indicator_get(indicator)
    selection = _selection(request)
    context: dict[str, Any] = {
        "form": selection.form,
        "selection": selection,
        "indicator": definition,
        "neighbours_note": STATISTICAL_NEIGHBOURS_NOTE,
        "small_base": selectors.SMALL_BASE,
        # England's and the neighbours' published figures (two queries, none without any).
        "published": benchmark_for(selectors.authority_for(request.user), definition.slug),
    }
    if selection.period is not None:
        context.update(_indicator_tables(request, selection, definition))
        export_url = reverse("performance:indicator_export", args=[definition.slug])
        context.update(
            links=_links(selection, definition),
            period_text=tables.period_line(selection.period, selection.scope),
            exports={
                name: _export_links(export_url, selection, table=name) for name in INDICATOR_TABLES
            },
        )
    return render(request, "performance/indicator.html", context)


def _children_listing(
    request: HttpRequest,
    selection: Selection,
    indicator: Indicator,
    *,
    limit: int | None,
    purpose: str,
) -> selectors.ChildrenList:
    assert selection.period is not None
    category = request.GET.get("category") or None
    if category is not None and category not in indicator.categories:
        category = None
    return selectors.indicator_children(
        user=request.user,
        indicator=indicator,
        period=selection.period,
        team=selection.team,
        numerator_only=request.GET.get("which") == "numerator" and bool(indicator.numerator_label),
        category=category,
        request=request,
        limit=limit,
        purpose=purpose,
    )


def _team_names(request: HttpRequest) -> dict[int, str]:
    return {t.pk: t.name for t in selectors.team_choices(user=request.user)}


@requires("performance.view")
@require_GET
def indicator_children(request: HttpRequest, indicator: str) -> HttpResponse:
    """The children behind a number: named where the reader may see them, counted otherwise."""
    definition = selectors.indicator_get(indicator)
    selection = _selection(request)
    context: dict[str, Any] = {
        "form": selection.form,
        "selection": selection,
        "indicator": definition,
    }
    if selection.period is not None:
        listing = _children_listing(
            request, selection, definition, limit=selectors.LIST_LIMIT, purpose=Action.READ
        )
        export_url = reverse("performance:indicator_export", args=[definition.slug])
        context.update(
            listing=listing,
            table=tables.children_table(
                listing, team_names=_team_names(request), record_url=_record_url
            ),
            period_text=tables.period_line(selection.period, selection.scope),
            back=reverse("performance:indicator", args=[definition.slug]) + selection.query(),
            exports=_export_links(
                export_url,
                selection,
                table="children",
                which=request.GET.get("which", ""),
                category=listing.category or "",
            ),
            category_label=definition.categories.get(listing.category or "", ""),
        )
    return render(request, "performance/children.html", context)


@requires("performance.view")
@require_GET
def indicator_export(request: HttpRequest, indicator: str) -> HttpResponse:
    definition = selectors.indicator_get(indicator)
    file_format = request.GET.get("format", "csv")
    if file_format not in FORMATS:
        return _bad_request(request, BAD_FORMAT.format(value=file_format))
    name = request.GET.get("table", "trend")
    if name not in INDICATOR_TABLES:
        return _bad_request(
            request, BAD_TABLE.format(choices=", ".join(INDICATOR_TABLES), value=name)
        )
    selection = _selection(request)
    if selection.period is None:
        return _bad_request(request, _form_errors(selection.form))
    table: tables.Table | None
    if name == "children":
        listing = _children_listing(
            request, selection, definition, limit=None, purpose=Action.EXPORT
        )
        table = tables.children_table(
            listing, team_names=_team_names(request), record_url=_record_url
        )
        if listing.hidden:
            table.note = HIDDEN_NOTE.format(hidden=listing.hidden)
    else:
        table = _indicator_tables(request, selection, definition)[name]
    if table is None:
        return _bad_request(request, NO_SUCH_TABLE.format(table=name))
    selectors.export_audit(
        user=request.user,
        request=request,
        table=name,
        indicator=definition,
        period=selection.period,
        team=selection.team,
        rows=len(table.rows),
        file_format=file_format,
    )
    return _download(
        table,
        f"{definition.title}, " + tables.period_line(selection.period, selection.scope),
        file_format,
        f"{definition.slug}-{name}-{selection.period.date_from}-{selection.period.date_to}",
    )
