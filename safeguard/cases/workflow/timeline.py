"""A child's statutory timeline: every clock that has run on the case, when it was due, and
whether it was met in time, met late, is overdue, due soon or upcoming.

Pure Python over plain facts, so it is testable in milliseconds and is the reference the
set-based overdue queries (`cases.selectors.timescales`) are tested against.

Conventions shared with the SQL:
- a visit clock runs from the plan (or period of care) start and restarts at each visit *after*
  the previous anchor at which the child was seen; unseen visits do not stop it;
- review clocks chain from the previous review (or the start for the first);
- a clock whose episode ended before it fell due never becomes due; one that fell due and was
  never met before the episode ended stays on the record as overdue but closed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from safeguard.timescales.clocks import (
    Clock,
    ClockStatus,
    clock_status,
    clocks_with_local_overrides,
    due_soon_working_days,
)

from .lac_visits import PlacementPlanFact, lac_visit_clock


@dataclass(frozen=True)
class ContactFact:
    id: int
    received_on: date
    decided_on: date | None


@dataclass(frozen=True)
class AssessmentFact:
    id: int
    referral_date: date
    authorised_date: date | None


@dataclass(frozen=True)
class Section47Fact:
    id: int
    start_date: date
    conference_required: bool | None
    initial_conference_date: date | None


@dataclass(frozen=True)
class PlanFact:
    """A child protection plan, a child in need plan or a period of care: something with a
    start, an optional end, reviews and (for protection plans) core groups."""

    id: int
    start_date: date
    end_date: date | None
    review_dates: Sequence[date] = ()
    core_group_dates: Sequence[date] = ()
    # A period of care's first care plan: the day it was agreed (`lac_care_plan`).
    care_plan_date: date | None = None
    # A period of care's placements and their plans, which set the visits (`lac_visits`).
    placements: Sequence[PlacementPlanFact] = ()


@dataclass(frozen=True)
class VisitFact:
    visit_date: date
    kind: str
    child_seen: bool


@dataclass(frozen=True)
class CaseFacts:
    contacts: Sequence[ContactFact] = ()
    assessments: Sequence[AssessmentFact] = ()
    section47_enquiries: Sequence[Section47Fact] = ()
    protection_plans: Sequence[PlanFact] = ()
    cin_plans: Sequence[PlanFact] = ()
    care_periods: Sequence[PlanFact] = ()
    visits: Sequence[VisitFact] = ()


@dataclass(frozen=True)
class DueItem:
    clock: str
    label: str
    subject: str  # "assessment", "protection_plan", ... the episode the clock belongs to
    subject_id: int
    started: date
    due: date
    met: date | None
    status: ClockStatus
    # Never met, and the episode has since ended: a missed clock kept for the record, not
    # something anyone can still do.
    closed: bool = False

    @property
    def is_open(self) -> bool:
        return self.met is None and not self.closed


@dataclass
class _Builder:
    clocks: Mapping[str, Clock]
    today: date
    window: int
    items: list[DueItem] = field(default_factory=list)

    def add(
        self,
        code: str,
        subject: str,
        subject_id: int,
        started: date,
        met: date | None,
        ends: date | None = None,
    ) -> None:
        clock = self.clocks[code]
        due = clock.due_from(started)
        if met is None and ends is not None and ends <= due:
            return  # the episode ended before the clock fell due
        status = clock_status(due=due, met=met, today=self.today, due_soon_working_days=self.window)
        closed = met is None and ends is not None
        self.items.append(
            DueItem(code, clock.label, subject, subject_id, started, due, met, status, closed)
        )

    def chain(
        self,
        subject: str,
        subject_id: int,
        start: date,
        ends: date | None,
        events: Iterable[date],
        first: str,
        later: str | Callable[[date], str],
        second: str | None = None,
    ) -> None:
        """A clock that restarts at each event: first due from the start, then from each event
        (`later` may choose the clock by the event's day)."""
        anchor, code, n = start, first, 0
        for event in sorted(e for e in events if e > start):
            if event <= anchor:
                continue
            self.add(code, subject, subject_id, anchor, event)
            anchor, n = event, n + 1
            following = later(event) if callable(later) else later
            code = second if (second and n == 1) else following
        if ends is None:
            self.add(code, subject, subject_id, anchor, None)
        else:
            self.add(code, subject, subject_id, anchor, None, ends=ends)


def _visit_clock_for(period: PlanFact) -> Callable[[date], str]:
    first_review = min(period.review_dates, default=None)

    def clock(visit: date) -> str:
        return lac_visit_clock(visit, period.placements, first_review)

    return clock


def due_items(facts: CaseFacts, *, today: date, timescales: Mapping[str, int]) -> list[DueItem]:
    """Every statutory clock on the case, soonest due first."""
    b = _Builder(clocks_with_local_overrides(timescales), today, due_soon_working_days(timescales))

    for c in facts.contacts:
        b.add("contact_decision", "contact", c.id, c.received_on, c.decided_on)
    for a in facts.assessments:
        b.add("assessment", "assessment", a.id, a.referral_date, a.authorised_date)
    for s in facts.section47_enquiries:
        if s.conference_required is False and s.initial_conference_date is None:
            continue
        b.add(
            "initial_conference", "section47_enquiry", s.id, s.start_date, s.initial_conference_date
        )

    def seen(kind: str) -> list[date]:
        return [v.visit_date for v in facts.visits if v.kind == kind and v.child_seen]

    for p in facts.protection_plans:
        first_core = min((d for d in p.core_group_dates if d >= p.start_date), default=None)
        b.add(
            "first_core_group",
            "protection_plan",
            p.id,
            p.start_date,
            first_core,
            ends=p.end_date if first_core is None else None,
        )
        # The conference that ends the plan is its last review, so it meets the open clock.
        b.chain(
            "protection_plan",
            p.id,
            p.start_date,
            p.end_date,
            p.review_dates,
            first="first_review_conference",
            later="later_review_conference",
        )
        plan_visits = [d for d in seen("cp_visit") if p.end_date is None or d <= p.end_date]
        b.chain(
            "protection_plan",
            p.id,
            p.start_date,
            p.end_date,
            plan_visits,
            first="cp_visit",
            later="cp_visit",
        )
    for p in facts.cin_plans:
        b.chain(
            "cin_plan",
            p.id,
            p.start_date,
            p.end_date,
            p.review_dates,
            first="cin_plan_review",
            later="cin_plan_review",
        )
        plan_visits = [d for d in seen("cin_visit") if p.end_date is None or d <= p.end_date]
        b.chain(
            "cin_plan",
            p.id,
            p.start_date,
            p.end_date,
            plan_visits,
            first="cin_visit",
            later="cin_visit",
        )
    for p in facts.care_periods:
        # Met by the day the plan was agreed, which may come before the placement.
        b.add("lac_care_plan", "care_period", p.id, p.start_date, p.care_plan_date, p.end_date)
        b.chain(
            "care_period",
            p.id,
            p.start_date,
            p.end_date,
            p.review_dates,
            first="lac_first_review",
            second="lac_second_review",
            later="lac_later_review",
        )
        period_visits = [d for d in seen("lac_visit") if p.end_date is None or d <= p.end_date]
        b.chain(
            "care_period",
            p.id,
            p.start_date,
            p.end_date,
            period_visits,
            first="lac_first_visit",
            later=_visit_clock_for(p),
        )

    return sorted(b.items, key=lambda item: (item.due, item.clock, item.subject_id))


def open_items(items: Iterable[DueItem]) -> list[DueItem]:
    return [item for item in items if item.is_open]


# The order the record puts open clocks in: what is already late, then what falls due within
# the authority's "due soon" window, then the rest. Read from each clock's own state, never
# worked out again here.
_URGENCY = {ClockStatus.OVERDUE: 0, ClockStatus.DUE_SOON: 1, ClockStatus.UPCOMING: 2}


def due_now_and_history(items: Iterable[DueItem]) -> tuple[list[DueItem], list[DueItem]]:
    """The timeline as a practitioner reads it: the open clocks, most urgent first (overdue,
    then due soon, then upcoming; soonest due first within each), and the history (clocks met,
    or closed with their episode), latest due first."""
    due_now: list[DueItem] = []
    history: list[DueItem] = []
    for item in items:
        (due_now if item.is_open else history).append(item)
    due_now.sort(key=lambda i: (_URGENCY[i.status], i.due, i.clock, i.subject_id))
    history.sort(key=lambda i: (i.due, i.clock, i.subject_id), reverse=True)
    return due_now, history
