"""The improvement plan's code sets."""

from __future__ import annotations

from django.db import models


class SourceKind(models.TextChoices):
    PRACTICE_REVIEW = (
        "practice_review",
        "Child safeguarding practice review or serious case review",
    )
    OFSTED_INSPECTION = "ofsted_inspection", "Ofsted inspection"
    OFSTED_MONITORING_VISIT = "ofsted_monitoring_visit", "Ofsted monitoring visit"
    OWN_AUDIT = "own_audit", "The council's own audit"
    OTHER = "other", "Other"


class RecommendationKind(models.TextChoices):
    RECOMMENDATION = "recommendation", "Recommendation"
    AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"


class JudgementArea(models.TextChoices):
    """The four judgements of Ofsted's inspections of local authority children's services
    (ILACS), in Ofsted's words, as the framework stands from 1 April 2026, when the overall
    effectiveness judgement was removed (docs/improvement.md cites the source)."""

    LEADERS = (
        "leaders",
        "The impact of leaders on social work practice with children and families",
    )
    HELP_AND_PROTECTION = (
        "help_and_protection",
        "The experiences and progress of children who need help and protection",
    )
    CHILDREN_IN_CARE = "children_in_care", "The experiences and progress of children in care"
    CARE_LEAVERS = "care_leavers", "The experiences and progress of care leavers"


class Status(models.TextChoices):
    """In the order a recommendation moves through them (`rules.STATUS_ORDER`)."""

    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    IMPLEMENTED = "implemented", "Implemented"
    EVIDENCED = "evidenced", "Evidenced"
    SUSTAINED = "sustained", "Sustained"


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", "Document"
    CASE_AUDIT = "case_audit", "Case audit result"
    INDICATOR = "indicator", "Indicator"


class Movement(models.TextChoices):
    """Where an indicator has gone from its baseline, seen against its target."""

    TOWARDS = "towards", "Moved towards the target"
    AWAY = "away", "Moved away from the target"
    STILL = "still", "Not moved"
    UNKNOWN = "unknown", "No figure yet"
