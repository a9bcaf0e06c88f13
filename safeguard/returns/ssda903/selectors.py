"""The analysts' page reads: the latest SSDA903 build of the authority for a year, and its
error report."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import chain, islice
from pathlib import Path

from django.utils import timezone

from safeguard.common.spreadsheets import read_cell
from safeguard.organisation.models import Authority

from .services import FOLDER, REPORT_COLUMNS, REPORT_NAME, builds_dir, files_folder

REPORT_ROWS_SHOWN = 500


@dataclass(frozen=True)
class SSDA903Build:
    folder: Path
    year: int
    built_at: datetime

    @property
    def files(self) -> list[Path]:
        return sorted(files_folder(self.folder).glob("*.csv"))

    @property
    def report(self) -> Path:
        return self.folder / REPORT_NAME


@dataclass(frozen=True)
class ReportRow:
    la_child_id: str
    child_id: str
    problem: str
    record: str


def ssda903_build_latest(*, authority: Authority, year: int) -> SSDA903Build | None:
    """The authority's latest build for the year ending 31 March `year` (its folder's name
    says whose, which year and when), or None."""
    prefix = FOLDER.format(la=authority.la_code, year=year, stamp="")
    found = sorted(
        f for f in builds_dir().glob(f"{prefix}*") if f.is_dir() and (f / REPORT_NAME).is_file()
    )
    if not found:
        return None
    stamp = found[-1].name.removeprefix(prefix)
    built_at = datetime.strptime(stamp, "%Y%m%dT%H%M%S").replace(
        tzinfo=timezone.get_current_timezone()
    )
    return SSDA903Build(folder=found[-1], year=year, built_at=built_at)


def _rows(path: Path) -> Iterator[ReportRow]:
    with path.open(newline="", encoding="utf-8") as source:
        first = source.readline()
        lines = chain([first], source) if first.startswith(REPORT_COLUMNS[0]) else source
        for row in csv.DictReader(lines):
            yield ReportRow(**{name: read_cell(row.get(name) or "") for name in REPORT_COLUMNS})


def ssda903_report_rows(build: SSDA903Build) -> tuple[list[ReportRow], int]:
    """The first REPORT_ROWS_SHOWN rows of the error report, and how many there are."""
    return list(islice(_rows(build.report), REPORT_ROWS_SHOWN)), sum(1 for _ in _rows(build.report))
