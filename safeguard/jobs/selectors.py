"""Reads of jobs. A job is its requester's alone: its page, progress and file are theirs, and
for anyone else (an auditor included: downloads are in the audit trail) it does not exist."""

from __future__ import annotations

from django.http import Http404

from safeguard.common.types import AnyUser

from .models import Job


def job_get_for_requester(*, user: AnyUser, job_id: int) -> Job:
    job = Job.objects.filter(pk=job_id, requested_by_id=user.pk).first()
    if job is None or user.pk is None:
        raise Http404("No such job")
    return job


def jobs_list_for_requester(*, user: AnyUser, kind: str, limit: int = 5) -> list[Job]:
    """The requester's latest jobs of one kind, newest first (the kind's page lists them)."""
    return list(Job.objects.filter(requested_by_id=user.pk, kind=kind)[:limit])


def jobs_list(*, status: str | None = None, limit: int = 50) -> list[Job]:
    """The latest jobs of everyone, for operators at the command line (list_jobs)."""
    jobs = Job.objects.select_related("requested_by")
    if status:
        jobs = jobs.filter(status=status)
    return list(jobs[:limit])
