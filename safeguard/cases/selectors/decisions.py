"""Management decisions read back where the work is done.

A manager who returns an assessment says why (`services.assessment_return` records it as a
`ManagementDecision` of kind RETURN, with the assessment as its subject, and clears the
submitted date). The worker must read that reason on the assessment itself and in their
tasks, not only in the chronology: these reads find it there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from safeguard.organisation.models import worker_name_of

from ..models import Assessment, ManagementDecision

__all__ = [
    "AssessmentReturn",
    "assessment_awaiting_resubmission_q",
    "assessment_return_get",
    "assessment_returns_of_outer",
]

# What `services._decision` writes as the subject of a decision about an assessment.
ASSESSMENT_SUBJECT = Assessment._meta.label_lower


def assessment_returns_of_outer() -> QuerySet[ManagementDecision]:
    """The returns of the outer query's assessment (an `OuterRef` subquery on Assessment),
    newest first. Asked by the child too, so the database reads the decisions through their
    (child, decided at) index rather than every decision of every child."""
    return ManagementDecision.objects.filter(
        child_id=OuterRef("child_id"),
        kind=ManagementDecision.Kind.RETURN,
        subject_type=ASSESSMENT_SUBJECT,
        subject_id=OuterRef("pk"),
    ).order_by("-decided_at", "-pk")


def assessment_awaiting_resubmission_q() -> Q:
    """A filter on Assessment: returned for more work and not yet sent back. A return clears
    the submitted date and resubmitting sets it again, so this is true exactly from the
    return until the worker submits (or the referral closes)."""
    return Q(
        Exists(assessment_returns_of_outer()),
        submitted_date__isnull=True,
        authorised_date__isnull=True,
        referral__closure_date__isnull=True,
    )


@dataclass(frozen=True)
class AssessmentReturn:
    """Why a manager returned an assessment, who and when."""

    rationale: str
    returned_by: str
    returned_at: datetime


def assessment_return_get(*, assessment: Assessment) -> AssessmentReturn | None:
    """The latest return of this assessment while it waits for the worker to send it back;
    None once resubmitted or authorised, or if it was never returned. The caller has applied
    need to know to the assessment. One query, none for an assessment that is submitted."""
    if assessment.submitted_date is not None or assessment.authorised_date is not None:
        return None
    row = (
        ManagementDecision.objects.filter(
            child_id=assessment.child_id,
            kind=ManagementDecision.Kind.RETURN,
            subject_type=ASSESSMENT_SUBJECT,
            subject_id=assessment.pk,
        )
        .order_by("-decided_at", "-pk")
        .values("rationale", "decided_at", "decided_by__first_name", "decided_by__last_name")
        .first()
    )
    if row is None:
        return None
    return AssessmentReturn(
        rationale=row["rationale"],
        returned_by=worker_name_of(row["decided_by__first_name"], row["decided_by__last_name"]),
        returned_at=row["decided_at"],
    )
