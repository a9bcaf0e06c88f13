"""A worker process killed in the middle of a job (kill -9: no chance to tidy up), and another
started after it: the job is run again and finishes. Real processes share the database, so
this runs on PostgreSQL (CI); on SQLite the test database lives in this process's memory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from safeguard.jobs.models import Job
from safeguard.jobs.services import job_start

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(settings.BASE_DIR)
STALE_MINUTES = "0.05"  # three seconds


def _worker(*args: str) -> subprocess.Popen[bytes]:
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "safeguard.jobs.tests.worker_process", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds} s for {what}")


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="worker processes share the database only on PostgreSQL",
)
def test_a_job_survives_its_worker_being_killed(personas: Any) -> None:
    job = job_start(
        kind="test_slow_first", params={"name": "x", "sleep": 120}, requested_by=personas.analyst
    )
    first = _worker("--stale-minutes", STALE_MINUTES, "--interval", "0.2")
    try:
        # Progress written by the worker's heartbeat thread is seen from here, another process.
        _wait_for(lambda: Job.objects.get(pk=job.pk).progress_message == "Halfway", 60, "progress")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    killed = Job.objects.get(pk=job.pk)
    assert (killed.status, killed.attempts) == (Job.Status.RUNNING, 1)

    time.sleep(3.5)  # the dead worker's heartbeat goes stale
    second = _worker("--batch", "--stale-minutes", STALE_MINUTES)
    output, _ = second.communicate(timeout=120)
    assert second.returncode == 0, output.decode()
    assert b"jobs_requeued=1" in output

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.attempts == 2
    assert job.summary["facts"] == {"Attempt": "2"}
