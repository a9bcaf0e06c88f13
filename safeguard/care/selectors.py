"""Reads of a looked-after child's health. The callers have found the child within need to
know (the record's selector, or `child_get_for_action` on a page); each read here is a fixed
number of queries whatever the child's history, so the record keeps its query count."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from safeguard.cases.models import LookedAfterPeriod
from safeguard.cases.workflow.timeline import DueItem
from safeguard.common.forms import day_text
from safeguard.people.models import Person

from .clocks import (
    HealthPeriodFacts,
    MissingEpisodeFacts,
    health_due_items,
    return_interview_due_items,
)
from .models import DentalCheck, HealthAssessment, ImmunisationStatus, MissingEpisode, SdqScore

__all__ = [
    "HealthSummary",
    "care_period_latest_get",
    "health_due_items_for_child",
    "health_summary",
    "initial_health_assessment_on",
    "missing_episode_get_for_interview",
    "missing_episode_open_get",
    "missing_episodes_list",
    "return_interview_due_items_for_child",
]


def initial_health_assessment_on(*, period: LookedAfterPeriod) -> date | None:
    found: date | None = (
        HealthAssessment.objects.filter(period=period, kind=HealthAssessment.Kind.INITIAL)
        .values_list("assessment_date", flat=True)
        .first()
    )
    return found


def _period_facts(child: Person) -> list[HealthPeriodFacts]:
    """Two queries: the child's periods of care, and their health assessments."""
    periods = list(
        LookedAfterPeriod.objects.filter(child=child)
        .order_by("start_date")
        .values_list("pk", "start_date", "end_date")
    )
    assessments = list(
        HealthAssessment.objects.filter(child=child).values_list(
            "period_id", "kind", "assessment_date"
        )
    )
    facts = []
    for pk, start, end in periods:
        own = [(kind, on) for period_id, kind, on in assessments if period_id == pk]
        facts.append(
            HealthPeriodFacts(
                id=pk,
                start_date=start,
                end_date=end,
                date_of_birth=child.date_of_birth,
                initial_on=next((on for kind, on in own if kind == "initial"), None),
                review_dates=tuple(on for kind, on in own if kind == "review"),
            )
        )
    return facts


def health_due_items_for_child(
    *, child: Person, today: date, timescales: Mapping[str, int]
) -> list[DueItem]:
    return health_due_items(_period_facts(child), today=today, timescales=timescales)


@dataclass(frozen=True)
class HealthSummary:
    """What the record shows of a looked-after child's health, for their latest period."""

    period: LookedAfterPeriod | None
    last_initial: HealthAssessment | None = None
    last_review: HealthAssessment | None = None
    next_due: DueItem | None = None
    last_dental: DentalCheck | None = None
    immunisations: ImmunisationStatus | None = None
    sdq: SdqScore | None = None
    clocks: list[DueItem] = field(default_factory=list)

    def facts(self) -> list[tuple[str, str]]:
        """The summary as rows of (what, when), as the pages show above their forms."""
        rows = [
            ("Initial health assessment", _when(self.last_initial)),
            ("Last review health assessment", _when(self.last_review)),
        ]
        if self.next_due is not None:
            overdue = " (overdue)" if self.next_due.status == "overdue" else ""
            rows.append((f"{self.next_due.label} due by", day_text(self.next_due.due) + overdue))
        rows.append(
            (
                "Last dental check",
                day_text(self.last_dental.check_date) if self.last_dental else "None recorded",
            )
        )
        if self.immunisations is None:
            rows.append(("Immunisations", "Not recorded"))
        else:
            state = "Up to date" if self.immunisations.up_to_date else "Not up to date"
            rows.append(("Immunisations", f"{state} on {day_text(self.immunisations.recorded_on)}"))
        rows.append(
            (
                "Latest SDQ score",
                f"{self.sdq.score} on {day_text(self.sdq.completed_on)}"
                if self.sdq
                else "None recorded",
            )
        )
        return rows


def _when(assessment: HealthAssessment | None) -> str:
    if assessment is None:
        return "None recorded"
    who = f", by {assessment.carried_out_by}" if assessment.carried_out_by else ""
    return f"{day_text(assessment.assessment_date)}{who}"


def care_period_latest_get(*, child: Person) -> LookedAfterPeriod | None:
    """The child's latest period of care, if they have been looked after: one query."""
    return LookedAfterPeriod.objects.filter(child=child).order_by("-start_date").first()


def health_summary(
    *, child: Person, today: date, timescales: Mapping[str, int] | None = None
) -> HealthSummary:
    """The child's health in their latest period of care: six queries whatever it holds."""
    period = LookedAfterPeriod.objects.filter(child=child).order_by("-start_date").first()
    if period is None:
        return HealthSummary(period=None)
    assessments = list(
        HealthAssessment.objects.filter(period=period).order_by("assessment_date", "pk")
    )
    initial = next((a for a in assessments if a.kind == HealthAssessment.Kind.INITIAL), None)
    reviews = [a for a in assessments if a.kind == HealthAssessment.Kind.REVIEW]
    facts = HealthPeriodFacts(
        id=period.pk,
        start_date=period.start_date,
        end_date=period.end_date,
        date_of_birth=child.date_of_birth,
        initial_on=initial.assessment_date if initial else None,
        review_dates=tuple(a.assessment_date for a in reviews),
    )
    clocks = health_due_items([facts], today=today, timescales=timescales or {})
    return HealthSummary(
        period=period,
        last_initial=initial,
        last_review=reviews[-1] if reviews else None,
        next_due=next((i for i in clocks if i.is_open), None),
        last_dental=DentalCheck.objects.filter(period=period)
        .order_by("-check_date", "-pk")
        .first(),
        immunisations=ImmunisationStatus.objects.filter(period=period)
        .order_by("-recorded_on", "-pk")
        .first(),
        sdq=SdqScore.objects.filter(period=period).order_by("-completed_on", "-pk").first(),
        clocks=clocks,
    )


def missing_episodes_list(*, child: Person) -> list[MissingEpisode]:
    """The child's missing episodes, latest first: one query."""
    return list(MissingEpisode.objects.filter(child=child).order_by("-start_date", "-pk"))


def missing_episode_open_get(*, period: LookedAfterPeriod) -> MissingEpisode | None:
    """The episode the child is missing in now, if any (one at a time)."""
    return MissingEpisode.objects.filter(period=period, end_date__isnull=True).first()


def missing_episode_get_for_interview(
    *, period: LookedAfterPeriod, episode_id: int
) -> MissingEpisode | None:
    """An ended episode of this period whose return home interview is not yet answered."""
    return MissingEpisode.objects.filter(
        pk=episode_id, period=period, end_date__isnull=False, rhi_offered__isnull=True
    ).first()


def return_interview_due_items_for_child(
    *, child: Person, today: date, timescales: Mapping[str, int]
) -> list[DueItem]:
    facts = [
        MissingEpisodeFacts(*row)
        for row in MissingEpisode.objects.filter(child=child).values_list(
            "pk", "end_date", "rhi_offered", "rhi_accepted", "rhi_date"
        )
    ]
    return return_interview_due_items(facts, today=today, timescales=timescales)
