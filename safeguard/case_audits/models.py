"""Case audits: the council's quality assurance of social work practice on a child's case.

An auditor (a manager, or someone from the quality assurance team) reads a child's record, grades
the practice on each theme the council audits against and overall, on Ofsted's four-point
scale, writes what was done well (strengths) and what should change (areas for development),
and sets actions with an owner and a due date. The worker whose practice was audited then
responds: whether they agree, and what they say. Results by theme over time show whether
practice is improving (docs/case-audits.md).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from safeguard.common.models import TimeStampedModel
from safeguard.organisation.models import Team, Worker
from safeguard.people.models import Person


class Grade(models.TextChoices):
    """Ofsted's four-point scale, as used in its inspections of local authority children's
    services (ILACS) and, by most councils, in their own case audits."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    INADEQUATE = "inadequate", "Inadequate"


# Best first: the order of every table and chart of grades.
GRADE_ORDER: tuple[Grade, ...] = (
    Grade.OUTSTANDING,
    Grade.GOOD,
    Grade.REQUIRES_IMPROVEMENT,
    Grade.INADEQUATE,
)


class AuditTheme(models.TextChoices):
    """The fixed themes every case audit grades. Drawn from what Ofsted's framework for
    inspecting local authority children's services (ILACS, updated December 2024) evaluates
    in children's records: the child's experiences, progress and voice, the quality of
    assessment and of plans, management oversight and supervision, how well agencies work
    together, and the quality of practice by an equipped workforce; recording is the councils'
    own usual theme. See docs/case-audits.md for the mapping."""

    VOICE_OF_THE_CHILD = "voice_of_the_child", "The child's voice and lived experience"
    ASSESSMENT = "assessment", "Quality of assessment"
    PLANNING = "planning", "Planning and review"
    MANAGEMENT_OVERSIGHT = "management_oversight", "Management oversight and supervision"
    MULTI_AGENCY = "multi_agency", "Multi-agency working"
    RECORDING = "recording", "Recording"
    IMPACT = "impact", "Impact: the child's progress"


class CaseAudit(TimeStampedModel):
    """One audit of the practice on one child's case: in progress until completed with an
    overall grade and every theme graded (`case_audits.rules`)."""

    Grade = Grade

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_audits")
    # The worker whose practice is audited and their team at the time: the audit stays with
    # the team it was about, even after the worker moves.
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="case_audits_received"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="case_audits")
    auditor = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="case_audits_conducted"
    )
    started_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    grade = models.CharField(max_length=25, choices=Grade.choices, blank=True)
    strengths = models.TextField(blank=True)
    areas_for_development = models.TextField(blank=True)
    # The audited worker's response, once the audit is completed.
    worker_response = models.TextField(blank=True)
    worker_responded_on = models.DateField(null=True, blank=True)
    worker_agrees = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(auditor=F("worker")),
                name="case_audit_not_own_practice",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | (~Q(grade="") & Q(completed_on__gte=F("started_on"))),
                name="case_audit_completed_with_grade",
            ),
            models.CheckConstraint(
                condition=Q(worker_responded_on__isnull=True, worker_agrees__isnull=True)
                | Q(
                    completed_on__isnull=False,
                    worker_agrees__isnull=False,
                    worker_responded_on__gte=F("completed_on"),
                ),
                name="case_audit_response_after_completion",
            ),
        ]
        indexes = [models.Index(fields=["completed_on"], name="case_audit_completed_idx")]

    def __str__(self) -> str:
        return f"Case audit started {self.started_on:%d %b %Y}"

    @property
    def is_completed(self) -> bool:
        return self.completed_on is not None

    @property
    def has_response(self) -> bool:
        return self.worker_responded_on is not None


class CaseAuditThemeGrade(TimeStampedModel):
    """The grade for one theme of one audit, with what the auditor found."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="theme_grades")
    theme = models.CharField(max_length=30, choices=AuditTheme.choices)
    grade = models.CharField(max_length=25, choices=Grade.choices)
    finding = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "theme"], name="case_audit_theme_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_theme_display()}: {self.get_grade_display()}"


class CaseAuditAction(TimeStampedModel):
    """Something the audit asks to be done, by whom and by when, and when it was done."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField()
    owner = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="case_audit_actions")
    set_on = models.DateField()
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("set_on")), name="case_audit_action_due_after_set"
            ),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(done_on__gte=F("set_on")),
                name="case_audit_action_done_after_set",
            ),
        ]

    def __str__(self) -> str:
        return f"Audit action due {self.due_on:%d %b %Y}"
