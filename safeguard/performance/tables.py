"""The tables of the dashboards, built once and used twice: drawn on the page and exported as
CSV or Excel. A cell may carry a link (a drill-down); exports keep its text only, and every
cell of an export goes through `safe_cell`, so a team or child named "=..." is never a formula.

Numbers stay numbers in both exports: counts and rates as numbers, and in Excel a percentage
as the fraction it is, shown with a percentage format ("85.7%"), so it sums and charts. A share
or ratio of a small base (`selectors.SMALL_BASE`) shows its n beside it on the page ("50.0
(n=4)") and in Excel through the cell's number format, so the cell is still the number; in
CSV, which carries no formats, the base is the table's own "Counted" or "Number" column."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from safeguard.common.marking import mark_workbook
from safeguard.common.spreadsheets import safe_cell

from .queries import Period
from .registry import Figure, Indicator
from .selectors import ChildrenList, IndicatorResult, TeamPoint, TrendPoint, small_base

# Excel number formats: a share written as a fraction, and a ratio (cases per FTE).
PERCENT_FORMAT = "0.0%"
RATIO_FORMAT = "0.0"
NO_ENGLAND_FIGURE = "No national figure"
NOT_COMPARABLE = "{cited}: not comparable with this period, England's is for 12 months"


def numerator_hidden_text(indicator: Any) -> str:
    """What a screen reader hears after the "Of which" number: "12 of the child protection
    visits where the child was seen: seen alone". The label is read as a part of what is
    counted, never run on after it ("seen seen alone", "completed completed")."""
    return f" of the {indicator.counted}: {indicator.numerator_label}"


@dataclass(frozen=True)
class Cell:
    value: Any
    href: str = ""
    numeric: bool = False
    # Read by screen readers after a linked number ("... referrals in Team A").
    hidden_text: str = ""
    # A percentage: Excel holds it as a fraction with a percentage format.
    percent: bool = False
    # How many things a share or ratio is of; shown beside it when small.
    base: int | None = None

    @property
    def small_base(self) -> bool:
        return self.value is not None and small_base(self.base)

    @property
    def text(self) -> str:
        text = format_value(self.value)
        return f"{text} (n={self.base:,})" if self.small_base else text

    @property
    def number_format(self) -> str | None:
        """The Excel number format of a share or ratio, its n beside it when the base is
        small (as literal text in the format: the cell is still the number)."""
        if self.value is None or not (self.percent or self.base is not None):
            return None
        shown = PERCENT_FORMAT if self.percent else RATIO_FORMAT
        return f'{shown}" (n={self.base})"' if self.small_base else shown


@dataclass
class Table:
    slug: str
    caption: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    numeric_columns: frozenset[int] = frozenset()
    note: str = ""


def format_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:,}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if hasattr(value, "strftime"):
        return f"{value:%-d %b %Y}"
    return str(value)


def _export_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral() else int(value)
    return value


def _number(
    value: Any, href: str = "", hidden: str = "", *, percent: bool = False, base: int | None = None
) -> Cell:
    return Cell(value, href=href, numeric=True, hidden_text=hidden, percent=percent, base=base)


def _figure(indicator: Indicator, value: Any, count: int) -> Cell:
    """An indicator's figure: a share is a percentage, and a share or ratio is of `count`."""
    return _number(
        value,
        percent=indicator.figure is Figure.SHARE,
        base=count if indicator.figure is not Figure.COUNT else None,
    )


def _england_note(result: IndicatorResult) -> str:
    if result.benchmark is None:
        return NO_ENGLAND_FIGURE
    if not result.benchmark_comparable:
        return NOT_COMPARABLE.format(cited=result.benchmark.cited)
    return result.benchmark.cited


def summary_table(
    results: list[IndicatorResult], *, links: dict[str, dict[str, str]], scope: str
) -> Table:
    """Every indicator: its figure, what it counts, England's figure (a number) and what it
    is (its year, or why there is none or it is not comparable). `links` holds, per
    indicator, the URLs of its page ("detail"), its children ("all") and the numerator's
    children ("numerator")."""
    table = Table(
        slug="summary",
        caption=f"Indicators for {scope}",
        headers=[
            "Indicator",
            "Figure",
            "Unit",
            "Counted",
            "Of which",
            "England",
            "About England's figure",
        ],
        numeric_columns=frozenset({1, 3, 4, 5}),
    )
    for result in results:
        ind = result.indicator
        urls = links.get(ind.slug, {})
        of_which: Cell = Cell("")
        if ind.numerator_label:
            of_which = _number(
                result.numerator,
                urls.get("numerator", ""),
                numerator_hidden_text(ind),
            )
        england = result.benchmark.value if result.benchmark else None
        table.rows.append(
            [
                Cell(ind.title, href=urls.get("detail", "")),
                _figure(ind, result.value, result.count),
                Cell(result.unit),
                _number(result.count, urls.get("all", ""), f" {ind.counted}"),
                of_which,
                _number(england, percent=ind.figure is Figure.SHARE),
                Cell(_england_note(result)),
            ]
        )
    return table


def breakdown_table(result: IndicatorResult, *, links: dict[str, str]) -> Table | None:
    ind = result.indicator
    if not result.breakdown:
        return None
    has_england = bool(ind.category_benchmarks)
    table = Table(
        slug="breakdown",
        caption=f"{ind.title}: breakdown",
        headers=["Category", "Number", "Share (%)"] + (["England (%)"] if has_england else []),
        numeric_columns=frozenset({1, 2, 3}),
    )
    for row in result.breakdown:
        cells = [
            Cell(row.label),
            _number(row.count, links.get(row.key, ""), f" {ind.counted}: {row.label}"),
            _number(row.share, percent=True, base=result.count),
        ]
        if has_england:
            cells.append(_number(row.england_share, percent=True))
        table.rows.append(cells)
    return table


def bands_table(result: IndicatorResult) -> Table | None:
    if not result.bands:
        return None
    table = Table(
        slug="distribution",
        caption=f"{result.indicator.title}: distribution of {result.indicator.days_unit}",
        headers=["Band", "Number", "Share (%)"],
        numeric_columns=frozenset({1, 2}),
    )
    with_days = sum(row.count for row in result.bands)
    for row in result.bands:
        table.rows.append(
            [
                Cell(row.label),
                _number(row.count),
                _number(row.share, percent=True, base=with_days),
            ]
        )
    return table


def trend_table(
    indicator: Indicator, unit: str, points: list[TrendPoint], benchmark: Decimal | None
) -> Table:
    table = Table(
        slug="trend",
        caption=f"{indicator.title}: month by month",
        headers=["Month", f"Figure ({unit})", "Counted"] + (["England"] if benchmark else []),
        numeric_columns=frozenset({1, 2, 3}),
    )
    for point in points:
        cells = [
            Cell(point.label),
            _figure(indicator, point.value, point.count),
            _number(point.count),
        ]
        if benchmark is not None:
            cells.append(_number(benchmark, percent=indicator.figure is Figure.SHARE))
        table.rows.append(cells)
    return table


def teams_table(indicator: Indicator, unit: str, points: list[TeamPoint]) -> Table:
    headers = ["Team", f"Figure ({unit})", "Counted"]
    if indicator.numerator_label:
        headers.append(f"Of which {indicator.numerator_label}")
    table = Table(
        slug="teams",
        caption=f"{indicator.title}: team by team",
        headers=headers,
        numeric_columns=frozenset({1, 2, 3}),
    )
    for point in points:
        cells = [
            Cell(point.label),
            _figure(indicator, point.value, point.count),
            _number(point.count),
        ]
        if indicator.numerator_label:
            cells.append(_number(point.numerator))
        table.rows.append(cells)
    return table


def children_table(listing: ChildrenList, *, team_names: dict[int, str], record_url: Any) -> Table:
    ind = listing.indicator
    if ind.rows_are_workers:
        table = Table(
            slug="children",
            caption=f"{ind.title}: workers",
            headers=["Worker", "Team", "Cases held", "Full-time equivalent"],
            numeric_columns=frozenset({2, 3}),
        )
        for row in listing.rows:
            table.rows.append(
                [
                    Cell(row["name"]),
                    Cell(team_names.get(row["team_id"], "No team")),
                    _number(row["numerator"]),
                    _number(row["denominator"]),
                ]
            )
        return table
    headers = ["Child", "Date", "Team"]
    numeric: set[int] = set()
    if ind.categories:
        headers.append("Category")
    if ind.days_unit:
        numeric.add(len(headers))
        headers.append(ind.days_unit.capitalize())
    if ind.numerator_label and not listing.numerator_only:
        headers.append(ind.numerator_label.capitalize())
    table = Table(
        slug="children",
        caption=f"{ind.title}: children",
        headers=headers,
        numeric_columns=frozenset(numeric),
    )
    for row in listing.rows:
        cells = [
            Cell(row["name"], href=record_url(row["child_id"])),
            Cell(row["event_date"]),
            Cell(team_names.get(row["team_id"], "No team")),
        ]
        if ind.categories:
            cells.append(Cell(ind.categories.get(row["category"] or "", row["category"] or "")))
        if ind.days_unit:
            cells.append(_number(row["days"]))
        if ind.numerator_label and not listing.numerator_only:
            cells.append(Cell("Yes" if row["numerator"] else "No"))
        table.rows.append(cells)
    return table


def period_line(period: Period, scope: str) -> str:
    return f"{period.date_from:%-d %B %Y} to {period.date_to:%-d %B %Y}, {scope}"


def as_csv(table: Table, *, heading: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(heading)])
    writer.writerow([safe_cell(text) for text in table.headers])
    for row in table.rows:
        writer.writerow([_csv_value(cell) for cell in row])
    if table.note:
        writer.writerow([safe_cell(table.note)])
    # A byte-order mark so that Excel opens the file as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_value(cell: Cell) -> Any:
    value = _export_value(cell.value)
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return safe_cell(value)


def as_xlsx(table: Table, *, heading: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = table.slug[:31]
    sheet.append([safe_cell(heading)])
    sheet["A1"].font = Font(bold=True)
    sheet.append([safe_cell(text) for text in table.headers])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_xlsx_value(cell) for cell in row])
        for written, cell in zip(sheet[sheet.max_row], row, strict=False):
            if (number_format := cell.number_format) is not None:
                written.number_format = number_format
    if table.note:
        sheet.append([safe_cell(table.note)])
    mark_workbook(workbook)  # the protective marking on every printed page and the file
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_value(cell: Cell) -> Any:
    if cell.percent and isinstance(cell.value, Decimal):
        # 85.7 (%) is the fraction 0.857, which the percentage format shows as 85.7%.
        return float(cell.value / 100)
    return safe_cell(_export_value(cell.value))
