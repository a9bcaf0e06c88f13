"""Nothing is lost when a worker stops: a job left "running" by a worker that died is run again
by the next worker, and a job whose hand-over to the queue was lost is handed over again."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from safeguard.jobs.models import Job
from safeguard.jobs.runner import job_claim
from safeguard.jobs.services import MAX_ATTEMPTS, WORKER_STOPPED, job_start, jobs_recover
from safeguard.jobs.testing import run_queued_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def died_mid_job(personas: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """A job a worker took and then died running: its task and the job both say "running",
    and the worker has not been heard from for `silent` minutes."""

    def _died(silent: float = 10, attempts: int = 1) -> Job:
        with django_capture_on_commit_callbacks(execute=True):
            job = job_start(kind="test_report", params={"name": "x"}, requested_by=personas.analyst)
        job.refresh_from_db()
        DBTaskResult.objects.filter(pk=job.task_result_id).update(
            status="RUNNING", started_at=timezone.now(), worker_ids=["killed"]
        )
        claimed = job_claim(job.pk)
        assert claimed is not None
        Job.objects.filter(pk=job.pk).update(
            heartbeat_at=timezone.now() - timedelta(minutes=silent),
            attempts=attempts,
            progress_done=2,
            progress_total=3,
        )
        return Job.objects.get(pk=job.pk)

    return _died


def _run_jobs(*args: str) -> str:
    """`run_jobs --batch`. Its hand-overs to the queue happen when its transactions commit:
    at once in a worker, but in a test only when the test's capture of them ends, so the
    tests below run the queue again after that (test_worker_restart.py does it for real)."""
    out = io.StringIO()
    # As in safeguard.jobs.testing: the test's transaction must stay open between tasks.
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        call_command("run_jobs", "--batch", *args, stdout=out)
    return out.getvalue()


def test_a_worker_starting_runs_again_the_job_a_dead_worker_left(
    died_mid_job: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = died_mid_job(silent=10)
    abandoned_task = job.task_result_id

    with django_capture_on_commit_callbacks(execute=True):
        output = _run_jobs("--stale-minutes", "5")
    run_queued_jobs()

    assert "jobs_requeued=1" in output
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.attempts == 2
    assert job.result.read() == b"name,steps\nx,3\n"
    assert DBTaskResult.objects.get(pk=abandoned_task).status == "FAILED"
    assert DBTaskResult.objects.get(pk=job.task_result_id).status == "SUCCESSFUL"


def test_a_job_whose_worker_was_heard_from_recently_is_left_alone(died_mid_job: Any) -> None:
    job = died_mid_job(silent=1)
    recovery = jobs_recover(stale_after=timedelta(minutes=5))
    assert recovery.requeued == [] and recovery.failed == []
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and job.progress_done == 2


def test_a_worker_never_recovers_the_job_it_is_running_itself(died_mid_job: Any) -> None:
    # A long transaction (SQLite's write lock during the census) can hold back a live job's
    # heartbeat: the worker's own sweep knows the job is alive.
    job = died_mid_job(silent=10)
    recovery = jobs_recover(stale_after=timedelta(minutes=5), running_here=frozenset({job.pk}))
    assert recovery.requeued == []
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING


def test_a_job_that_stopped_its_worker_too_often_is_failed_with_the_reason(
    died_mid_job: Any,
) -> None:
    job = died_mid_job(silent=10, attempts=MAX_ATTEMPTS)
    recovery = jobs_recover(stale_after=timedelta(minutes=5))
    assert recovery.failed == [job.pk]
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == WORKER_STOPPED.format(attempts=MAX_ATTEMPTS, job_id=job.pk)


def test_a_requeued_job_is_back_in_the_queue_with_its_progress_cleared(
    died_mid_job: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = died_mid_job(silent=10)
    with django_capture_on_commit_callbacks(execute=True):
        recovery = jobs_recover(stale_after=timedelta(minutes=5))
    assert recovery.requeued == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.progress_done, job.progress_total) == (Job.Status.QUEUED, 0, None)
    assert DBTaskResult.objects.filter(pk=job.task_result_id, status="READY").exists()


def test_a_job_whose_hand_over_to_the_queue_was_lost_is_handed_over_again(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # The job's row committed, but the queue was never told (the hand-over after commit failed).
    job = Job.objects.create(
        kind="test_report",
        parameters={"name": "x"},
        requested_by=personas.analyst,
        queued_at=timezone.now() - timedelta(minutes=10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        output = _run_jobs()
    run_queued_jobs()
    assert "jobs_handed_over_again=1" in output
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.attempts == 1


def test_a_job_waiting_its_turn_in_the_queue_is_not_handed_over_twice(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="test_report", params={"name": "x"}, requested_by=personas.analyst)
    Job.objects.filter(pk=job.pk).update(queued_at=timezone.now() - timedelta(minutes=30))
    recovery = jobs_recover(stale_after=timedelta(minutes=5))
    assert recovery.handed_over_again == []
    assert DBTaskResult.objects.count() == 1
    assert run_queued_jobs() == 1


def test_the_worker_refuses_a_stale_time_of_zero() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="more than 0"):
        call_command("run_jobs", "--batch", "--stale-minutes", "0")
