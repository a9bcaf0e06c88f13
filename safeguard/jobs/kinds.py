"""The work Safeguard does in the background, each as a registered kind of job: builds that
take tens of seconds at a large authority (Annex A, the census), a partner's file, retraining
identity linkage, and the nightly signal rules. Loaded by JobsConfig.ready().

Each kind calls the same service or command an operator runs by hand, so the two never
differ; the kind adds only progress, the result and the audit of its download.
"""

from __future__ import annotations

import tempfile
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from safeguard.access.roles import worker_of
from safeguard.agencies.models import PartnerOrganisation
from safeguard.agencies.services.files import partner_file_import
from safeguard.returns.annex_a.layout import LISTS, AnnexAList
from safeguard.returns.annex_a.services import (
    AnnexARequestError,
    annex_a_build_for,
    annex_a_export_id,
)
from safeguard.returns.annex_a.window import ReportingWindow, WindowError, reporting_window
from safeguard.returns.census.services import CensusBuildError, census_build
from safeguard.returns.census.years import collection_year

from .models import Job
from .registry import ExportRecord, JobError, JobResult, Progress, job_kind

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


# --- Operators' jobs: commands run by the worker ----------------------------------------------


def _command(name: str, progress: Progress, **options: Any) -> JobResult:
    """Run a management command as the job, its output (counts, never case content) kept as
    the job's summary for `list_jobs`."""
    out = StringIO()
    call_command(name, stdout=out, stderr=out, progress=progress, **options)
    return JobResult(summary={"Output": "; ".join(out.getvalue().split("\n")).strip("; ")})


@job_kind(
    "evaluate_signals",
    title=lambda params: f"Signal rules evaluated as on {params['date']}",
    permission=None,
)
def evaluate_signals(job: Job, params: dict[str, Any], progress: Progress) -> JobResult:
    return _command("evaluate_signals", progress, date=params["date"])


@job_kind("train_linkage_model", title=lambda params: "Identity linkage retrained", permission=None)
def train_linkage_model(job: Job, params: dict[str, Any], progress: Progress) -> JobResult:
    options = {key: value for key, value in params.items() if value is not None}
    return _command("train_linkage_model", progress, **options)


# --- A partner's file -------------------------------------------------------------------------

NO_ORGANISATION = (
    "The partner organisation this file came from no longer exists: nothing was stored."
)


def partner_file_title(params: dict[str, Any]) -> str:
    return f"Partner file {params.get('file_name') or Path(params['path']).name} imported"


@job_kind("partner_file", title=partner_file_title, permission=None)
def partner_file(job: Job, params: dict[str, Any], progress: Progress) -> JobResult:
    """A partner's extract (tens of megabytes) imported as `import_partner_file` imports it.
    A file refused whole fails the job with the refusal (nothing was stored); trying again
    carries on an import that stopped part-way (agencies.services.files)."""
    organisation = PartnerOrganisation.objects.filter(pk=params["organisation"]).first()
    if organisation is None:
        raise JobError(NO_ORGANISATION)

    def chunk_stored(rows: int, bytes_read: int, total_bytes: int) -> None:
        # In kilobytes: the job's counters are 32-bit on PostgreSQL, a file may not be.
        progress(bytes_read // 1024, total_bytes // 1024, f"{rows:,} rows read (kilobytes so far)")

    report = partner_file_import(
        organisation=organisation,
        path=params["path"],
        encoding=params.get("encoding") or None,
        imported_by=job.requested_by,
        progress=chunk_stored,
        file_format=params.get("file_format", ""),
        file_name=params.get("file_name", ""),
    )
    if report.refused:
        raise JobError(report.refused)
    return JobResult(
        summary={
            "Rows": f"{report.received:,}",
            "Stored": f"{report.stored:,}",
            "Rejected": f"{report.rejected:,}",
            "Output": report.summary,
        }
    )
