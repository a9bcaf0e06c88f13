"""manage.py list_jobs [--status failed] [--limit 50]

The latest background jobs, newest first: id, kind, status, who asked, progress, and why a
failed one failed (to try it again: manage.py retry_job ID).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safeguard.jobs.models import Job
from safeguard.jobs.selectors import jobs_list


class Command(BaseCommand):
    help = "List the latest background jobs and why any failed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--status", choices=Job.Status.values, help="Only jobs in this state.")
        parser.add_argument("--limit", type=int, default=50, help="How many (default 50).")

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = jobs_list(status=options["status"], limit=options["limit"])
        if not jobs:
            self.stdout.write("No jobs.")
        for job in jobs:
            who = job.requested_by.get_username() if job.requested_by else "operator"
            progress = ""
            if job.progress_total:
                progress = f" {job.progress_done}/{job.progress_total}"
            line = (
                f"{job.pk} {job.kind} {job.status}{progress} attempts={job.attempts} "
                f"by={who} created={job.created_at:%Y-%m-%d %H:%M}"
            )
            if job.error:
                line += f"\n    {job.error}"
            output = job.summary.get("facts", {}).get("Output")
            if output:
                line += f"\n    {output}"
            self.stdout.write(line)
