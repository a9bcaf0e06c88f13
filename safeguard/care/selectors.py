"""Reads of a looked-after child's health. The callers have found the child within need to
know (the record's selector, or `child_get_for_action` on a page); each read here is a fixed
number of queries whatever the child's history, so the record keeps its query count."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import EllipsisType

from safeguard.cases.models import LookedAfterPeriod
from safeguard.cases.workflow.timeline import DueItem
from safeguard.common.forms import day_text
from safeguard.people.models import Person

from .clocks import (
    MissingEpisodeFacts,
    PeriodMeetings,
    health_due_items,
    pep_due_items,
    period_meetings,
    return_interview_due_items,
)
from .models import (
    Conviction,
    DentalCheck,
    HealthAssessment,
    ImmunisationStatus,
    IroContact,
    MissingEpisode,
    Motherhood,
    PersonalEducationPlan,
    SdqScore,
    SubstanceMisuse,
    UascStatus,
)

__all__ = [
    "CircumstancesSummary",
    "EducationSummary",
    "HealthSummary",
    "care_period_latest_get",
    "circumstances_summary",
    "education_plan_initial_on",
    "education_summary",
    "health_due_items_for_child",
    "health_summary",
    "initial_health_assessment_on",
    "iro_contact_latest_get",
    "missing_episode_get_for_interview",
    "missing_episode_open_get",
    "missing_episodes_list",
    "motherhood_get",
    "pep_due_items_for_child",
    "return_interview_due_items_for_child",
    "uasc_status_get",
]


def initial_health_assessment_on(*, period: LookedAfterPeriod) -> date | None:
    found: date | None = (
        HealthAssessment.objects.filter(period=period, kind=HealthAssessment.Kind.INITIAL)
        .values_list("assessment_date", flat=True)
        .first()
    )
    return found


def _period_facts(child: Person) -> list[PeriodMeetings]:
    """Two queries: the child's periods of care, and their health assessments."""
    return period_meetings(
        (
            (pk, start, end, child.date_of_birth)
            for pk, start, end in LookedAfterPeriod.objects.filter(child=child)
            .order_by("start_date")
            .values_list("pk", "start_date", "end_date")
        ),
        HealthAssessment.objects.filter(child=child).values_list(
            "period_id", "kind", "assessment_date"
        ),
    )


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
    facts = PeriodMeetings(
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


# --- education ----------------------------------------------------------------------------------


def education_plan_initial_on(*, period: LookedAfterPeriod) -> date | None:
    found: date | None = (
        PersonalEducationPlan.objects.filter(period=period, kind=PersonalEducationPlan.Kind.INITIAL)
        .values_list("meeting_date", flat=True)
        .first()
    )
    return found


def pep_due_items_for_child(
    *, child: Person, today: date, timescales: Mapping[str, int]
) -> list[DueItem]:
    """The child's PEP clocks in every period of care: two queries (one for a child never
    looked after)."""
    periods = [
        (pk, start, end, child.date_of_birth)
        for pk, start, end in LookedAfterPeriod.objects.filter(child=child)
        .order_by("start_date")
        .values_list("pk", "start_date", "end_date")
    ]
    if not periods:
        return []
    plans = PersonalEducationPlan.objects.filter(child=child).values_list(
        "period_id", "kind", "meeting_date"
    )
    return pep_due_items(period_meetings(periods, plans), today=today, timescales=timescales)


@dataclass(frozen=True)
class EducationSummary:
    """What the record shows of a looked-after child's education, for their latest period."""

    period: LookedAfterPeriod | None
    initial: PersonalEducationPlan | None = None
    latest: PersonalEducationPlan | None = None
    next_due: DueItem | None = None

    def facts(self) -> list[tuple[str, str]]:
        rows = [
            (
                "Personal education plan",
                day_text(self.initial.meeting_date) if self.initial else "None recorded",
            ),
            (
                "Last PEP review",
                day_text(self.latest.meeting_date)
                if self.latest and self.latest.kind == PersonalEducationPlan.Kind.REVIEW
                else "None recorded",
            ),
        ]
        if self.next_due is not None:
            overdue = " (overdue)" if self.next_due.status == "overdue" else ""
            rows.append((f"{self.next_due.label} due by", day_text(self.next_due.due) + overdue))
        if self.latest is not None:
            rows.append(("School or setting", self.latest.school))
            rows.append(
                (
                    "Virtual school at the last PEP meeting",
                    "Took part" if self.latest.virtual_school_involved else "Did not take part",
                )
            )
        return rows


def education_summary(
    *,
    child: Person,
    today: date,
    timescales: Mapping[str, int] | None = None,
    period: LookedAfterPeriod | EllipsisType | None = ...,
) -> EducationSummary:
    """The child's PEP in their latest period of care (found here unless given): two queries
    whatever it holds."""
    if period is ...:
        period = care_period_latest_get(child=child)
    if period is None:
        return EducationSummary(period=None)
    plans = list(PersonalEducationPlan.objects.filter(period=period).order_by("meeting_date", "pk"))
    initial = next((p for p in plans if p.kind == PersonalEducationPlan.Kind.INITIAL), None)
    facts = PeriodMeetings(
        id=period.pk,
        start_date=period.start_date,
        end_date=period.end_date,
        date_of_birth=child.date_of_birth,
        initial_on=initial.meeting_date if initial else None,
        review_dates=tuple(
            p.meeting_date for p in plans if p.kind == PersonalEducationPlan.Kind.REVIEW
        ),
    )
    clocks = pep_due_items([facts], today=today, timescales=timescales or {})
    return EducationSummary(
        period=period,
        initial=initial,
        latest=plans[-1] if plans else None,
        next_due=next((i for i in clocks if i.is_open), None),
    )


# --- UASC, motherhood, offending and substance misuse -------------------------------------------


def uasc_status_get(*, period: LookedAfterPeriod) -> UascStatus | None:
    return UascStatus.objects.filter(period=period).first()


def motherhood_get(*, child: Person) -> Motherhood | None:
    return Motherhood.objects.filter(child=child).first()


@dataclass(frozen=True)
class CircumstancesSummary:
    """UASC, motherhood, convictions and substance misuse, as the record shows them."""

    period: LookedAfterPeriod | None
    uasc: UascStatus | None = None
    motherhood: Motherhood | None = None
    convictions: list[Conviction] = field(default_factory=list)
    substance_misuse: SubstanceMisuse | None = None

    def facts(self) -> list[tuple[str, str]]:
        if self.uasc is None:
            uasc = "No"
        elif self.uasc.ceased_on is None:
            uasc = "Yes"
        else:
            uasc = f"Yes, until {day_text(self.uasc.ceased_on)}"
        rows = [("Unaccompanied asylum-seeking child", uasc)]
        if self.motherhood is not None:
            rows.append(
                (
                    "Mother",
                    f"Yes, first child born {day_text(self.motherhood.first_child_born_on)}",
                )
            )
        if self.convictions:
            latest = self.convictions[0]
            more = len(self.convictions) - 1
            rows.append(
                (
                    "Convictions while looked after",
                    day_text(latest.convicted_on) + (f" and {more} earlier" if more else ""),
                )
            )
        else:
            rows.append(("Convictions while looked after", "None recorded"))
        if self.substance_misuse is not None:
            misuse = self.substance_misuse
            rows.append(
                (
                    "Substance misuse identified",
                    f"{day_text(misuse.identified_on)}: {misuse.get_intervention_display()}",
                )
            )
        else:
            rows.append(("Substance misuse identified", "None recorded"))
        return rows


def circumstances_summary(
    *, child: Person, period: LookedAfterPeriod | EllipsisType | None = ...
) -> CircumstancesSummary:
    """For the latest period of care (found here unless given; motherhood: ever): five
    queries whatever it holds."""
    if period is ...:
        period = care_period_latest_get(child=child)
    if period is None:
        return CircumstancesSummary(period=None)
    return CircumstancesSummary(
        period=period,
        uasc=uasc_status_get(period=period),
        motherhood=motherhood_get(child=child),
        convictions=list(Conviction.objects.filter(period=period).order_by("-convicted_on", "-pk")),
        substance_misuse=SubstanceMisuse.objects.filter(period=period)
        .order_by("-identified_on", "-pk")
        .first(),
    )


def iro_contact_latest_get(*, period: LookedAfterPeriod) -> IroContact | None:
    """The IRO's latest visit or contact in the period, with the IRO: one query."""
    return (
        IroContact.objects.filter(period=period)
        .select_related("iro")
        .order_by("-contact_date", "-pk")
        .first()
    )
