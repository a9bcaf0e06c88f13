"""Running one job in the worker: claim it, run its kind's function while a heartbeat thread
records progress, keep the file it made, and record how it ended.

Progress and the heartbeat are written by a thread on its own database connection. That is
what lets the page show progress while a kind reads inside one long transaction (the census
reads every child in one snapshot): writes in that transaction would not be seen until it
ends. The heartbeat says the worker is alive; a job whose heartbeat stops is run again by the
next worker that starts or sweeps (services.jobs_recover).
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.management.base import CommandError
from django.db import DatabaseError, connections, transaction
from django.utils import timezone

from safeguard.access.permissions import allowed

from .models import Job
from .registry import JobError, JobResult, job_kind_get

logger = logging.getLogger("safeguard.jobs")

# The page shows progress at most this often; the worker says it is alive at least this often.
PROGRESS_EVERY_SECONDS = 1.0
HEARTBEAT_SECONDS = 10.0

UNEXPECTED = (
    "Something went wrong inside Safeguard while doing this (reference: job {job_id}). "
    "Try again; if it fails again, tell your system administrator and quote the reference."
)
UNKNOWN_KIND = "This kind of job ({kind}) is no longer part of Safeguard, so it cannot run."
NO_LONGER_ALLOWED = (
    "It was not run: the account that asked for it may no longer do this (its role changed or "
    "it was disabled after asking)."
)


class JobProgress:
    """The `progress(done, total, message)` a kind calls. It keeps the latest figures; they are
    written by the heartbeat thread, or (without one) here, at most once a second."""

    def __init__(self, job: Job, *, writes_itself: bool) -> None:
        self.job_id = job.pk
        self.attempt = job.attempts
        self._writes_itself = writes_itself
        self._lock = threading.Lock()
        self._pending: tuple[int, int | None, str] | None = None
        self._last_write = float("-inf")
        self.latest: tuple[int, int | None, str] = (0, None, "")

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        figures = (max(0, int(done)), None if total is None else max(0, int(total)), message[:200])
        with self._lock:
            self._pending = self.latest = figures
        if self._writes_itself and time.monotonic() - self._last_write >= PROGRESS_EVERY_SECONDS:
            self.write()

    @property
    def has_news(self) -> bool:
        return self._pending is not None

    def write(self) -> None:
        """Record the latest progress, and that the worker is alive, if the attempt is still
        the job's own (a worker that lost it to a rerun writes nothing)."""
        with self._lock:
            pending, self._pending = self._pending, None
        fields: dict[str, Any] = {"heartbeat_at": timezone.now()}
        if pending is not None:
            done, total, message = pending
            fields.update(progress_done=done, progress_total=total, progress_message=message)
        try:
            _mine(self.job_id, self.attempt).update(**fields)
        except DatabaseError:
            with self._lock:
                if self._pending is None:
                    self._pending = pending
            raise
        self._last_write = time.monotonic()


class _Heartbeat(threading.Thread):
    def __init__(self, progress: JobProgress) -> None:
        super().__init__(name=f"job-{progress.job_id}-heartbeat", daemon=True)
        self.progress = progress
        self._stopped = threading.Event()

    def run(self) -> None:
        last_beat = time.monotonic()
        try:
            while not self._stopped.wait(PROGRESS_EVERY_SECONDS):
                if self.progress.has_news or time.monotonic() - last_beat >= HEARTBEAT_SECONDS:
                    try:
                        self.progress.write()
                    except DatabaseError as error:
                        # A busy SQLite file, a dropped connection: the next beat tries again.
                        logger.warning(
                            "job %s: progress not recorded (%s)",
                            self.progress.job_id,
                            type(error).__name__,
                        )
                    else:
                        last_beat = time.monotonic()
        finally:
            connections.close_all()  # this thread's own connections

    def stop(self) -> None:
        self._stopped.set()
        self.join(timeout=30)


def _mine(job_id: int, attempt: int) -> Any:
    return Job.objects.filter(pk=job_id, attempts=attempt, status=Job.Status.RUNNING)


def _uses_heartbeat_thread() -> bool:
    # Off in the test settings: a test runs its jobs inside its own transaction, which the
    # thread's separate connection cannot see.
    return bool(getattr(settings, "SAFEGUARD_JOBS_HEARTBEAT_THREAD", True))


def job_claim(job_id: int) -> Job | None:
    """Mark a waiting job as running under a new attempt; None if it is not waiting (another
    worker has it, or it has finished): a task delivered twice runs the job once."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Job.Status.QUEUED:
            return None
        now = timezone.now()
        job.status = Job.Status.RUNNING
        job.attempts += 1
        job.started_at = job.heartbeat_at = now
        job.finished_at = None
        job.error = ""
        job.progress_done, job.progress_total, job.progress_message = 0, None, ""
        job.save(
            update_fields=[
                "status",
                "attempts",
                "started_at",
                "heartbeat_at",
                "finished_at",
                "error",
                "progress_done",
                "progress_total",
                "progress_message",
            ]
        )
    return job


def job_run(job_id: int) -> None:
    """Run the job if it is waiting. Its kind's errors end it as failed with their reason;
    a worker stopped mid-job (Ctrl+C, a deploy) puts it back in the queue."""
    job = job_claim(job_id)
    if job is None:
        logger.info("job %s: not waiting, nothing to run", job_id)
        return
    _running_here.add(job.pk)
    try:
        _run_claimed(job)
    finally:
        _running_here.discard(job.pk)


def jobs_running_here() -> frozenset[int]:
    """The jobs this process is running: its own sweep for lost jobs leaves them alone, even
    when a long transaction (SQLite's write lock) has held back their heartbeat."""
    return frozenset(_running_here)


_running_here: set[int] = set()


def _run_claimed(job: Job) -> None:
    try:
        kind = job_kind_get(job.kind)
    except LookupError:
        _end(job, status=Job.Status.FAILED, error=UNKNOWN_KIND.format(kind=job.kind))
        return
    # A job runs with its requester's rights, as they are when it runs, not when they asked.
    if job.requested_by_id is not None and (
        kind.permission is None or not allowed(job.requested_by, kind.permission)
    ):
        _end(job, status=Job.Status.FAILED, error=NO_LONGER_ALLOWED)
        return
    threaded = _uses_heartbeat_thread()
    progress = JobProgress(job, writes_itself=not threaded)
    heartbeat = _Heartbeat(progress) if threaded else None
    if heartbeat is not None:
        heartbeat.start()
    logger.info("job %s (%s): attempt %s started", job.pk, job.kind, job.attempts)
    result: JobResult | None = None
    error = ""
    try:
        result = kind.run(job, dict(job.parameters), progress)
    except (JobError, CommandError) as raised:
        error = str(raised) or UNEXPECTED.format(job_id=job.pk)
        logger.info("job %s (%s): failed (%s)", job.pk, job.kind, type(raised).__name__)
    except Exception as raised:
        error = UNEXPECTED.format(job_id=job.pk)
        # The frames say where; the exception's own message could quote a record, so it is
        # left out of the log as it is of the page.
        logger.error(
            "job %s (%s): stopped by %s\n%s",
            job.pk,
            job.kind,
            type(raised).__name__,
            "".join(traceback.format_tb(raised.__traceback__)),
        )
    except BaseException:
        # The worker is being stopped: hand the job to the next one rather than lose it.
        if heartbeat is not None:
            heartbeat.stop()
        _give_back(job)
        raise
    finally:
        if heartbeat is not None and heartbeat.is_alive():
            heartbeat.stop()
    try:
        if error:
            _end(job, status=Job.Status.FAILED, error=error, progress=progress)
        else:
            _end(job, status=Job.Status.SUCCEEDED, result=result, progress=progress)
    finally:
        content = result.content if result is not None else None
        if content is not None and not isinstance(content, bytes):
            content.close()


def _end(
    job: Job,
    *,
    status: str,
    error: str = "",
    result: JobResult | None = None,
    progress: JobProgress | None = None,
) -> None:
    fields: dict[str, Any] = {"status": status, "error": error, "finished_at": timezone.now()}
    if progress is not None:
        done, total, message = progress.latest
        if status == Job.Status.SUCCEEDED and total:
            done = total
        fields.update(progress_done=done, progress_total=total, progress_message=message)
    stored = ""
    if result is not None:
        summary: dict[str, Any] = {"facts": result.summary}
        if result.content is not None:
            content = result.content
            file = ContentFile(content) if isinstance(content, bytes) else File(content)
            job.result.save(result.filename, file, save=False)
            stored = job.result.name or ""
            summary["size"] = job.result.size
            summary["export"] = {
                "object_type": result.export.object_type,  # type: ignore[union-attr]
                "object_id": result.export.object_id,  # type: ignore[union-attr]
                "details": result.export.details,  # type: ignore[union-attr]
            }
            fields.update(
                result=stored,
                result_filename=result.filename,
                result_content_type=result.content_type,
            )
        fields["summary"] = summary
    if not _mine(job.pk, job.attempts).update(**fields):
        # Another worker reran the job while this one was thought dead: its run stands.
        logger.warning(
            "job %s: attempt %s was superseded; its outcome dropped", job.pk, job.attempts
        )
        if stored:
            job.result.storage.delete(stored)
        return
    logger.info("job %s (%s): %s", job.pk, job.kind, status)


def _give_back(job: Job) -> None:
    from .services import job_requeue

    try:
        job_requeue(job_id=job.pk, attempt=job.attempts)
    except DatabaseError:
        logger.warning("job %s: could not be put back in the queue; the next worker will", job.pk)
