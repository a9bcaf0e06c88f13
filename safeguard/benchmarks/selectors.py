"""Reads of the published figures: England's, the statistical neighbours' and their average,
for one measure (``benchmark_for``) or several at once (``benchmarks_for``).

Published figures are public statistics: whoever may see the page asking for them may see
them, so these selectors take the authority, not the user (docs/benchmarks.md: access).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.http import Http404

from safeguard.access.roles import worker_of
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Authority

from .measures import MEASURES, TABLE_TITLES, Level, Measure, Table
from .models import PublishedFigure, PublishedLoad, StatisticalNeighbour

__all__ = [
    "Benchmark",
    "BenchmarkTable",
    "authority_of",
    "benchmark_for",
    "benchmark_tables",
    "benchmarks_for",
    "choosable_authorities",
    "loads_list",
    "neighbours_of",
    "one_place",
    "period_label",
]

TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Benchmark:
    measure: str
    period: str
    england: Decimal | None
    neighbours_average: Decimal | None
    # (neighbour's name, its figure or None when not published), in the authority's order.
    neighbours: tuple[tuple[str, Decimal | None], ...]
    source: str
    generated: bool


def period_label(table: str, time_period: str) -> str:
    """The period as the publication names it: "year to 30 September 2025", "2024 to 2025"."""
    if len(time_period) == 6 and time_period.isdigit():
        return f"{time_period[:4]} to {time_period[:2]}{time_period[4:]}"
    if table == Table.WORKFORCE and time_period.isdigit():
        return f"year to 30 September {time_period}"
    return time_period


def one_place(value: Decimal | None) -> Decimal | None:
    """Rounded as the DfE publishes: one decimal place, halves up."""
    return None if value is None else value.quantize(TENTH, rounding=ROUND_HALF_UP)


def neighbours_of(authority: Authority) -> list[StatisticalNeighbour]:
    return list(StatisticalNeighbour.objects.filter(authority=authority).order_by("rank"))


def benchmark_for(authority: Authority, measure: str) -> Benchmark | None:
    """England's figure, each chosen neighbour's and their average for the latest period
    loaded, or None when nothing is published for the measure (or it has no published
    counterpart). Two queries."""
    return benchmarks_for(authority, [measure]).get(measure)


def benchmarks_for(authority: Authority, measures: Iterable[str]) -> dict[str, Benchmark]:
    """``benchmark_for`` for many measures in two queries, whatever their number."""
    known = [key for key in dict.fromkeys(measures) if key in MEASURES]
    if not known:
        return {}
    neighbours = neighbours_of(authority)
    codes = [n.new_la_code for n in neighbours]
    figures = (
        PublishedFigure.objects.filter(measure__in=known)
        .filter(
            Q(geographic_level=Level.NATIONAL)
            | Q(geographic_level=Level.LOCAL_AUTHORITY, new_la_code__in=codes)
        )
        .select_related("load")
        .order_by("measure", "-load__time_period", "load_id")
    )
    by_measure: dict[str, list[PublishedFigure]] = {}
    for figure in figures:
        rows = by_measure.setdefault(figure.measure, [])
        # Only the latest period loaded for the measure counts (rows come newest first).
        if not rows or rows[0].load.time_period == figure.load.time_period:
            rows.append(figure)
    return {key: _benchmark(key, rows, neighbours) for key, rows in by_measure.items() if rows}


def _benchmark(
    key: str, rows: list[PublishedFigure], neighbours: list[StatisticalNeighbour]
) -> Benchmark:
    england = next((r for r in rows if r.geographic_level == Level.NATIONAL), None)
    by_code = {r.new_la_code: r for r in rows if r.geographic_level == Level.LOCAL_AUTHORITY}
    named = tuple(
        (
            by_code[n.new_la_code].la_name if n.new_la_code in by_code else n.la_name,
            one_place(by_code[n.new_la_code].value) if n.new_la_code in by_code else None,
        )
        for n in neighbours
    )
    values = [value for _, value in named if value is not None]
    average = one_place(sum(values, Decimal(0)) / len(values)) if values else None
    loads: dict[int, PublishedLoad] = {r.load_id: r.load for r in rows}
    measure = MEASURES[key]
    period = rows[0].load.time_period
    files = "; ".join(
        load.source_file + (" (generated)" if load.generated else "")
        for load in sorted(loads.values(), key=lambda load: load.pk)
    )
    source = f"DfE, {TABLE_TITLES[measure.table]}, {period_label(measure.table, period)}: {files}"
    return Benchmark(
        measure=key,
        period=period_label(measure.table, period),
        england=one_place(england.value) if england else None,
        neighbours_average=average,
        neighbours=named,
        source=source,
        generated=any(load.generated for load in loads.values()),
    )


def choosable_authorities() -> list[tuple[str, str]]:
    """(ONS code, name) of the English local authorities a neighbour may be chosen from: those
    in the loaded tables, and every upper-tier authority qlacref_authorities lists."""
    found: dict[str, str] = dict(
        PublishedFigure.objects.filter(geographic_level=Level.LOCAL_AUTHORITY)
        .exclude(new_la_code="")
        .values_list("new_la_code", "la_name")
        .distinct()
    )
    try:
        import qlacref_authorities
    except ImportError:  # an optional package: the loaded tables are enough
        pass
    else:
        for record in qlacref_authorities.records:
            code, name = str(record["UTLA21CD"]), str(record["UTLA21NM"])
            if code.startswith("E"):
                found.setdefault(code, name)
    return sorted(found.items(), key=lambda item: item[1])


def authority_of(user: AnyUser) -> Authority:
    worker = worker_of(user)
    if worker is None:  # the permissions need a worker record; belt and braces
        raise Http404("No worker record")
    return worker.authority


@dataclass(frozen=True)
class BenchmarkTable:
    """One published table's measures side by side: England, the neighbours' average and each
    neighbour a row, each measure a column."""

    title: str
    measures: tuple[Measure, ...]
    periods: tuple[str, ...]  # per measure, "" when nothing is loaded
    england: tuple[Decimal | None, ...]
    average: tuple[Decimal | None, ...]
    neighbours: tuple[tuple[str, tuple[Decimal | None, ...]], ...]
    sources: tuple[str, ...]
    generated: bool


def benchmark_tables(authority: Authority) -> list[BenchmarkTable]:
    """Every measure of every table (the indicators' copies of a workforce column once), in
    two queries."""
    shown: dict[tuple[str, str, str], Measure] = {}
    for measure in MEASURES.values():
        shown.setdefault((measure.table, measure.column, measure.per_column), measure)
    found = benchmarks_for(authority, [m.key for m in shown.values()])
    neighbour_names = [n.la_name for n in neighbours_of(authority)]
    tables = []
    for table in Table:
        measures = tuple(m for m in shown.values() if m.table == table)
        got = [found.get(m.key) for m in measures]
        tables.append(
            BenchmarkTable(
                title=TABLE_TITLES[table],
                measures=measures,
                periods=tuple(b.period if b else "" for b in got),
                england=tuple(b.england if b else None for b in got),
                average=tuple(b.neighbours_average if b else None for b in got),
                neighbours=tuple(
                    (
                        name,
                        tuple(b.neighbours[i][1] if b else None for b in got),
                    )
                    for i, name in enumerate(neighbour_names)
                ),
                sources=tuple(dict.fromkeys(b.source for b in got if b)),
                generated=any(b.generated for b in got if b),
            )
        )
    return tables


def loads_list() -> list[PublishedLoad]:
    return list(PublishedLoad.objects.order_by("table", "-time_period", "pk"))
