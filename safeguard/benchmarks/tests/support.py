"""Files in the published layout, written in the tests so each figure is visible where used."""

from __future__ import annotations

import io

from safeguard.benchmarks.loader import Parsed, parse
from safeguard.benchmarks.measures import GEOGRAPHY_COLUMNS, Table
from safeguard.benchmarks.services import published_table_load

WORKFORCE_COLUMNS = (
    "vacancy_rate_fte",
    "agency_rate_fte",
    "turnover_rate_fte",
    "caseload_fte",
    "absence_rate_fte",
    "absence_days",
    "inpost_fte",
)


def england_row(period: str, *values: str) -> list[str]:
    return [
        period,
        "Reporting year",
        "National",
        "E92000001",
        "England",
        "",
        "",
        "",
        "",
        "",
        *values,
    ]


def la_row(period: str, code: str, number: str, name: str, *values: str) -> list[str]:
    return [
        period,
        "Reporting year",
        "Local authority",
        "E92000001",
        "England",
        "E12000005",
        "West Midlands",
        code,
        number,
        name,
        *values,
    ]


def csv_text(rows: list[list[str]], columns: tuple[str, ...] = WORKFORCE_COLUMNS) -> str:
    lines = [",".join((*GEOGRAPHY_COLUMNS, *columns))]
    lines += [",".join(row) for row in rows]
    return "\n".join(lines) + "\n"


def parsed(text: str, table: Table = Table.WORKFORCE) -> Parsed:
    return parse(io.StringIO(text), table)


def load_text(
    text: str,
    *,
    source_file: str = "csww_2025.csv",
    generated: bool = False,
    table: Table = Table.WORKFORCE,
) -> None:
    published_table_load(parsed=parsed(text, table), source_file=source_file, generated=generated)
