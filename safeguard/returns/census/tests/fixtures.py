"""A census build whose error report lists a given child, without building the census: for
tests of the data-quality page (and the access matrix) that need a child in a return."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.utils import timezone

from safeguard.returns.census.report import report_path_for, write_report
from safeguard.returns.census.rules import Issue
from safeguard.returns.models import CensusBuild

RULE = "8897"
MESSAGE = (
    "Parental or child factors at assessment information is missing from a completed assessment"
)

_folder: Path | None = None


def _files() -> Path:
    """One folder for the process, removed when it ends (the access matrix asks for builds
    while building URLs, where no test's tmp_path reaches)."""
    global _folder
    if _folder is None:
        _folder = Path(tempfile.mkdtemp(prefix="safeguard-census-"))
        atexit.register(shutil.rmtree, _folder, True)
    return _folder


def census_build_listing(child: Any, *, authority: Any, year: int = 2025) -> CensusBuild:
    """A build of `authority`'s census for `year` whose report has one row about `child`."""
    folder = Path(tempfile.mkdtemp(dir=_files()))
    xml = folder / f"census_{year}.xml"
    xml.write_text("<Message/>\n", encoding="utf-8")
    report = report_path_for(xml)
    where = "CIN episode referred"
    write_report(report, [Issue(RULE, MESSAGE, False, child.pk, child.la_child_id or "", where)])
    return CensusBuild.objects.create(
        authority=authority,
        year=year,
        built_at=timezone.now(),
        xml_path=str(xml),
        report_path=str(report),
        children=1,
        errors=1,
        queries=0,
        schema_errors=0,
        by_rule={RULE: 1},
    )
