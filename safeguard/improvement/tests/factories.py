"""Improvement plan rows for tests, written through the services as the pages write them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.base import ContentFile

from safeguard.improvement import services
from safeguard.improvement.codes import JudgementArea, RecommendationKind, SourceKind
from safeguard.improvement.models import Evidence, ImprovementSource, Recommendation
from safeguard.organisation.models import Worker

# The smallest file that is what its name says: a PDF's signature and an end.
PDF_BYTES = b"%PDF-1.4\n%%EOF\n"


def source_in(
    authority: Any, title: str = "Practice review: Child J", **kwargs: Any
) -> ImprovementSource:
    existing = ImprovementSource.objects.filter(authority=authority, title=title).first()
    if existing is not None:
        return existing
    return services.improvement_source_create(
        authority=authority,
        kind=kwargs.pop("kind", SourceKind.PRACTICE_REVIEW),
        title=title,
        published_on=kwargs.pop("published_on", date(2021, 3, 1)),
        created_by=None,
        **kwargs,
    )


def owner_in(authority: Any) -> Worker:
    owner = Worker.objects.filter(authority=authority).order_by("pk").first()
    if owner is None:
        owner = Worker.objects.create(
            authority=authority,
            first_name="Owen",
            last_name="Owner",
            role=Worker.Role.HEAD_OF_SERVICE,
            started_on=date(2019, 1, 7),
        )
    return owner


def recommendation_in(
    authority: Any,
    reference: str = "R1",
    *,
    source: ImprovementSource | None = None,
    due_on: date = date(2022, 3, 1),
    judgement_area: str = JudgementArea.HELP_AND_PROTECTION,
    **kwargs: Any,
) -> Recommendation:
    source = source or source_in(authority)
    existing = Recommendation.objects.filter(source=source, reference=reference).first()
    if existing is not None:
        return existing
    return services.recommendation_create(
        source=source,
        kind=kwargs.pop("kind", RecommendationKind.RECOMMENDATION),
        reference=reference,
        text=kwargs.pop("text", "Make sure every child on a plan is seen alone at each visit."),
        owner=kwargs.pop("owner", None) or owner_in(authority),
        agencies=kwargs.pop("agencies", []),
        judgement_area=judgement_area,
        due_on=due_on,
        created_by=None,
        **kwargs,
    )


def document_evidence_in(authority: Any, recommendation: Recommendation | None = None) -> Evidence:
    recommendation = recommendation or recommendation_in(authority)
    existing = recommendation.evidence.filter(kind="document").first()
    if existing is not None:
        return existing
    return services.evidence_document_add(
        recommendation=recommendation,
        title="Board minutes",
        document=ContentFile(PDF_BYTES, name="board-minutes.pdf"),
        added_by=None,
    )
