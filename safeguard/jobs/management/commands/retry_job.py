"""manage.py retry_job ID

Queues a failed background job again, with the same parameters, as a new attempt (its
requester can do the same with "Try again" on the job's page).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.jobs.models import Job
from safeguard.jobs.services import JobNotRetryable, job_retry


class Command(BaseCommand):
    help = "Queue a failed background job again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        job = Job.objects.filter(pk=options["job_id"]).first()
        if job is None:
            raise CommandError(f"There is no job {options['job_id']}: see manage.py list_jobs.")
        try:
            job_retry(job=job)
        except JobNotRetryable as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Job {job.pk} ({job.kind}) queued again.")
