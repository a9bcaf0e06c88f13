"""Supervision: case supervision about a child, and personal supervision of a worker.

Case supervision is management oversight of one child's case (what was discussed, what was
decided, the actions with their owners and due dates) and belongs to the child's record: it is
in the child's chronology and subject access export. Personal supervision is about the worker
(wellbeing, workload, learning): it is kept on the worker, never on a child's record, and read
only by the worker and their managers (docs/supervision.md).
"""

from __future__ import annotations

from django.db import models

from safeguard.common.models import TimeStampedModel
from safeguard.organisation.models import Worker
from safeguard.people.models import Person


class CaseSupervision(TimeStampedModel):
    """One case supervision of one child's case, with its case holder and supervisor."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_supervisions")
    # The worker whose case it is on the day (the allocated social worker).
    case_holder = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="case_supervisions_held"
    )
    supervisor = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="case_supervisions_given"
    )
    held_on = models.DateField()
    discussion = models.TextField("what was discussed")
    decisions = models.TextField("decisions and their reasons")
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["child", "held_on"], name="case_supervision_child_idx"),
            models.Index(fields=["case_holder", "held_on"], name="case_supervision_holder_idx"),
        ]

    def __str__(self) -> str:
        return f"Case supervision of {self.held_on:%-d %B %Y}"


class SupervisionAction(models.Model):
    """An action agreed in case supervision: what, who owns it, by when, and when done."""

    supervision = models.ForeignKey(
        CaseSupervision, on_delete=models.PROTECT, related_name="actions"
    )
    what = models.TextField()
    owner = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="supervision_actions")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.what


class PersonalSupervision(TimeStampedModel):
    """A worker's personal (professional) supervision with their line manager: how they are,
    their workload and their learning, as the Social Work England standards and the
    employer standards ask supervision to cover."""

    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="personal_supervisions"
    )
    supervisor = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="personal_supervisions_given"
    )
    held_on = models.DateField()
    wellbeing = models.TextField("wellbeing and support", blank=True)
    workload = models.TextField("caseload and workload", blank=True)
    learning = models.TextField("learning and professional development", blank=True)
    agreed = models.TextField("what was agreed", blank=True)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["worker", "held_on"], name="personal_supervision_idx"),
        ]

    def __str__(self) -> str:
        return f"Personal supervision of {self.held_on:%-d %B %Y}"
