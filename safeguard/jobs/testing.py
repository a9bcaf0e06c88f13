"""For tests: run the queued jobs with django-tasks' own worker, in the test's thread and
transaction, as `manage.py run_jobs --batch` runs them.

A job is handed to the queue when the transaction that started it commits; inside a test that
is when `django_capture_on_commit_callbacks(execute=True)` (pytest-django) ends:

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/returns/annex-a", data)
    run_queued_jobs()
"""

from __future__ import annotations

from unittest import mock

from django_tasks_db.management.commands import db_worker


def run_queued_jobs() -> int:
    """Run every task waiting in the queue; returns how many ran."""
    worker = db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    # Between tasks the worker closes connections it thinks stale: in a test, that would be
    # the connection holding the test's own transaction.
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        worker.run()
    return worker._run_tasks
