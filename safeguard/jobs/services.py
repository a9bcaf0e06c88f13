"""Starting, retrying and recovering background jobs, the nightly schedule, and downloading a
job's file (an export, audited). The work itself runs in the worker: `runner.job_run`.

A job is queued with django-tasks once the transaction that created it commits, so a worker
never picks up a job whose row it cannot yet see. Should that hand-over fail, or a worker die
mid-job, `jobs_recover` (run by every worker as it starts, and each minute while it runs)
queues it again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import IO, Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record

from .models import Job
from .registry import job_kind_get

logger = logging.getLogger("safeguard.jobs")

# A worker that stops this many times while running one job stops being given it again: the
# job itself is likely what stops it (memory, say), and a person should look.
MAX_ATTEMPTS = 3
STALE_AFTER = timedelta(minutes=5)
RESULTS_KEPT_FOR = timedelta(days=7)

NOT_JSON = "A job's parameters must be plain values (text, numbers, dates as text): {error}"
NOT_RETRYABLE = "Only a job that failed can be tried again; this one is {status}."
WORKER_STOPPED = (
    "The worker running this job stopped {attempts} times before it finished, so it has not "
    "been started again. Try again; if it stops again, tell your system administrator "
    "(reference: job {job_id})."
)
RESULT_GONE = (
    "The file was deleted {days} days after it was made. Start the job again for a new one."
)


class JobNotRetryable(ValueError):
    pass


def _enqueue(job_id: int) -> None:
    from .tasks import run_job

    task_result = run_job.enqueue(job_id)
    Job.objects.filter(pk=job_id).update(task_result_id=str(task_result.id))


def _enqueue_after_commit(job_id: int) -> None:
    # robust: a queue that cannot be reached leaves the job waiting (the sweep queues it
    # again) instead of failing the request that started it.
    transaction.on_commit(partial(_enqueue, job_id), robust=True)


def job_start(
    *,
    kind: str,
    params: dict[str, Any],
    requested_by: User | None = None,
    schedule_key: str = "",
) -> Job:
    """Queue a job of `kind` (a registered name) with `params` (plain values, never case
    content). The same person asking again for the same job while it is still waiting or
    running (a double click, a second tab) gets the job already under way."""
    job_kind_get(kind)
    try:
        params = json.loads(json.dumps(params))
    except (TypeError, ValueError) as error:
        raise ValueError(NOT_JSON.format(error=error)) from None
    requester = requested_by if getattr(requested_by, "is_authenticated", False) else None
    if requester is not None:
        under_way = Job.objects.filter(
            kind=kind,
            requested_by=requester,
            status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
        )
        for job in under_way:
            if job.parameters == params:
                return job
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind, parameters=params, requested_by=requester, schedule_key=schedule_key
        )
        _enqueue_after_commit(job.pk)
    return job


def job_retry(*, job: Job) -> Job:
    """Queue a failed job again as a new attempt, with the same parameters."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.status != Job.Status.FAILED:
            raise JobNotRetryable(NOT_RETRYABLE.format(status=job.get_status_display().lower()))
        _back_in_queue(job)
    return job


def job_requeue(*, job_id: int, attempt: int) -> bool:
    """Put a running job back in the queue (its worker is stopping); False if the attempt is
    no longer the job's own."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Job.Status.RUNNING or job.attempts != attempt:
            return False
        _back_in_queue(job)
    return True


def _back_in_queue(job: Job) -> None:
    job.status = Job.Status.QUEUED
    job.queued_at = timezone.now()
    job.error = ""
    job.finished_at = job.heartbeat_at = None
    job.progress_done, job.progress_total, job.progress_message = 0, None, ""
    job.task_result_id = ""
    job.save(
        update_fields=[
            "status",
            "queued_at",
            "error",
            "finished_at",
            "heartbeat_at",
            "progress_done",
            "progress_total",
            "progress_message",
            "task_result_id",
        ]
    )
    _enqueue_after_commit(job.pk)


@dataclass
class Recovery:
    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    handed_over_again: list[int] = field(default_factory=list)


def jobs_recover(
    *, stale_after: timedelta = STALE_AFTER, running_here: frozenset[int] = frozenset()
) -> Recovery:
    """Find the jobs a worker lost and queue them again.

    A job still "running" whose heartbeat is older than `stale_after` was being run by a
    worker that died (killed, out of memory, the machine restarted): it is queued as a new
    attempt, or failed with its reason after MAX_ATTEMPTS. A job waiting longer than that
    whose queue entry is gone or was taken by a worker that died is handed over again. Jobs
    in `running_here` (run by the caller's own process, so alive) are left alone."""
    recovery = Recovery()
    now = timezone.now()
    cutoff = now - stale_after
    stale = Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff).exclude(
        pk__in=running_here
    )
    for job_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=job_id)
            if (
                job.status != Job.Status.RUNNING
                or not job.heartbeat_at
                or job.heartbeat_at >= cutoff
            ):
                continue
            _task_abandoned(job.task_result_id, now)
            if job.attempts >= MAX_ATTEMPTS:
                job.status = Job.Status.FAILED
                job.finished_at = now
                job.error = WORKER_STOPPED.format(attempts=job.attempts, job_id=job.pk)
                job.save(update_fields=["status", "finished_at", "error"])
                recovery.failed.append(job.pk)
            else:
                _back_in_queue(job)
                recovery.requeued.append(job.pk)
        logger.warning("job %s (%s): its worker stopped; recovered", job.pk, job.kind)
    waiting = Job.objects.filter(status=Job.Status.QUEUED, queued_at__lt=cutoff)
    for job in waiting.only("pk", "task_result_id"):
        if not job.task_result_id:
            lost = True
        else:
            task = DBTaskResult.objects.filter(pk=job.task_result_id).first()
            # Taken by a worker long ago, yet the job never started: that worker died.
            lost = (
                task is None
                or task.status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL)
                or (
                    task.status == TaskResultStatus.RUNNING
                    and task.started_at is not None
                    and task.started_at < cutoff
                )
            )
        if lost:
            with transaction.atomic():
                _task_abandoned(job.task_result_id, now)
                _enqueue_after_commit(job.pk)
            recovery.handed_over_again.append(job.pk)
    return recovery


def _task_abandoned(task_result_id: str, now: Any) -> None:
    # The queue's own row of a task whose worker died says "running" for ever otherwise.
    if task_result_id:
        DBTaskResult.objects.filter(pk=task_result_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=now
        )


# The nightly jobs: kind -> the parameters for that night. (Leavers' accounts are disabled by
# the nightly run itself, deploy/nightly, before it calls enqueue_nightly: that must not wait
# for a worker.)
NIGHTLY: dict[str, Callable[[date], dict[str, Any]]] = {
    "evaluate_signals": lambda night: {"date": night.isoformat()},
}


def jobs_start_nightly(*, night: date) -> list[tuple[Job, bool]]:
    """Queue each nightly job for `night` once: a second call the same night (a scheduler that
    fired twice, an operator running it by hand) returns the jobs already queued, with False."""
    started = []
    key = f"nightly:{night.isoformat()}"
    for kind, params in NIGHTLY.items():
        existing = Job.objects.filter(kind=kind, schedule_key=key).first()
        if existing is not None:
            started.append((existing, False))
            continue
        try:
            with transaction.atomic():
                job = job_start(kind=kind, params=params(night), schedule_key=key)
        except IntegrityError:  # started by another run of the scheduler a moment ago
            started.append((Job.objects.get(kind=kind, schedule_key=key), False))
        else:
            started.append((job, True))
    return started


def job_results_delete_old(*, kept_for: timedelta = RESULTS_KEPT_FOR) -> int:
    """Delete the files jobs made more than `kept_for` ago: they hold children's records, and
    the job can be run again for a fresh one. The job's row stays, saying so."""
    now = timezone.now()
    old = Job.objects.filter(
        finished_at__lt=now - kept_for, result_deleted_at__isnull=True
    ).exclude(result="")
    deleted = 0
    for job in old:
        if job.result.name:
            job.result.storage.delete(job.result.name)
        job.result_deleted_at = now
        job.save(update_fields=["result_deleted_at"])
        deleted += 1
    return deleted


def job_result_gone_reason() -> str:
    return RESULT_GONE.format(days=RESULTS_KEPT_FOR.days)


def job_result_open(*, job: Job, request: HttpRequest) -> IO[bytes]:
    """Open the job's file for its requester to download, and record the export: the file
    holds children's records, so each download is audited as the page that built it used to
    audit it (the kind says how)."""
    export = job.summary["export"]
    audit_record(
        action=Action.EXPORT,
        actor=request.user,
        request=request,
        object_type=export["object_type"],
        object_id=export["object_id"],
        details=export["details"],
    )
    return job.result.open("rb")
