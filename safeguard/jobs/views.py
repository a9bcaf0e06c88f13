"""A job's page: how far it has got, then its file to download (audited) or why it failed and
a button to try again. Only the person who asked for the job sees it (anyone else gets a 404),
and only while their role still has the permission of the page that started it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from safeguard.access.permissions import allowed
from safeguard.accounts.access import signed_in_only

from .models import Job
from .registry import JobKind, job_kind_get
from .selectors import job_get_for_requester
from .services import (
    RESULTS_KEPT_FOR,
    JobNotRetryable,
    job_result_gone_reason,
    job_result_open,
    job_retry,
)

# Without JavaScript the page reloads itself this often while the job is unfinished; with it,
# htmx asks for the status every two seconds.
REFRESH_SECONDS = 5
# A job still waiting after this long suggests no worker is running.
WAITING_TOO_LONG = timedelta(minutes=1)
# htmx stops asking when the answer has this status (a success, so the last answer is shown).
STOP_POLLING = 286
NO_FILE = "This job has no file to download (yet): wait until it has finished."


def _job_for(request: HttpRequest, job_id: int) -> tuple[Job, JobKind]:
    job = job_get_for_requester(user=request.user, job_id=job_id)
    try:
        kind = job_kind_get(job.kind)
    except LookupError:
        raise PermissionDenied("unknown job kind") from None
    if kind.permission is None or not allowed(request.user, kind.permission):
        raise PermissionDenied(kind.permission or "operator job")
    return job, kind


def _context(job: Job, kind: JobKind) -> dict[str, Any]:
    waiting = job.status == Job.Status.QUEUED and timezone.now() - job.queued_at > WAITING_TOO_LONG
    return {
        "job": job,
        "title": job.title,
        "next_page": kind.next_page(job.parameters) if kind.next_page else None,
        "facts": job.summary.get("facts", {}),
        "size": job.summary.get("size"),
        "waiting_too_long": waiting,
        "result_gone": job_result_gone_reason() if job.result_deleted_at else "",
        "refresh_seconds": REFRESH_SECONDS,
        "kept_days": RESULTS_KEPT_FOR.days,
    }


@signed_in_only
@require_GET
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job, kind = _job_for(request, job_id)
    return render(request, "jobs/job.html", _context(job, kind))


@signed_in_only
@require_GET
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    """The part of the job page that changes, for htmx to swap in every two seconds."""
    job, kind = _job_for(request, job_id)
    status = STOP_POLLING if job.is_finished else 200
    return render(request, "jobs/_status.html", _context(job, kind), status=status)


@signed_in_only
@require_GET
def job_download(request: HttpRequest, job_id: int) -> HttpResponse:
    job, _ = _job_for(request, job_id)
    if job.status != Job.Status.SUCCEEDED or not job.has_file:
        gone = job_result_gone_reason() if job.result_deleted_at else NO_FILE
        messages.error(request, gone)
        return redirect("jobs:detail", job_id=job.pk)
    response = FileResponse(
        job_result_open(job=job, request=request),
        as_attachment=True,
        filename=job.result_filename,
        content_type=job.result_content_type,
    )
    # The access decorators are typed for HttpResponse; a streamed response serves the same.
    return cast(HttpResponse, response)


@signed_in_only
@require_POST
def job_try_again(request: HttpRequest, job_id: int) -> HttpResponse:
    job, _ = _job_for(request, job_id)
    try:
        job_retry(job=job)
    except JobNotRetryable as error:
        messages.error(request, str(error))
    return redirect("jobs:detail", job_id=job.pk)
