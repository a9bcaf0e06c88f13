"""The one django-tasks task: run a job. The queue carries only the job's id; what to do, for
whom and how far it got are on the `Job` row."""

from __future__ import annotations

from django_tasks import task

from .runner import job_run


@task()
def run_job(job_id: int) -> None:
    job_run(job_id)
