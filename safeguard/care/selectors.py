"""Reads of a looked-after child's health. The callers have found the child within need to
know (the record's selector, or `child_get_for_action` on a page); each read here is a fixed
number of queries whatever the child's history, so the record keeps its query count.

The record's sections and clocks start from the child's periods of care, kept on the child
for the request (`cases.selectors.care_periods_of`): for a child never looked after they ask
no query at all. For a child who has been, care's tables are read with the care leavers' and
permanence's in one statement, once for the request (`care_rows`: the health assessments
serve the health section and its clocks alike)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import EllipsisType
from typing import Any, TypeVar

from django.db import models
from django.db.models import QuerySet

from safeguard.cases.models import LookedAfterPeriod
from safeguard.cases.selectors import care_period_latest_of, care_periods_of
from safeguard.cases.selectors.care_periods import care_rows, register_care_tables, row_fields
from safeguard.cases.selectors.record import Table
from safeguard.cases.workflow.timeline import DueItem
from safeguard.common.compiled import RunParam, values_rows
from safeguard.common.forms import day_text
from safeguard.organisation.models import Worker
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
    "iro_contact_latest_for",
    "iro_contact_latest_get",
    "iro_contact_latest_of",
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


T = TypeVar("T")

# Care's tables about a looked-after child, each under its name in `care_rows`: read with the
# care leavers' and permanence's in one statement, once for the request.
_HEALTH, _DENTAL, _IMMUNISATIONS, _SDQ = "health", "dental", "immunisation", "sdq"
_MISSING, _PEP, _MOTHERHOOD, _CONVICTIONS = "missing", "pep", "mother", "conviction"
_UASC, _SUBSTANCES, _IRO_CONTACTS, _IROS = "uasc", "substance_misuse", "iro_contact", "iro"
register_care_tables(
    *(
        Table(name, model, row_fields(model))
        for name, model in (
            (_HEALTH, HealthAssessment),
            (_DENTAL, DentalCheck),
            (_IMMUNISATIONS, ImmunisationStatus),
            (_SDQ, SdqScore),
            (_MISSING, MissingEpisode),
            (_PEP, PersonalEducationPlan),
            (_MOTHERHOOD, Motherhood),
            (_CONVICTIONS, Conviction),
            (_UASC, UascStatus),
            (_SUBSTANCES, SubstanceMisuse),
            (_IRO_CONTACTS, IroContact),
        )
    ),
    # The independent reviewing officers of the child's IRO contacts, their names only.
    Table(
        _IROS,
        Worker,
        ("first_name", "last_name"),
        ids_from="SELECT iro_id FROM care_irocontact WHERE child_id = %(child)s",
    ),
)


def _health_assessments(child: Person) -> list[HealthAssessment]:
    """Every health assessment of the child, oldest first."""
    return care_rows(child, _HEALTH, order_by=("assessment_date",))


def _period_facts(child: Person) -> list[PeriodMeetings]:
    """The child's periods of care with their health assessments."""
    periods = care_periods_of(child)
    if not periods:
        return []
    return period_meetings(
        ((p.pk, p.start_date, p.end_date, child.date_of_birth) for p in periods),
        ((a.period_id, a.kind, a.assessment_date) for a in _health_assessments(child)),
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
    """The child's latest period of care, if they have been looked after (read once for the
    object: `cases.selectors.care_periods_of`)."""
    return care_period_latest_of(child)


def _latest_in(rows: list[T], period: LookedAfterPeriod) -> T | None:
    """The last of these rows (oldest first) in the period."""
    return next((r for r in reversed(rows) if r.period_id == period.pk), None)  # type: ignore[attr-defined]


def health_summary(
    *, child: Person, today: date, timescales: Mapping[str, int] | None = None
) -> HealthSummary:
    """The child's health in their latest period of care: four queries whatever it holds
    (the assessments among them read once for the object, for the clocks too), with the
    periods once for the object; none for a child never looked after."""
    period = care_period_latest_of(child)
    if period is None:
        return HealthSummary(period=None)
    assessments = [a for a in _health_assessments(child) if a.period_id == period.pk]
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
        last_dental=_latest_in(care_rows(child, _DENTAL, order_by=("check_date",)), period),
        immunisations=_latest_in(
            care_rows(child, _IMMUNISATIONS, order_by=("recorded_on",)), period
        ),
        sdq=_latest_in(care_rows(child, _SDQ, order_by=("completed_on",)), period),
        clocks=clocks,
    )


def _missing_episodes(child: Person) -> list[MissingEpisode]:
    """Every missing episode of the child, oldest first."""
    return care_rows(child, _MISSING, order_by=("start_date",))


def missing_episodes_list(*, child: Person) -> list[MissingEpisode]:
    """The child's missing episodes, latest first: one query, once for the object."""
    return list(reversed(_missing_episodes(child)))


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
        MissingEpisodeFacts(e.pk, e.end_date, e.rhi_offered, e.rhi_accepted, e.rhi_date)
        for e in _missing_episodes(child)
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
    """The child's PEP clocks in every period of care: the plans read once for the object,
    nothing for a child never looked after."""
    periods = care_periods_of(child)
    if not periods:
        return []
    facts = period_meetings(
        ((p.pk, p.start_date, p.end_date, child.date_of_birth) for p in periods),
        ((p.period_id, p.kind, p.meeting_date) for p in _education_plans(child)),
    )
    return pep_due_items(facts, today=today, timescales=timescales)


def _education_plans(child: Person) -> list[PersonalEducationPlan]:
    """Every personal education plan and review of the child, oldest first."""
    return care_rows(child, _PEP, order_by=("meeting_date",))


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
    """The child's PEP in their latest period of care (found here unless given): the plans
    read once for the object whatever they hold."""
    if period is ...:
        period = care_period_latest_get(child=child)
    if period is None:
        return EducationSummary(period=None)
    plans = [p for p in _education_plans(child) if p.period_id == period.pk]
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
    """For the latest period of care (found here unless given; motherhood: ever), from the
    care rows read once for the object whatever they hold."""
    if period is ...:
        period = care_period_latest_get(child=child)
    if period is None:
        return CircumstancesSummary(period=None)
    motherhood = care_rows(child, _MOTHERHOOD)
    convictions = care_rows(child, _CONVICTIONS, order_by=("convicted_on",))
    return CircumstancesSummary(
        period=period,
        uasc=_latest_in(care_rows(child, _UASC), period),
        motherhood=motherhood[0] if motherhood else None,
        convictions=[c for c in reversed(convictions) if c.period_id == period.pk],
        substance_misuse=_latest_in(
            care_rows(child, _SUBSTANCES, order_by=("identified_on",)), period
        ),
    )


def iro_contact_latest_get(*, period: LookedAfterPeriod) -> IroContact | None:
    """The IRO's latest visit or contact in the period, with the IRO: one query."""
    return (
        IroContact.objects.filter(period=period)
        .select_related("iro")
        .order_by("-contact_date", "-pk")
        .first()
    )


def _iro_contacts_of_period() -> QuerySet[Any]:
    return (
        IroContact.objects.filter(period_id=RunParam("period", models.IntegerField()))
        .order_by("-contact_date", "-pk")
        .values(
            "id",
            "contact_date",
            "method",
            "seen_alone",
            "iro_id",
            "iro__first_name",
            "iro__last_name",
        )[:1]
    )


def iro_contact_latest_of(*, period: LookedAfterPeriod) -> IroContact | None:
    """As `iro_contact_latest_get`, the IRO with their name only: one query, compiled once."""
    rows = values_rows(
        ("iro_contact_latest",), _iro_contacts_of_period, params={"period": period.pk}
    )
    if not rows:
        return None
    row = rows[0]
    contact = IroContact(
        id=row["id"],
        period_id=period.pk,
        contact_date=row["contact_date"],
        method=row["method"],
        seen_alone=row["seen_alone"],
        iro_id=row["iro_id"],
    )
    contact.iro = Worker(
        id=row["iro_id"], first_name=row["iro__first_name"], last_name=row["iro__last_name"]
    )
    contact._state.adding = contact.iro._state.adding = False
    return contact


def iro_contact_latest_for(*, child: Person, period: LookedAfterPeriod) -> IroContact | None:
    """As `iro_contact_latest_of`, from the care rows read once for the object (`care_rows`):
    the IRO's latest visit or contact in the period, with the IRO's name."""
    contacts = [c for c in care_rows(child, _IRO_CONTACTS) if c.period_id == period.pk]
    if not contacts:
        return None
    latest: IroContact = max(contacts, key=lambda c: (c.contact_date, c.pk))
    iros = {worker.pk: worker for worker in care_rows(child, _IROS)}
    latest._state.fields_cache["iro"] = iros[latest.iro_id]
    return latest
