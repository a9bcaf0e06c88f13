"""ssda903_page_build: the SSDA903 return built from the analysts' page, into a folder of its
own under SAFEGUARD_RETURNS_DIR, with its error report beside the files."""

from __future__ import annotations

import csv
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from safeguard.common.marking import marking_csv_row
from safeguard.common.spreadsheets import safe_cell
from safeguard.organisation.models import Authority
from safeguard.returns.census.report import record_url

from .build import SSDA903Result, ssda903_build

REPORT_NAME = "ssda903.errors.csv"
REPORT_COLUMNS = ("la_child_id", "child_id", "problem", "record")
# ssda903_<LA code>_<year>_<when>: the folder of one build; the latest sorts last.
FOLDER = "ssda903_{la}_{year}_{stamp}"


def builds_dir() -> Path:
    folder = Path(settings.SAFEGUARD_RETURNS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def files_folder(build: Path) -> Path:
    """The CSV files, alone in their folder, as the validator reads every CSV of one."""
    return build / "files"


def ssda903_page_build(*, authority: Authority, year: int, actor: User) -> Path:
    """Build the return for the authority and year into a new folder (the CSV files in
    `files/`, the error report beside them); audited as an export by `ssda903_build`.
    Returns the build's folder. Raises SSDA903BuildError (nothing is kept) as the command
    does."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    build = builds_dir() / FOLDER.format(la=authority.la_code, year=year, stamp=stamp)
    files = files_folder(build)
    files.mkdir(parents=True)
    try:
        result = ssda903_build(authority=authority, year=year, output=files, actor=actor)
    except Exception:
        files.rmdir()
        build.rmdir()
        raise
    write_report(build / REPORT_NAME, result)
    return build


def write_report(path: Path, result: SSDA903Result) -> None:
    """One row per problem Safeguard found while building, sorted by child: the protective
    marking first, then the columns. Cells that a spreadsheet would run are made text."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(marking_csv_row())
        writer.writerow(REPORT_COLUMNS)
        for child, problem in sorted(result.problems):
            person = result.child_ids.get(child)
            cells = (child, person or "", problem, record_url(person))
            writer.writerow([safe_cell(cell) for cell in cells])
