"""Reads for the performance dashboards: the indicators for a period and a team, their
monthly trend, the team comparison and the children behind each number.

Figures are aggregates and carry no child's details. The children behind a figure are listed
by name only where the reader may see the child (``access.queries.visible_children_q``);
the others are counted, not listed, so an analyst with no need to know sees how many but not
who. Every list of children shown or exported is written to the audit trail, one entry per
child, so "who has looked at this child" finds it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.http import Http404, HttpRequest

from safeguard.access.queries import visible_children_q
from safeguard.access.roles import worker_of
from safeguard.audit.models import Action
from safeguard.audit.services import AuditRecord, audit_append, audit_record, request_origin
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Authority, Team
from safeguard.people.models import Person
from safeguard.timescales.working_days import add_months

from . import queries
from .queries import Group, Period
from .registry import INDICATORS, INDICATORS_LIST, Benchmark, Figure, Indicator, Kind

# Drill-down pages list at most this many children (the export has them all).
LIST_LIMIT = 500
# The trend shows at most this many months (the last ones of the period).
TREND_MONTHS = 24

HUNDRED = Decimal(100)
TEN_THOUSAND = Decimal(10_000)

# A share or ratio of fewer things than this shows how many it is of ("50.0% (n=4)") on the
# pages and in Excel: below 20, one child moves a share by more than 5 percentage points, so
# the reader must see how small the base is before comparing it with England or another team.
SMALL_BASE = 20


def small_base(base: int | None) -> bool:
    return base is not None and base < SMALL_BASE


def _round(value: Decimal, places: int = 1) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def authority_for(user: AnyUser) -> Authority:
    worker = worker_of(user)
    if worker is None:  # the permission needs a worker record; belt and braces
        raise Http404("No worker record")
    return worker.authority


def team_choices(*, user: AnyUser) -> list[Team]:
    return list(Team.objects.filter(authority=authority_for(user)).order_by("name"))


def team_get(*, user: AnyUser, team_id: int | None) -> Team | None:
    """The team asked for, in the reader's authority (404 otherwise); None: the authority."""
    if team_id is None:
        return None
    team = Team.objects.filter(authority=authority_for(user), pk=team_id).first()
    if team is None:
        raise Http404("No such team")
    return team


def indicator_get(slug: str) -> Indicator:
    indicator = INDICATORS.get(slug)
    if indicator is None:
        raise Http404("No such indicator")
    return indicator


@dataclass(frozen=True)
class Totals:
    rows: int
    numerator: Decimal
    denominator: Decimal


def _sum(groups: list[Group]) -> Totals:
    return Totals(
        rows=sum(g.rows for g in groups),
        numerator=sum((g.numerator for g in groups), Decimal(0)),
        denominator=sum((g.denominator for g in groups), Decimal(0)),
    )


def headline(
    indicator: Indicator, totals: Totals, authority: Authority, *, whole_authority: bool
) -> Decimal | None:
    """The indicator's main number: a percentage, a ratio, a rate per 10,000 (authority only)
    or a count. None when there is nothing to divide by."""
    if indicator.figure is Figure.SHARE:
        if not totals.denominator:
            return None
        return _round(totals.numerator / totals.denominator * HUNDRED)
    if indicator.figure is Figure.RATIO:
        if not totals.denominator:
            return None
        return _round(totals.numerator / totals.denominator)
    if indicator.per_10000 and whole_authority:
        if not authority.child_population:
            return None
        return _round(Decimal(totals.rows) / authority.child_population * TEN_THOUSAND)
    return Decimal(totals.rows)


def headline_unit(indicator: Indicator, *, whole_authority: bool) -> str:
    if indicator.figure is Figure.SHARE:
        return "%"
    if indicator.figure is Figure.RATIO:
        return "cases per FTE"
    if indicator.per_10000 and whole_authority:
        return "per 10,000 children"
    return indicator.counted


def benchmark_comparable(indicator: Indicator, period: Period) -> bool:
    """England's figure is for a year (or a day, for positions): a rate of events is
    comparable only over 12 months."""
    if indicator.benchmark is None:
        return False
    if indicator.figure is Figure.COUNT and indicator.kind is Kind.EVENTS:
        return add_months(period.date_from, 12) == period.date_to + timedelta(days=1)
    return True


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    label: str
    count: int
    share: Decimal | None
    numerator: Decimal
    england_share: Decimal | None = None


@dataclass(frozen=True)
class Percentiles:
    lower_quartile: int
    median: int
    upper_quartile: int


@dataclass
class IndicatorResult:
    indicator: Indicator
    period: Period
    team: Team | None
    totals: Totals
    value: Decimal | None
    unit: str
    benchmark: Benchmark | None
    benchmark_comparable: bool
    breakdown: list[BreakdownRow] = field(default_factory=list)
    bands: list[BreakdownRow] = field(default_factory=list)
    percentiles: Percentiles | None = None

    @property
    def count(self) -> int:
        return self.totals.rows

    @property
    def base(self) -> int | None:
        """How many things the headline share or ratio is of (rows: things counted, or
        workers for the caseload); None for a count or rate, whose base is not small."""
        return self.totals.rows if self.indicator.figure is not Figure.COUNT else None

    @property
    def small_base(self) -> bool:
        return self.value is not None and small_base(self.base)

    @property
    def share_small_base(self) -> bool:
        """The share that a count also shows (section 47 enquiries) is of a small number."""
        return self.share is not None and small_base(self.totals.rows)

    @property
    def share(self) -> Decimal | None:
        """The numerator's share of the rows, for counts that also have one (section 47)."""
        if not self.indicator.numerator_label or not self.totals.denominator:
            return None
        return _round(self.totals.numerator / self.totals.denominator * HUNDRED)

    @property
    def numerator(self) -> Decimal:
        return self.totals.numerator


def _percentile(histogram: list[tuple[int, int]], total: int, p: int) -> int:
    """Nearest-rank percentile from (days, how many) pairs sorted by days."""
    rank = max(1, math.ceil(p / 100 * total))
    seen = 0
    for days, n in histogram:
        seen += n
        if seen >= rank:
            return days
    return histogram[-1][0]


def _result(
    indicator: Indicator,
    period: Period,
    team: Team | None,
    authority: Authority,
    groups: list[Group],
) -> IndicatorResult:
    totals = _sum(groups)
    whole = team is None
    result = IndicatorResult(
        indicator=indicator,
        period=period,
        team=team,
        totals=totals,
        value=headline(indicator, totals, authority, whole_authority=whole),
        unit=headline_unit(indicator, whole_authority=whole),
        benchmark=indicator.benchmark,
        benchmark_comparable=benchmark_comparable(indicator, period),
    )
    if indicator.categories:
        by_category: dict[str, list[Group]] = {}
        for g in groups:
            by_category.setdefault(g.key[0] or "", []).append(g)
        for key, label in indicator.categories.items():
            part = _sum(by_category.get(key, []))
            result.breakdown.append(
                BreakdownRow(
                    key=key,
                    label=label,
                    count=part.rows,
                    share=_round(Decimal(part.rows) / totals.rows * HUNDRED)
                    if totals.rows
                    else None,
                    numerator=part.numerator,
                    england_share=indicator.category_benchmarks.get(key),
                )
            )
    histogram: dict[int, int] = {}
    for g in groups:
        days = g.key[1]
        if days is not None:
            histogram[int(days)] = histogram.get(int(days), 0) + g.rows
    with_days = sum(histogram.values())
    for band in indicator.bands:
        n = sum(
            count
            for days, count in histogram.items()
            if days >= band.low and (band.high is None or days <= band.high)
        )
        result.bands.append(
            BreakdownRow(
                key=band.label,
                label=band.label,
                count=n,
                share=_round(Decimal(n) / with_days * HUNDRED) if with_days else None,
                numerator=Decimal(n),
            )
        )
    if indicator.percentiles and with_days:
        ordered = sorted(histogram.items())
        result.percentiles = Percentiles(
            lower_quartile=_percentile(ordered, with_days, 25),
            median=_percentile(ordered, with_days, 50),
            upper_quartile=_percentile(ordered, with_days, 75),
        )
    return result


def indicator_result(
    *, indicator: Indicator, period: Period, authority: Authority, team: Team | None
) -> IndicatorResult:
    """One indicator for a period and a team (or the authority): one query."""
    groups = queries.grouped_by_category_and_days(
        indicator, period, authority, team.pk if team else None
    )
    return _result(indicator, period, team, authority, groups)


def indicators_summary(
    *, user: AnyUser, period: Period, team: Team | None
) -> list[IndicatorResult]:
    """Every indicator for the period and team: one query each."""
    authority = authority_for(user)
    return [
        indicator_result(indicator=indicator, period=period, authority=authority, team=team)
        for indicator in INDICATORS_LIST
    ]


@dataclass(frozen=True)
class TrendPoint:
    label: str
    period: Period
    value: Decimal | None
    count: int


def trend_periods(period: Period) -> list[tuple[str, Period]]:
    """The calendar months of the period (the last TREND_MONTHS of them), each cut to the
    period: events are counted within each month, positions taken on each month's last day."""
    months = []
    first = period.date_from.replace(day=1)
    while first <= period.date_to:
        following = add_months(first, 1)
        start = max(first, period.date_from)
        end = min(following - timedelta(days=1), period.date_to)
        months.append((f"{first:%b %Y}", Period(start, end)))
        first = following
    return months[-TREND_MONTHS:]


def indicator_trend(
    *, user: AnyUser, indicator: Indicator, period: Period, team: Team | None
) -> list[TrendPoint]:
    """The indicator month by month: the same SQL run for each month (one query a month)."""
    authority = authority_for(user)
    points = []
    for label, month in trend_periods(period):
        totals = _sum(
            queries.grouped_by_category_and_days(
                indicator, month, authority, team.pk if team else None
            )
        )
        points.append(
            TrendPoint(
                label=label,
                period=month,
                value=headline(indicator, totals, authority, whole_authority=team is None),
                count=totals.rows,
            )
        )
    return points


@dataclass(frozen=True)
class TeamPoint:
    team: Team | None
    label: str
    value: Decimal | None
    count: int
    numerator: Decimal


def indicator_by_team(*, user: AnyUser, indicator: Indicator, period: Period) -> list[TeamPoint]:
    """The indicator for every team side by side (one query). Counts, not rates, for teams:
    a team has no child population."""
    authority = authority_for(user)
    teams = {t.pk: t for t in Team.objects.filter(authority=authority)}
    points = []
    for group in queries.grouped_by_team(indicator, period, authority):
        totals = Totals(group.rows, group.numerator, group.denominator)
        team = teams.get(group.key) if group.key is not None else None
        points.append(
            TeamPoint(
                team=team,
                label=team.name if team else "No team",
                value=headline(indicator, totals, authority, whole_authority=False),
                count=group.rows,
                numerator=group.numerator,
            )
        )
    points.sort(key=lambda p: (p.team is None, p.label))
    return points


@dataclass
class ChildrenList:
    indicator: Indicator
    period: Period
    team: Team | None
    numerator_only: bool
    category: str | None
    rows: list[dict[str, Any]]
    hidden: int
    truncated: bool

    @property
    def total(self) -> int:
        return len(self.rows) + self.hidden


def indicator_children(
    *,
    user: AnyUser,
    indicator: Indicator,
    period: Period,
    team: Team | None,
    numerator_only: bool,
    request: HttpRequest | None,
    category: str | None = None,
    limit: int | None = LIST_LIMIT,
    purpose: str = Action.READ,
) -> ChildrenList:
    """The children behind a number: those the reader may see, by name; the rest counted.
    Each child listed is written to the audit trail (a read, or an export)."""
    authority = authority_for(user)
    visible = Person.objects.filter(visible_children_q(user)).values("pk")
    children_sql = visible.query.sql_with_params()
    rows, hidden = queries.fact_rows(
        indicator,
        period,
        authority,
        team_id=team.pk if team else None,
        numerator_only=numerator_only,
        category=category,
        children_sql=children_sql,
        limit=limit + 1 if limit else None,
    )
    truncated = bool(limit) and len(rows) > (limit or 0)
    if truncated:
        rows = rows[:limit]
    if not indicator.rows_are_workers and rows:
        _audit_children(user, request, indicator, period, team, rows, purpose)
    return ChildrenList(
        indicator=indicator,
        period=period,
        team=team,
        numerator_only=numerator_only,
        category=category,
        rows=rows,
        hidden=hidden,
        truncated=truncated,
    )


def _audit_details(indicator: Indicator, period: Period, team: Team | None) -> dict[str, Any]:
    return {
        "indicator": indicator.slug,
        "from": period.date_from.isoformat(),
        "to": period.date_to.isoformat(),
        "team": team.pk if team else None,
    }


def _audit_children(
    user: AnyUser,
    request: HttpRequest | None,
    indicator: Indicator,
    period: Period,
    team: Team | None,
    rows: list[dict[str, Any]],
    action: str,
) -> None:
    authenticated = getattr(user, "is_authenticated", False)
    origin = request_origin(request)
    details = _audit_details(indicator, period, team)
    audit_append(
        [
            AuditRecord(
                action=action,
                actor_id=user.pk if authenticated else None,
                actor_username=user.get_username() if authenticated else "",
                object_type="performance.indicator",
                object_id=indicator.slug,
                child_id=child_id,
                details=details,
                **origin,
            )
            for child_id in sorted({row["child_id"] for row in rows})
        ]
    )


def export_audit(
    *,
    user: AnyUser,
    request: HttpRequest | None,
    table: str,
    indicator: Indicator | None,
    period: Period,
    team: Team | None,
    rows: int,
    file_format: str,
) -> None:
    """An export of figures (no child's details) is audited as one entry."""
    audit_record(
        action=Action.EXPORT,
        actor=user,
        request=request,
        object_type="performance.table",
        object_id=table if indicator is None else f"{indicator.slug}/{table}",
        details={
            "table": table,
            "format": file_format,
            "rows": rows,
            "from": period.date_from.isoformat(),
            "to": period.date_to.isoformat(),
            "team": team.pk if team else None,
        },
    )


def default_period(today: date) -> Period:
    """The 12 whole months ending with the last day of the previous month."""
    end = today.replace(day=1) - timedelta(days=1)
    return Period(add_months(end.replace(day=1), -11), end)
