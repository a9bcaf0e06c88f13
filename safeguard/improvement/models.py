"""The improvement plan: what a council was asked to improve and the evidence it has.

Each `Recommendation` comes from an `ImprovementSource` (a child safeguarding practice review
or serious case review, an Ofsted inspection or monitoring visit, the council's own audit) and
is one of its recommendations or areas for improvement, with an owner, the partner agencies
involved, the Ofsted judgement area it bears on, a due date and a status. Its status only
moves through `services.recommendation_status_change`, which keeps each move as a
`StatusChange` and asks `rules` whether the evidence allows it. `Evidence` is a document, a
case audit's result, or an indicator of the performance registry with a baseline and target:
its current value is read from the record when asked, never stored (docs/improvement.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from safeguard.agencies.models import PartnerOrganisation
from safeguard.case_audits.models import CaseAudit
from safeguard.common.models import TimeStampedModel
from safeguard.organisation.models import Authority, Worker

from .codes import EvidenceKind, JudgementArea, RecommendationKind, SourceKind, Status


class ImprovementSource(TimeStampedModel):
    """Where recommendations came from: a review, an inspection or visit, an audit."""

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="improvement_sources"
    )
    kind = models.CharField(max_length=30, choices=SourceKind.choices)
    title = models.CharField(max_length=200)
    published_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "title", "published_on"], name="improvement_source_once"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Recommendation(TimeStampedModel):
    source = models.ForeignKey(
        ImprovementSource, on_delete=models.PROTECT, related_name="recommendations"
    )
    kind = models.CharField(max_length=25, choices=RecommendationKind.choices)
    # As the source numbers it ("R3", "AFI 12"): how the board and inspectors refer to it.
    reference = models.CharField(max_length=20)
    text = models.TextField()
    owner = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    agencies = models.ManyToManyField(PartnerOrganisation, blank=True, related_name="+")
    judgement_area = models.CharField(max_length=25, choices=JudgementArea.choices)
    due_on = models.DateField()
    # The latest StatusChange's, kept here so the plan filters and counts in one query.
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.NOT_STARTED)
    status_since = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "reference"], name="improvement_reference_once"
            )
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="improvement_status_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.text[:60]}"


class StatusChange(models.Model):
    """One move of a recommendation's status, with who made it and, for a move back, why."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="status_changes"
    )
    from_status = models.CharField(max_length=15, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=15, choices=Status.choices)
    changed_on = models.DateField()
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} to {self.to_status} on {self.changed_on}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # Under the default storage (MEDIA_ROOT: never served as media, only by the evidence's own
    # page, audited); the database id keeps two files of one name apart.
    return f"improvement/evidence/{instance.recommendation_id}/{filename}"


class Evidence(TimeStampedModel):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="evidence"
    )
    kind = models.CharField(max_length=12, choices=EvidenceKind.choices)
    title = models.CharField(max_length=200)
    added_on = models.DateField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A document.
    document = models.FileField(upload_to=evidence_path, blank=True, max_length=300)
    # A case audit's result (its grade, on the day it was completed).
    case_audit = models.ForeignKey(
        CaseAudit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # An indicator of the performance registry (performance.registry.INDICATORS), with where
    # it stood, on which day, and where the plan means it to be.
    indicator = models.CharField(max_length=60, blank=True)
    baseline = models.DecimalField(max_digits=10, decimal_places=1, null=True, blank=True)
    baseline_on = models.DateField(null=True, blank=True)
    target = models.DecimalField(max_digits=10, decimal_places=1, null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=EvidenceKind.DOCUMENT) | ~Q(document=""),
                name="improvement_document_has_file",
            ),
            models.CheckConstraint(
                condition=~Q(kind=EvidenceKind.CASE_AUDIT) | Q(case_audit__isnull=False),
                name="improvement_case_audit_named",
            ),
            models.CheckConstraint(
                condition=~Q(kind=EvidenceKind.INDICATOR)
                | (
                    ~Q(indicator="")
                    & Q(baseline__isnull=False, baseline_on__isnull=False, target__isnull=False)
                ),
                name="improvement_indicator_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title
