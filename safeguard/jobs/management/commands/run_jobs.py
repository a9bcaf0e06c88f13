"""manage.py run_jobs [--stale-minutes 5] [--batch] [--interval 1] [--worker-id ID]

The background worker: runs the jobs people start from the pages (Annex A, the census), the
nightly jobs and operators' --background commands, one at a time; run several for more.

Before it takes any job it looks for jobs a worker lost: a job still "running" whose heartbeat
is older than --stale-minutes (its worker was killed, ran out of memory, or the machine
restarted) is queued again as a new attempt (after three, it is failed with its reason), and a
job whose hand-over to the queue was lost is handed over again. It looks again every minute
while it runs. Then it hands over to django-tasks' database worker (db_worker). Stop it with
Ctrl+C or SIGTERM: it finishes the job in hand first (a second Ctrl+C stops at once and puts
the job back in the queue).
"""

from __future__ import annotations

import contextlib
import threading
from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connections

from safeguard.jobs.runner import jobs_running_here
from safeguard.jobs.services import STALE_AFTER, Recovery, jobs_recover

SWEEP_EVERY_SECONDS = 60


def _report(recovery: Recovery) -> str:
    return (
        f"jobs_requeued={len(recovery.requeued)} jobs_failed={len(recovery.failed)} "
        f"jobs_handed_over_again={len(recovery.handed_over_again)}"
    )


class _Sweeper(threading.Thread):
    """Looks for lost jobs every minute while the worker runs, on its own connection."""

    def __init__(self, stale_after: timedelta) -> None:
        super().__init__(name="jobs-sweeper", daemon=True)
        self.stale_after = stale_after
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(SWEEP_EVERY_SECONDS):
                # A busy database: the next sweep tries again.
                with contextlib.suppress(DatabaseError):
                    jobs_recover(stale_after=self.stale_after, running_here=jobs_running_here())
        finally:
            connections.close_all()


class Command(BaseCommand):
    help = "Run the background job worker (recovering jobs a stopped worker left)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stale-minutes",
            type=float,
            default=STALE_AFTER.total_seconds() / 60,
            help="A running job whose worker has not been heard from for this long is run "
            "again (default %(default)s; the worker is heard from every 10 seconds).",
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run the jobs waiting now, then stop."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait when there is nothing to do (default %(default)s).",
        )
        parser.add_argument("--worker-id", default=None, help="Unique name of this worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["stale_minutes"] <= 0:
            raise CommandError("--stale-minutes must be more than 0, e.g. 5.")
        stale_after = timedelta(minutes=options["stale_minutes"])
        self.stdout.write(_report(jobs_recover(stale_after=stale_after)))
        sweeper = None
        if not options["batch"]:
            sweeper = _Sweeper(stale_after)
            sweeper.start()
        worker_options: dict[str, Any] = {
            "batch": options["batch"],
            "interval": options["interval"],
            # Reloading would run the worker in a child process, away from the recovery above.
            "reload": False,
            "startup_delay": False,
            "verbosity": options["verbosity"],
            "stdout": self.stdout,
            "stderr": self.stderr,
        }
        if options["worker_id"]:
            worker_options["worker_id"] = options["worker_id"]
        try:
            call_command("db_worker", **worker_options)
        finally:
            if sweeper is not None:
                sweeper.stopped.set()
