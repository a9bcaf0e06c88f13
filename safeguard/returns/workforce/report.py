"""The error report written beside the workforce census file: one row per problem, naming
the worker and the census item. CSV with the protective marking on its first line; every
cell through `safe_cell` (a worker's name could start with "=")."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from safeguard.common.marking import marking_csv_row
from safeguard.common.spreadsheets import safe_cell

from .rules import Issue

COLUMNS = ("check", "type", "worker", "swe_number", "item", "message")


def report_path_for(xml_path: Path) -> Path:
    """`csww_2024.xml` -> `csww_2024.errors.csv`, in the same folder."""
    return xml_path.with_name(xml_path.stem + ".errors.csv")


def write_report(path: Path, issues: Iterable[Issue]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(marking_csv_row())
        writer.writerow(COLUMNS)
        for issue in issues:
            cells = (
                issue.code,
                "query" if issue.is_query else "error",
                issue.worker,
                issue.swe_number,
                issue.item,
                issue.message,
            )
            writer.writerow([safe_cell(cell) for cell in cells])
