"""manage.py enqueue_nightly [--date 2025-05-01]

Queues the nightly jobs for the worker (manage.py run_jobs): the signal rules for the day
(evaluate_signals). Each is queued once a night: running this twice (a timer that fired twice,
an operator by hand) queues nothing more. It also deletes the files jobs made more than a week
ago (they name children). Schedule it once a night, e.g. at 01:00 (docs/jobs.md).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from safeguard.jobs.services import job_results_delete_old, jobs_start_nightly


class Command(BaseCommand):
    help = "Queue tonight's jobs (once a night) and delete job files older than a week."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="The night to queue for (YYYY-MM-DD); default today.")

    def handle(self, *args: Any, **options: Any) -> None:
        night = timezone.localdate()
        if options["date"]:
            try:
                night = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date {options['date']!r} is not a date: write it as YYYY-MM-DD."
                ) from None
        for job, queued in jobs_start_nightly(night=night):
            if queued:
                self.stdout.write(f"{job.kind}: queued as job {job.pk}")
            else:
                self.stdout.write(
                    f"{job.kind}: already queued for {night.isoformat()} as job {job.pk} "
                    f"({job.get_status_display().lower()})"
                )
        self.stdout.write(f"job_files_deleted={job_results_delete_old()}")
