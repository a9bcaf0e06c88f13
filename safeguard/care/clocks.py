"""A looked-after child's health clocks on their timeline: the initial health assessment
(20 working days from becoming looked after) and each review health assessment (6 months
from the previous assessment for a child under 5 on its day, 12 months from 5); and the
return home interview after each missing episode (72 hours: 3 calendar days from the return);
the personal education plan (20 working days from becoming looked after, or from the third
birthday if later) and its termly reviews (4 months from the previous PEP meeting).

Plain Python over plain facts, like `cases.workflow.timeline`, whose `DueItem` it returns so
the record shows these beside every other clock. The lengths are the clocks' own
(`timescales.clocks`); only which clock applies is decided here.

`open_care_clocks` (at the end) reads the facts of many children at once for My cases, the
team dashboard and the overdue lists (`cases.extensions.register_clock_source`), and asks the
same functions which of their clocks are still open.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    Field,
    QuerySet,
)

from safeguard.cases.extensions import ClockFamily, ClockSource, OpenClock
from safeguard.cases.models import LookedAfterPeriod
from safeguard.cases.workflow.timeline import DueItem
from safeguard.common.compiled import values_rows
from safeguard.common.id_lists import IdInParam
from safeguard.common.unions import union_branch
from safeguard.people.ages import age_on
from safeguard.timescales.clocks import (
    CLOCKS,
    clock_status,
    clocks_with_local_overrides,
    due_soon_working_days,
)
from safeguard.timescales.working_days import add_months

from .models import HealthAssessment, MissingEpisode, PersonalEducationPlan

# The kinds of meeting, the same words for health assessments and PEP meetings
# (models.HealthAssessment.Kind, models.PersonalEducationPlan.Kind).
INITIAL_KIND, REVIEW_KIND = "initial", "review"
INITIAL = "lac_initial_health_assessment"
REVIEW_UNDER_5 = "lac_review_health_assessment_under_5"
REVIEW = "lac_review_health_assessment"
SUBJECT = "care_period"
RETURN_INTERVIEW = "missing_return_interview"
MISSING_SUBJECT = "missing_episode"
_FIFTH_BIRTHDAY = 5
PEP = "lac_pep"
PEP_REVIEW = "lac_pep_review"
# The personal education plan runs from the third birthday for a child under 3 when care
# began (the early education entitlement starts at 3).
PEP_FROM_AGE = 3


@dataclass(frozen=True)
class PeriodMeetings:
    """A period of care and the initial and review meetings recorded in it: the health
    assessments, or the personal education plan meetings. Both clocks run the same way: the
    initial one from the start of care, then a chain of reviews each from the one before."""

    id: int
    start_date: date
    end_date: date | None
    date_of_birth: date | None
    initial_on: date | None
    review_dates: Sequence[date] = ()


def period_meetings(
    periods: Iterable[tuple[int, date, date | None, date | None]],
    meetings: Iterable[tuple[int, str, date]],
) -> list[PeriodMeetings]:
    """Each period of care (id, start, end, the child's date of birth) with its meetings
    (period id, "initial" or "review", date), as read in one query for many periods."""
    of_period: dict[int, list[tuple[str, date]]] = {}
    for period_id, kind, on in meetings:
        of_period.setdefault(period_id, []).append((kind, on))
    facts = []
    for pk, start, end, born in periods:
        own = of_period.get(pk, [])
        facts.append(
            PeriodMeetings(
                id=pk,
                start_date=start,
                end_date=end,
                date_of_birth=born,
                initial_on=next((on for kind, on in own if kind == INITIAL_KIND), None),
                review_dates=tuple(sorted(on for kind, on in own if kind == REVIEW_KIND)),
            )
        )
    return facts


def review_clock_for(date_of_birth: date | None, previous: date) -> str:
    """Which review clock runs from an assessment: six-monthly for a child under 5 on its day
    (also when the age is not known: the stricter reading), yearly from 5."""
    age = age_on(date_of_birth, previous)
    if age is None or age < _FIFTH_BIRTHDAY:
        return REVIEW_UNDER_5
    return REVIEW


def health_due_items(
    periods: Sequence[PeriodMeetings], *, today: date, timescales: Mapping[str, int]
) -> list[DueItem]:
    """The health clocks of each period of care: the initial assessment, met by the period's
    initial health assessment; then a chain of review assessments, each running from the one
    before. A clock whose period ended before it fell due never becomes due."""
    clocks = clocks_with_local_overrides(timescales)
    window = due_soon_working_days(timescales)
    items: list[DueItem] = []

    def add(code: str, period: PeriodMeetings, started: date, met: date | None) -> None:
        clock = clocks[code]
        due = clock.due_from(started)
        ends = period.end_date
        if met is None and ends is not None and ends <= due:
            return
        status = clock_status(due=due, met=met, today=today, due_soon_working_days=window)
        closed = met is None and ends is not None
        items.append(
            DueItem(code, clock.label, SUBJECT, period.id, started, due, met, status, closed)
        )

    for period in periods:
        add(INITIAL, period, period.start_date, period.initial_on)
        if period.initial_on is None:
            continue  # the reviews run from the initial assessment, once there is one
        anchor = period.initial_on
        for review_on in sorted(d for d in period.review_dates if d > anchor):
            add(review_clock_for(period.date_of_birth, anchor), period, anchor, review_on)
            anchor = review_on
        add(review_clock_for(period.date_of_birth, anchor), period, anchor, None)
    return sorted(items, key=lambda item: (item.due, item.clock, item.subject_id))


@dataclass(frozen=True)
class MissingEpisodeFacts:
    """A missing episode's return and its return home interview."""

    id: int
    end_date: date | None
    rhi_offered: bool | None
    rhi_accepted: bool | None
    rhi_date: date | None


def return_interview_due_items(
    episodes: Sequence[MissingEpisodeFacts], *, today: date, timescales: Mapping[str, int]
) -> list[DueItem]:
    """One clock per return: met by the day the interview was held; once the interview is
    answered as not offered or declined, the clock is closed unmet, kept for the record."""
    clock = clocks_with_local_overrides(timescales)[RETURN_INTERVIEW]
    window = due_soon_working_days(timescales)
    items = []
    for episode in episodes:
        if episode.end_date is None:
            continue  # the clock starts when the child returns
        due = clock.due_from(episode.end_date)
        met = episode.rhi_date
        status = clock_status(due=due, met=met, today=today, due_soon_working_days=window)
        closed = met is None and episode.rhi_offered is not None
        items.append(
            DueItem(
                RETURN_INTERVIEW,
                clock.label,
                MISSING_SUBJECT,
                episode.id,
                episode.end_date,
                due,
                met,
                status,
                closed,
            )
        )
    return sorted(items, key=lambda item: (item.due, item.subject_id))


def _open(items: Sequence[DueItem], child_of: Mapping[int, int]) -> list[OpenClock]:
    return [
        OpenClock(child_of[i.subject_id], i.clock, i.subject, i.subject_id, i.started, i.due)
        for i in items
        if i.met is None and not i.closed
    ]


# The columns of `_open_care_facts`' union (`common.unions.union_branch`).
_SLOTS: dict[str, Field[Any, Any]] = {
    "c_id": BigIntegerField(),
    "c_child": BigIntegerField(),
    "c_on": DateField(),
    "c_second_date": DateField(),
    "c_kind": CharField(),
    "c_offered": BooleanField(),
    "c_accepted": BooleanField(),
}


def _read(queryset: QuerySet[Any], read: str, **columns: str) -> QuerySet[Any]:
    return union_branch(queryset, _SLOTS, ("c_read", read), **columns)


def _open_care_facts(every_child: bool) -> QuerySet[Any]:
    """The open periods of care (with the child's date of birth), the health assessments and
    PEP meetings in them, and the missing episodes whose return interview is unanswered, as
    one UNION ALL: of the children given at each run as "children", or of every child."""

    def among(queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset if every_child else queryset.filter(IdInParam("child_id", "children"))

    def meetings(queryset: QuerySet[Any]) -> QuerySet[Any]:
        # Of named children, every meeting: `period_meetings` leaves aside those of periods
        # that ended. Joined to the open periods instead, PostgreSQL hashed every open period
        # of the authority to find a team's few, half the statement's time.
        if every_child:
            return queryset.filter(period__end_date__isnull=True)
        return among(queryset)

    periods = _read(
        among(LookedAfterPeriod.objects.filter(end_date__isnull=True)),
        "period",
        c_id="pk",
        c_child="child_id",
        c_on="start_date",
        c_second_date="child__date_of_birth",
    )
    health = _read(
        meetings(HealthAssessment.objects.all()),
        "health",
        c_id="period_id",
        c_child="child_id",
        c_on="assessment_date",
        c_kind="kind",
    )
    plans = _read(
        meetings(PersonalEducationPlan.objects.all()),
        "education",
        c_id="period_id",
        c_child="child_id",
        c_on="meeting_date",
        c_kind="kind",
    )
    returns = _read(
        among(
            MissingEpisode.objects.filter(
                end_date__isnull=False, rhi_offered__isnull=True, rhi_date__isnull=True
            )
        ),
        "missing",
        c_id="pk",
        c_child="child_id",
        c_on="end_date",
        c_second_date="rhi_date",
        c_offered="rhi_offered",
        c_accepted="rhi_accepted",
    )
    return periods.union(health, plans, returns, all=True)


def open_care_clocks(
    child_ids: Collection[int] | None, today: date, timescales: Mapping[str, int]
) -> list[OpenClock]:
    """The open health, return interview and personal education plan clocks of these
    children (None: every child): one query whatever their number, compiled once
    (`common.compiled`). Only a period of care still open has open health and education
    clocks (one that ended closes them); a return interview is open until it is held or
    answered as not offered or declined."""
    every_child = child_ids is None
    rows = values_rows(
        ("open_care_clocks", every_child),
        lambda: _open_care_facts(every_child),
        params={"children": [] if child_ids is None else list(child_ids)},
    )
    by_read: dict[str, list[dict[str, Any]]] = {
        "period": [],
        "health": [],
        "education": [],
        "missing": [],
    }
    for row in rows:
        by_read[row["c_read"]].append(row)
    periods = by_read["period"]
    open_periods = [(r["c_id"], r["c_on"], None, r["c_second_date"]) for r in periods]
    health = health_due_items(
        period_meetings(
            open_periods, [(r["c_id"], r["c_kind"], r["c_on"]) for r in by_read["health"]]
        ),
        today=today,
        timescales=timescales,
    )
    returns = by_read["missing"]
    interviews = return_interview_due_items(
        [
            MissingEpisodeFacts(
                r["c_id"], r["c_on"], r["c_offered"], r["c_accepted"], r["c_second_date"]
            )
            for r in returns
        ],
        today=today,
        timescales=timescales,
    )
    education = pep_due_items(
        period_meetings(
            open_periods, [(r["c_id"], r["c_kind"], r["c_on"]) for r in by_read["education"]]
        ),
        today=today,
        timescales=timescales,
    )
    child_of_period = {r["c_id"]: r["c_child"] for r in periods}
    return [
        *_open(health, child_of_period),
        *_open(interviews, {r["c_id"]: r["c_child"] for r in returns}),
        *_open(education, child_of_period),
    ]


def care_clock_source() -> ClockSource:
    """Care's clocks for `cases.extensions.register_clock_source`: three figures on the team
    dashboard, health assessments, return home interviews and personal education plans."""
    initial, under_5, review = (CLOCKS[c] for c in (INITIAL, REVIEW_UNDER_5, REVIEW))
    return ClockSource(
        name="care",
        families=(
            ClockFamily(
                "health-assessments",
                "Health assessments",
                "health assessments",
                f"Children looked after whose initial health assessment is not yet recorded, "
                f"due {initial.period} after they became looked after, or whose next review "
                f"health assessment is not yet held: {under_5.period} after the previous "
                f"assessment for a child under 5 on its day, {review.period} from 5 (Care "
                "Planning Regulations 2010, reg. 7).",
                "Looked after since or last assessment",
                frozenset({INITIAL, REVIEW_UNDER_5, REVIEW}),
            ),
            ClockFamily(
                "return-interviews",
                "Return home interviews",
                "return home interviews",
                "Looked-after children back from a missing episode whose return home interview "
                f"is not yet held or answered, due {CLOCKS[RETURN_INTERVIEW].period} after the "
                "day they returned (statutory guidance on children who run away or go missing, "
                "2014).",
                "Returned on",
                frozenset({RETURN_INTERVIEW}),
            ),
            ClockFamily(
                "education-plans",
                "Personal education plans",
                "personal education plans",
                f"Children looked after whose personal education plan is not yet in place, due "
                f"{CLOCKS[PEP].period} after they became looked after (or their third "
                f"birthday), or whose plan is not reviewed within {CLOCKS[PEP_REVIEW].period} "
                "of the last meeting (Promoting the education of looked-after children, 2018).",
                "Looked after since or last meeting",
                frozenset({PEP, PEP_REVIEW}),
            ),
        ),
        open_items=open_care_clocks,
    )


def pep_due_items(
    periods: Sequence[PeriodMeetings], *, today: date, timescales: Mapping[str, int]
) -> list[DueItem]:
    """The PEP clocks of each period of care: the initial plan, from the day care began (or
    the third birthday, if later), met by the period's initial PEP; then a chain of termly
    reviews, each from the meeting before. A clock whose period ended before it fell due
    never becomes due; a child who is under 3 when care ends has none."""
    clocks = clocks_with_local_overrides(timescales)
    window = due_soon_working_days(timescales)
    items: list[DueItem] = []

    def add(code: str, period: PeriodMeetings, started: date, met: date | None) -> None:
        clock = clocks[code]
        due = clock.due_from(started)
        ends = period.end_date
        if met is None and ends is not None and ends <= due:
            return
        status = clock_status(due=due, met=met, today=today, due_soon_working_days=window)
        closed = met is None and ends is not None
        items.append(
            DueItem(code, clock.label, SUBJECT, period.id, started, due, met, status, closed)
        )

    for period in periods:
        starts = period.start_date
        if period.date_of_birth is not None:
            starts = max(starts, add_months(period.date_of_birth, 12 * PEP_FROM_AGE))
        if period.initial_on is None and (
            starts > today or (period.end_date is not None and starts > period.end_date)
        ):
            continue  # not yet 3 (or never 3 while looked after): no plan is due
        add(PEP, period, min(starts, period.initial_on or starts), period.initial_on)
        if period.initial_on is None:
            continue
        anchor = period.initial_on
        for review_on in sorted(d for d in period.review_dates if d >= anchor):
            add(PEP_REVIEW, period, anchor, review_on)
            anchor = review_on
        add(PEP_REVIEW, period, anchor, None)
    return sorted(items, key=lambda item: (item.due, item.clock, item.subject_id))
