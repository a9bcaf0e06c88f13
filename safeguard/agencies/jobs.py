"""The hub's background work, registered as kinds of job (safeguard.jobs.registry): a
partner's file, retraining identity linkage and the nightly signal rules. Loaded by
AgenciesConfig.ready().

Each kind calls the same service or command an operator runs by hand, so the two never
differ; the kind adds only progress and the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from safeguard.jobs.models import Job
from safeguard.jobs.registry import JobError, JobResult, Progress, command_job, job_kind

from .models import PartnerOrganisation
from .services.files import partner_file_import

# --- Operators' jobs: commands run by the worker ----------------------------------------------


@job_kind(
    "evaluate_signals",
    title=lambda params: f"Signal rules evaluated as on {params['date']}",
    permission=None,
)
def evaluate_signals(job: Job, params: dict[str, Any], progress: Progress) -> JobResult:
    return command_job("evaluate_signals", progress, date=params["date"])


@job_kind("train_linkage_model", title=lambda params: "Identity linkage retrained", permission=None)
def train_linkage_model(job: Job, params: dict[str, Any], progress: Progress) -> JobResult:
    options = {key: value for key, value in params.items() if value is not None}
    return command_job("train_linkage_model", progress, **options)


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
