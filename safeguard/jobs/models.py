"""A background job as its requester and the operators see it: what was asked for, by whom,
how far it has got, why it failed, and the file it made. django-tasks' own row
(`django_tasks_db.DBTaskResult`) is only the queue's; this one outlives it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


def _result_path(job: Job, filename: str) -> str:
    return f"jobs/{job.pk}/{filename}"


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=40, help_text="A name in safeguard.jobs.registry.")
    # What the kind needs to run: dates, a year, ids. Never case content (no names, no notes).
    parameters = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty for an operator's or the nightly run's job.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    progress_message = models.CharField(max_length=200, blank=True)
    # Each run of the job (the first, a retry, a run after a worker died) is one attempt; the
    # worker writes only while the attempt it claimed is the job's latest.
    attempts = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Why it failed, in words its requester can act on: never a stack trace or case content.
    error = models.TextField(blank=True)
    result = models.FileField(upload_to=_result_path, blank=True, max_length=300)
    result_filename = models.CharField(max_length=200, blank=True)
    result_content_type = models.CharField(max_length=100, blank=True)
    result_deleted_at = models.DateTimeField(null=True, blank=True)
    # Counts for the job page and, under "export", the audit entry its download writes.
    summary = models.JSONField(default=dict, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    # Set for scheduled runs ("nightly:2025-05-01") so a second run of the scheduler the same
    # night queues nothing twice.
    schedule_key = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat_idx"),
            models.Index(fields=["requested_by", "kind", "created_at"], name="job_requester_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "schedule_key"],
                condition=~models.Q(schedule_key=""),
                name="job_once_per_schedule",
            )
        ]

    def __str__(self) -> str:
        return f"Job {self.pk} ({self.kind}, {self.get_status_display().lower()})"

    @property
    def title(self) -> str:
        """What the job page calls it ("Ofsted Annex A, 1 April 2025 to 30 September 2025")."""
        from .registry import job_kind_get

        try:
            return job_kind_get(self.kind).title(self.parameters)
        except (LookupError, KeyError, ValueError):
            return f"Job {self.pk} ({self.kind})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def has_file(self) -> bool:
        return bool(self.result) and self.result_deleted_at is None
