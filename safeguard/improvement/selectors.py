"""Reads for the improvement plan's pages and the board report: only the reader's authority's
plan (a recommendation of another council is "not found"), each recommendation with whether
it is overdue or at risk and where its indicators have moved.

The plan holds no child's details: a case audit given as evidence shows its grade and date,
never whose case it was, so these reads need no need-to-know filter beyond the authority.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest

from safeguard.access.roles import worker_of
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.case_audits.models import CaseAudit
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Authority, Worker, in_post_q

from . import rules
from .codes import EvidenceKind, JudgementArea, Movement, SourceKind, Status
from .indicators import IndicatorReader, indicator_title, indicator_unit
from .models import Evidence, ImprovementSource, Recommendation, StatusChange


def authority_for(user: AnyUser) -> Authority:
    worker = worker_of(user)
    if worker is None:  # the permission needs a worker record; belt and braces
        raise Http404("No worker record")
    return worker.authority


@dataclass(frozen=True)
class PlanFilters:
    source: int | None = None
    status: str = ""
    owner: int | None = None
    judgement_area: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class EvidenceRow:
    evidence: Evidence
    # For an indicator: its value now, where it has gone, and its unit.
    current: Decimal | None = None
    movement: Movement | None = None
    unit: str = ""
    indicator_title: str = ""

    @property
    def kind_label(self) -> str:
        return EvidenceKind(self.evidence.kind).label


@dataclass
class RecommendationRow:
    recommendation: Recommendation
    overdue: bool
    at_risk: bool
    evidence: list[EvidenceRow] = field(default_factory=list)

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence)

    @property
    def indicators_moved(self) -> int:
        return sum(1 for e in self.evidence if e.movement is Movement.TOWARDS)

    @property
    def indicators(self) -> int:
        return sum(1 for e in self.evidence if e.movement is not None)


def _recommendations(authority: Authority) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(source__authority=authority)
        .select_related("source", "owner")
        .prefetch_related(
            "agencies",
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("case_audit").order_by("added_on", "pk"),
            ),
        )
        .order_by("source__published_on", "source_id", "pk")
    )


def _evidence_row(evidence: Evidence, reader: IndicatorReader, today: date) -> EvidenceRow:
    if evidence.kind != EvidenceKind.INDICATOR:
        return EvidenceRow(evidence)
    assert evidence.baseline is not None and evidence.target is not None
    current, moved = reader.movement(
        slug=evidence.indicator, baseline=evidence.baseline, target=evidence.target, on=today
    )
    return EvidenceRow(
        evidence,
        current=current,
        movement=moved,
        unit=indicator_unit(evidence.indicator),
        indicator_title=indicator_title(evidence.indicator),
    )


def _row(recommendation: Recommendation, reader: IndicatorReader, today: date) -> RecommendationRow:
    evidence = [_evidence_row(e, reader, today) for e in recommendation.evidence.all()]
    away = sum(1 for e in evidence if e.movement is Movement.AWAY)
    return RecommendationRow(
        recommendation=recommendation,
        overdue=rules.is_overdue(
            status=recommendation.status, due_on=recommendation.due_on, today=today
        ),
        at_risk=rules.is_at_risk(
            status=recommendation.status,
            due_on=recommendation.due_on,
            today=today,
            indicators_away=away,
        ),
        evidence=evidence,
    )


def plan_rows(
    *, authority: Authority, today: date, reader: IndicatorReader | None = None
) -> list[RecommendationRow]:
    """Every recommendation of the authority's plan, oldest source first."""
    reader = reader or IndicatorReader(authority)
    return [_row(r, reader, today) for r in _recommendations(authority)]


def plan_list(*, user: AnyUser, filters: PlanFilters, today: date) -> list[RecommendationRow]:
    authority = authority_for(user)
    recommendations = _recommendations(authority)
    if filters.source is not None:
        recommendations = recommendations.filter(source_id=filters.source)
    if filters.status:
        recommendations = recommendations.filter(status=filters.status)
    if filters.owner is not None:
        recommendations = recommendations.filter(owner_id=filters.owner)
    if filters.judgement_area:
        recommendations = recommendations.filter(judgement_area=filters.judgement_area)
    if filters.overdue:
        recommendations = recommendations.filter(status__in=rules.NOT_IMPLEMENTED, due_on__lt=today)
    reader = IndicatorReader(authority)
    return [_row(r, reader, today) for r in recommendations]


def source_choices(*, user: AnyUser) -> list[ImprovementSource]:
    return list(
        ImprovementSource.objects.filter(authority=authority_for(user)).order_by(
            "-published_on", "title"
        )
    )


def source_get(*, user: AnyUser, source_id: int) -> ImprovementSource:
    source = ImprovementSource.objects.filter(authority=authority_for(user), pk=source_id).first()
    if source is None:
        raise Http404("No such source")
    return source


def owner_choices(*, user: AnyUser) -> QuerySet[Worker]:
    return Worker.objects.filter(in_post_q(), authority=authority_for(user)).order_by(
        "last_name", "first_name"
    )


def plan_owners(*, user: AnyUser) -> QuerySet[Worker]:
    """Everyone who owns a recommendation of the plan (the plan's owner filter)."""
    authority = authority_for(user)
    return Worker.objects.filter(
        pk__in=Recommendation.objects.filter(source__authority=authority).values("owner_id")
    ).order_by("last_name", "first_name")


def completed_audits(*, user: AnyUser) -> QuerySet[CaseAudit]:
    """Case audits completed in the reader's authority: offered by grade, date and team only."""
    return (
        CaseAudit.objects.filter(team__authority=authority_for(user), completed_on__isnull=False)
        .select_related("team")
        .order_by("-completed_on", "-pk")
    )


def recommendation_get(*, user: AnyUser, recommendation_id: int) -> Recommendation:
    recommendation = (
        Recommendation.objects.filter(source__authority=authority_for(user), pk=recommendation_id)
        .select_related("source", "owner", "source__authority")
        .first()
    )
    if recommendation is None:
        raise Http404("No such recommendation")
    return recommendation


@dataclass(frozen=True)
class RecommendationPage:
    row: RecommendationRow
    changes: list[StatusChange]

    @property
    def recommendation(self) -> Recommendation:
        return self.row.recommendation


def recommendation_page_get(
    *, user: AnyUser, recommendation_id: int, today: date
) -> RecommendationPage:
    authority = authority_for(user)
    recommendation = _recommendations(authority).filter(pk=recommendation_id).first()
    if recommendation is None:
        raise Http404("No such recommendation")
    changes = list(recommendation.status_changes.select_related("changed_by"))
    return RecommendationPage(_row(recommendation, IndicatorReader(authority), today), changes)


def evidence_document_get(*, user: AnyUser, evidence_id: int, request: HttpRequest) -> Evidence:
    """A document kept as evidence, for its reader: audited as an export, like any file the
    service hands out."""
    evidence = (
        Evidence.objects.filter(
            recommendation__source__authority=authority_for(user),
            pk=evidence_id,
            kind=EvidenceKind.DOCUMENT,
        )
        .select_related("recommendation")
        .first()
    )
    if evidence is None:
        raise Http404("No such document")
    audit_record(
        action=Action.EXPORT,
        actor=user,
        request=request,
        object_type="improvement.evidence",
        object_id=evidence.pk,
    )
    return evidence


# --- The board report and inspection readiness ---------------------------------------------


@dataclass
class Tally:
    """How many recommendations, implemented with evidence, overdue, at risk, and of their
    indicators how many have moved towards the target."""

    label: str
    total: int = 0
    implemented_with_evidence: int = 0
    overdue: int = 0
    at_risk: int = 0
    indicators: int = 0
    indicators_moved: int = 0
    statuses: Counter[str] = field(default_factory=Counter)

    def add(self, row: RecommendationRow) -> None:
        self.total += 1
        done = row.recommendation.status in (
            Status.IMPLEMENTED,
            Status.EVIDENCED,
            Status.SUSTAINED,
        )
        self.implemented_with_evidence += done and row.has_evidence
        self.overdue += row.overdue
        self.at_risk += row.at_risk
        self.indicators += row.indicators
        self.indicators_moved += row.indicators_moved
        self.statuses[row.recommendation.status] += 1

    def status_count(self, status: str) -> int:
        return self.statuses[status]

    @property
    def by_status(self) -> list[tuple[str, int]]:
        return [(s.label, self.statuses[s]) for s in rules.STATUS_ORDER]


@dataclass
class BoardReport:
    authority: Authority
    on: date
    total: Tally
    by_source: list[tuple[ImprovementSource, Tally]]
    by_area: list[Tally]
    overdue: list[RecommendationRow]
    at_risk: list[RecommendationRow]
    indicators: list[tuple[RecommendationRow, EvidenceRow]]


def board_report_for(*, authority: Authority, today: date) -> BoardReport:
    rows = plan_rows(authority=authority, today=today)
    total = Tally("All recommendations and areas for improvement")
    sources: dict[int, tuple[ImprovementSource, Tally]] = {}
    areas = {area: Tally(area.label) for area in JudgementArea}
    for row in rows:
        total.add(row)
        source = row.recommendation.source
        sources.setdefault(source.pk, (source, Tally(source.title)))[1].add(row)
        areas[JudgementArea(row.recommendation.judgement_area)].add(row)
    return BoardReport(
        authority=authority,
        on=today,
        total=total,
        by_source=list(sources.values()),
        by_area=list(areas.values()),
        overdue=[r for r in rows if r.overdue],
        at_risk=[r for r in rows if r.at_risk],
        indicators=[(r, e) for r in rows for e in r.evidence if e.movement is not None],
    )


def board_report_get(
    *, user: AnyUser, today: date, request: HttpRequest | None = None, export: str = ""
) -> BoardReport:
    """The board report for the reader's authority; an export of it is audited."""
    report = board_report_for(authority=authority_for(user), today=today)
    if export:
        audit_record(
            action=Action.EXPORT,
            actor=user,
            request=request,
            # The authority's plan is what is exported: named as the authority in the trail.
            object_type="organisation.authority",
            object_id=report.authority.pk,
            details={
                "export": "improvement board report",
                "format": export,
                "on": today.isoformat(),
            },
        )
    return report


@dataclass
class ReadinessArea:
    area: JudgementArea
    tally: Tally
    rows: list[RecommendationRow]

    @property
    def evidence_count(self) -> int:
        return sum(len(r.evidence) for r in self.rows)


def readiness_get(*, user: AnyUser, today: date) -> list[ReadinessArea]:
    """The plan by the four ILACS judgement areas: what an inspector will ask about each and
    the evidence the council holds for it."""
    rows = plan_rows(authority=authority_for(user), today=today)
    areas = []
    for area in JudgementArea:
        mine = [r for r in rows if r.recommendation.judgement_area == area]
        tally = Tally(area.label)
        for row in mine:
            tally.add(row)
        areas.append(ReadinessArea(area, tally, mine))
    return areas


def source_kind_label(kind: str) -> str:
    return SourceKind(kind).label if kind in SourceKind.values else kind
