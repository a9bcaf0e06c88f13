"""The returns' background work, registered as kinds of job (safeguard.jobs.registry): the
Ofsted Annex A workbook and the Children in Need census take tens of seconds at a large
authority. Loaded by ReturnsConfig.ready().

Each kind calls the same service an operator runs by hand, so the two never differ; the kind
adds only progress, the result and the audit of its download.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from safeguard.access.roles import worker_of
from safeguard.jobs.models import Job
from safeguard.jobs.registry import ExportRecord, JobError, JobResult, Progress, job_kind

from .annex_a.layout import LISTS, AnnexAList
from .annex_a.services import AnnexARequestError, annex_a_build_for, annex_a_export_id
from .annex_a.window import ReportingWindow, WindowError, reporting_window
from .census.services import CensusBuildError, census_build
from .census.years import collection_year

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_CENSUS_WORKER = "Only staff of an authority can build its census."


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# --- Ofsted Annex A ---------------------------------------------------------------------------


def _annex_a_window(params: dict[str, Any]) -> ReportingWindow:
    return reporting_window(date.fromisoformat(params["from"]), date.fromisoformat(params["to"]))


def annex_a_title(params: dict[str, Any]) -> str:
    start, end = date.fromisoformat(params["from"]), date.fromisoformat(params["to"])
    return f"Ofsted Annex A, {_long_date(start)} to {_long_date(end)}"


@job_kind("annex_a", title=annex_a_title, permission="returns.build")
def annex_a(job: Job, params: dict[str, Any], progress: Progress) -> JobResult:
    """The workbook for the requester's authority, written to a temporary file and kept as the
    job's file; each download of it is audited as the Annex A page's download was."""
    try:
        window = _annex_a_window(params)
    except WindowError as error:
        raise JobError(str(error)) from None
    lists_done = 0

    def list_written(annex_list: AnnexAList, rows: int) -> None:
        nonlocal lists_done
        lists_done += 1
        progress(lists_done, len(LISTS), f"{annex_list.sheet} ({annex_list.title}): {rows:,} rows")

    progress(0, len(LISTS), "Reading the case record")
    # Handed to the runner with the result, which keeps it as the job's file and closes it.
    output = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        details = annex_a_build_for(
            window=window, output=output, user=job.requested_by, progress=list_written
        )
    except AnnexARequestError as error:
        output.close()
        raise JobError(str(error)) from None
    except BaseException:
        output.close()
        raise
    return JobResult(
        f"annex-a-{window.start.isoformat()}-to-{window.end.isoformat()}.xlsx",
        XLSX,
        output,
        export=ExportRecord("annex_a", annex_a_export_id(window), details),
        summary={"Rows in all lists": f"{sum(details['rows'].values()):,}"},
    )


# --- Children in Need census ------------------------------------------------------------------


def returns_dir() -> Path:
    """Where census files built from the page go (SAFEGUARD_RETURNS_DIR)."""
    folder = Path(settings.SAFEGUARD_RETURNS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def census_title(params: dict[str, Any]) -> str:
    return f"Children in Need census {collection_year(int(params['year'])).label}"


def census_page(params: dict[str, Any]) -> tuple[str, str]:
    url = reverse("returns:census") + f"?year={int(params['year'])}"
    return "See the census, its error report and its files", url


@job_kind("census", title=census_title, permission="returns.build", next_page=census_page)
def census(job: Job, params: dict[str, Any], progress: Progress) -> JobResult:
    """The census for the requester's authority and the year, built as the census page built
    it: the file and its error report on disk, the build recorded and audited by
    `census_build`; the census page shows the report and serves the files."""
    year = int(params["year"])
    worker = worker_of(job.requested_by)
    if worker is None:
        raise JobError(NO_CENSUS_WORKER)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    output = returns_dir() / f"cin_census_{worker.authority.la_code}_{year}_{stamp}.xml"
    total = done = 0

    def started(children: int) -> None:
        nonlocal total
        total = children
        progress(0, total, "Children written to the file")

    def child_written(count: int) -> None:
        nonlocal done
        done += count
        if done < total:
            progress(done, total, "Children written to the file")
        else:
            progress(done, total, "Checking the file against the schema; writing the report")

    try:
        built = census_build(
            authority=worker.authority,
            year=year,
            output=output,
            actor=job.requested_by,
            on_start=started,
            on_child=child_written,
        )
    except CensusBuildError as error:
        raise JobError(str(error)) from None
    return JobResult(
        summary={
            "Children": f"{built.build.children:,}",
            "Errors to fix": f"{built.build.errors:,}",
            "Queries to explain": f"{built.build.queries:,}",
        }
    )
