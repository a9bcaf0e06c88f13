"""Reads for the census page: the builds of the user's own authority, and a report's rows."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from django.http import Http404

from safeguard.access.roles import worker_of
from safeguard.common.types import AnyUser

from ..models import CensusBuild
from .report import ReportRow, read_report

# The page shows this many rows; the CSV download holds them all.
REPORT_ROWS_SHOWN = 500


def census_builds_for(*, user: AnyUser) -> list[CensusBuild]:
    """Every census built for the user's authority, newest first (none without a worker)."""
    worker = worker_of(user)
    if worker is None:
        return []
    return list(
        CensusBuild.objects.filter(authority_id=worker.authority_id).order_by("-built_at", "-pk")
    )


def census_build_latest(*, user: AnyUser, year: int) -> CensusBuild | None:
    return next((b for b in census_builds_for(user=user) if b.year == year), None)


def census_report_rows(build: CensusBuild) -> tuple[list[ReportRow], bool]:
    """The first rows of the build's report, and whether there are more than shown."""
    path = Path(build.report_path)
    if not path.is_file():
        raise Http404("The error report is no longer on disk: build the census again.")
    rows = list(islice(read_report(path), REPORT_ROWS_SHOWN + 1))
    return rows[:REPORT_ROWS_SHOWN], len(rows) > REPORT_ROWS_SHOWN
