"""Starting a job, running it with progress to a file, failing with a reason, trying again."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from safeguard.jobs import runner
from safeguard.jobs.models import Job
from safeguard.jobs.registry import ExportRecord, JobResult
from safeguard.jobs.runner import NO_LONGER_ALLOWED, UNEXPECTED, JobProgress, job_claim, job_run
from safeguard.jobs.services import JobNotRetryable, job_retry, job_start
from safeguard.jobs.testing import run_queued_jobs
from safeguard.jobs.tests.kinds import WRONG
from safeguard.organisation.models import Worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def start(personas: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """Start a job for the analyst and commit, so that it is handed to the queue."""

    def _start(kind: str, **params: Any) -> Job:
        with django_capture_on_commit_callbacks(execute=True):
            return job_start(kind=kind, params=params, requested_by=personas.analyst)

    return _start


def test_a_job_is_handed_to_the_queue_only_when_its_transaction_commits(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_start(kind="test_report", params={"name": "x"}, requested_by=personas.analyst)
    assert not DBTaskResult.objects.exists()
    assert len(callbacks) == 1

    callbacks[0]()
    job.refresh_from_db()
    task = DBTaskResult.objects.get()
    assert str(task.id) == job.task_result_id
    assert task.task_path == "safeguard.jobs.tasks.run_job"
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {}}


def test_a_job_rolled_back_with_its_transaction_is_never_queued(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        job_start(kind="test_report", params={"name": "x"}, requested_by=personas.analyst)
        transaction.set_rollback(True)
    assert not Job.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_job_runs_shows_its_progress_and_keeps_its_file(start: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(runner, "PROGRESS_EVERY_SECONDS", 0)
    job = start("test_report", name="Team A")

    assert run_queued_jobs() == 1

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.attempts == 1
    assert job.started_at is not None and job.finished_at is not None
    # What the job's own row said after each step, as the job page would have shown it.
    assert job.summary["facts"]["seen"] == [[1, 3, "Step 1"], [2, 3, "Step 2"], [3, 3, "Step 3"]]
    assert (job.progress_done, job.progress_total, job.percent) == (3, 3, 100)
    assert job.result.name == f"jobs/{job.pk}/report.csv"
    assert job.result.read() == b"name,steps\nTeam A,3\n"
    assert (job.result_filename, job.result_content_type) == ("report.csv", "text/csv")
    assert job.summary["size"] == len(b"name,steps\nTeam A,3\n")
    assert job.summary["export"] == {
        "object_type": "test.report",
        "object_id": str(job.pk),
        "details": {"rows": 1},
    }
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_progress_is_written_at_most_once_a_second(personas: Any, monkeypatch: Any) -> None:
    job = Job.objects.create(kind="test_report", requested_by=personas.analyst)
    job = job_claim(job.pk)
    assert job is not None
    clock = [1000.0]
    monkeypatch.setattr(runner.time, "monotonic", lambda: clock[0])
    progress = JobProgress(job, writes_itself=True)

    progress(1, 10, "first")
    progress(2, 10, "second")
    job.refresh_from_db()
    assert (job.progress_done, job.progress_message) == (1, "first")

    clock[0] += 1.0
    progress(3, 10, "third")
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total, job.progress_message) == (3, 10, "third")


def test_progress_is_not_written_by_an_attempt_that_is_no_longer_the_jobs(
    personas: Any,
) -> None:
    job = job_claim(Job.objects.create(kind="test_report", requested_by=personas.analyst).pk)
    assert job is not None
    progress = JobProgress(job, writes_itself=True)
    Job.objects.filter(pk=job.pk).update(attempts=2)  # another worker took it over

    progress(5, 10, "late")
    job.refresh_from_db()
    assert (job.progress_done, job.progress_message) == (0, "")


def test_a_failing_job_says_why_and_succeeds_when_tried_again(
    start: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = start("test_fails_first", name="x")
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == WRONG
    assert job.finished_at is not None
    first_task = job.task_result_id

    with django_capture_on_commit_callbacks(execute=True):
        job_retry(job=job)
    job.refresh_from_db()
    assert (job.status, job.error, job.finished_at) == (Job.Status.QUEUED, "", None)
    assert job.task_result_id and job.task_result_id != first_task

    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.attempts == 2
    assert job.summary["facts"] == {"Attempt": "2"}


def test_an_unexpected_error_is_reported_without_what_it_said(start: Any, caplog: Any) -> None:
    job = start("test_crashes", name="Jayden Okafor")
    with caplog.at_level(logging.INFO, logger="safeguard.jobs"):
        run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == UNEXPECTED.format(job_id=job.pk)
    assert "RuntimeError" in caplog.text and "test_crashes" in caplog.text
    assert "Jayden" not in caplog.text
    # The queue's own row holds no traceback either: the job ended, as far as it knows.
    task = DBTaskResult.objects.get()
    assert task.status == "SUCCESSFUL" and task.traceback == ""


def test_only_a_failed_job_can_be_tried_again(start: Any) -> None:
    job = start("test_report", name="x")
    with pytest.raises(JobNotRetryable, match="this one is waiting to start"):
        job_retry(job=job)
    run_queued_jobs()
    job.refresh_from_db()
    with pytest.raises(JobNotRetryable, match="this one is finished"):
        job_retry(job=job)


def test_asking_again_for_a_job_under_way_gives_the_same_job(personas: Any, start: Any) -> None:
    first = start("test_report", name="x")
    assert start("test_report", name="x") == first
    other = start("test_report", name="y")
    assert other != first
    run_queued_jobs()
    assert start("test_report", name="x") != first  # finished: a new one


def test_a_job_runs_once_however_often_its_task_is_delivered(start: Any) -> None:
    job = start("test_report", name="x")
    run_queued_jobs()
    job_run(job.pk)
    job.refresh_from_db()
    assert job.attempts == 1


def test_a_job_is_not_run_for_someone_who_may_no_longer_do_it(personas: Any, start: Any) -> None:
    job = start("test_report", name="x")
    Worker.objects.filter(user=personas.analyst).update(role=Worker.Role.SOCIAL_WORKER)
    run_queued_jobs()
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, NO_LONGER_ALLOWED)
    assert not job.result


def test_a_worker_stopped_mid_job_puts_it_back_in_the_queue(
    start: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = start("test_stopped", name="x")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(SystemExit):
        job_run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    assert job.attempts == 1
    assert job.progress_message == ""
    assert DBTaskResult.objects.filter(pk=job.task_result_id, status="READY").exists()


def test_parameters_must_be_plain_values(personas: Any) -> None:
    with pytest.raises(ValueError, match="plain values"):
        job_start(kind="test_report", params={"who": personas.analyst}, requested_by=None)


def test_an_unknown_kind_is_refused_with_the_known_ones() -> None:
    with pytest.raises(LookupError, match=r"No kind of job is called 'nope'.*annex_a"):
        job_start(kind="nope", params={})


def test_a_file_must_say_how_its_download_is_audited() -> None:
    with pytest.raises(ValueError, match="audited"):
        JobResult("a.csv", "text/csv", b"x")
    assert JobResult("a.csv", "text/csv", b"x", export=ExportRecord("t", "1", {})).content
