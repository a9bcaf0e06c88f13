"""Kinds of job for the tests: each does what a real kind does (progress, a file, a reason to
fail) without the time a real build takes. Registered when this module is imported."""

from __future__ import annotations

import time
from typing import Any

from safeguard.jobs.models import Job
from safeguard.jobs.registry import ExportRecord, JobError, JobResult, Progress, job_kind

PERMISSION = "returns.build"
WRONG = "The window is the wrong length: choose six or twelve whole months."


def _title(params: dict[str, Any]) -> str:
    return f"Test job for {params.get('name', 'nobody')}"


@job_kind("test_report", title=_title, permission=PERMISSION)
def report(job: Job, params: dict[str, Any], progress: Progress) -> JobResult:
    """Three steps, then a small file. Records what its own row said after each step, as the
    job page would have read it."""
    seen = []
    for step in (1, 2, 3):
        progress(step, 3, f"Step {step}")
        row = Job.objects.get(pk=job.pk)
        seen.append((row.progress_done, row.progress_total, row.progress_message))
    return JobResult(
        "report.csv",
        "text/csv",
        f"name,steps\n{params['name']},3\n".encode(),
        export=ExportRecord("test.report", str(job.pk), {"rows": 1}),
        summary={"Rows": "1", "seen": seen},
    )


@job_kind("test_fails_first", title=_title, permission=PERMISSION)
def fails_first(job: Job, params: dict[str, Any], progress: Progress) -> JobResult:
    """Fails on its first attempt with a reason, succeeds after."""
    progress(1, 2, "Checking the window")
    if job.attempts == 1:
        raise JobError(WRONG)
    return JobResult(summary={"Attempt": str(job.attempts)})


@job_kind("test_crashes", title=_title, permission=PERMISSION)
def crashes(job: Job, params: dict[str, Any], progress: Progress) -> JobResult:
    """A bug: the exception's message quotes case content, which must go nowhere."""
    raise RuntimeError(f"could not parse the note about {params['name']}")


@job_kind("test_stopped", title=_title, permission=PERMISSION)
def stopped(job: Job, params: dict[str, Any], progress: Progress) -> JobResult:
    """The worker is told to stop at once (a second Ctrl+C) in the middle of the job."""
    progress(1, 2, "Halfway")
    raise SystemExit(1)


@job_kind("test_slow_first", title=_title, permission=PERMISSION)
def slow_first(job: Job, params: dict[str, Any], progress: Progress) -> JobResult:
    """Halfway, its first attempt waits (to be killed); later attempts finish at once."""
    progress(1, 2, "Halfway")
    if job.attempts == 1:
        time.sleep(float(params.get("sleep", 120)))
    progress(2, 2, "Done")
    return JobResult(summary={"Attempt": str(job.attempts)})
