"""The error report written beside the census file: one row per child per broken rule, each
with a link to the child's record where it can be fixed. CSV, so an analyst can sort and
filter it; the returns page reads it back to show it. Each cell goes through `safe_cell` (a
LA child ID or a schema message quoting a child's value may start with "="), and reading it
back undoes that, so the page shows the text as it was."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from django.urls import reverse

from safeguard.common.marking import marking_csv_row
from safeguard.common.spreadsheets import read_cell, safe_cell

from .rules import Issue

COLUMNS = ("rule", "type", "message", "la_child_id", "child_id", "where", "record")
SCHEMA_RULE = "XSD"
SCHEMA_MESSAGE = "The file does not match the census schema"


def report_path_for(xml_path: Path) -> Path:
    """`census_2025.xml` → `census_2025.errors.csv`, in the same folder."""
    return xml_path.with_name(xml_path.stem + ".errors.csv")


def record_url(person_id: int | None) -> str:
    return reverse("cases:child_record", kwargs={"child_id": person_id}) if person_id else ""


def write_report(path: Path, issues: Iterable[Issue]) -> None:
    """The report: the protective marking on the first line, the column names, the rows."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(marking_csv_row())
        writer.writerow(COLUMNS)
        for issue in issues:
            cells = (
                issue.code,
                "query" if issue.is_query else "error",
                issue.message,
                issue.la_child_id,
                issue.person_id or "",
                issue.where,
                record_url(issue.person_id),
            )
            writer.writerow([safe_cell(cell) for cell in cells])


@dataclass(frozen=True)
class ReportRow:
    rule: str
    type: str
    message: str
    la_child_id: str
    child_id: str
    where: str
    record: str


def read_report(path: Path) -> Iterator[ReportRow]:
    with path.open(newline="", encoding="utf-8") as source:
        first = source.readline()
        # The marking line; a report written before it was added starts with the columns.
        lines = chain([first], source) if first.startswith(COLUMNS[0]) else source
        reader = csv.DictReader(lines)
        for row in reader:
            yield ReportRow(**{name: read_cell(row.get(name) or "") for name in COLUMNS})
