"""A care leaver's clocks on their timeline: the needs assessment (3 months from the 16th
birthday or from becoming eligible, if later) and the pathway plan's reviews (6 months from
the plan, then from each review).

Plain Python over plain facts, returning the timeline's own `DueItem`s like `care.clocks`;
the lengths are the clocks' own (`timescales.clocks`), only which apply is decided here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from safeguard.cases.workflow.timeline import DueItem
from safeguard.timescales.clocks import (
    clock_status,
    clocks_with_local_overrides,
    due_soon_working_days,
)

NEEDS_ASSESSMENT = "care_leaver_needs_assessment"
PATHWAY_REVIEW = "pathway_plan_review"
SUBJECT = "care_leaver"
PLAN_SUBJECT = "pathway_plan"


@dataclass(frozen=True)
class CareLeaverFacts:
    """What the clocks read: when the young person became eligible (None: never), whether
    they are entitled to support on the day, the needs assessments' days and the plans'
    (id, day agreed, days reviewed)."""

    child_id: int
    eligible_from: date | None
    entitled_now: bool
    assessments: Sequence[date] = ()
    plans: Sequence[tuple[int, date, Sequence[date]]] = ()


def care_leaver_due_items(
    facts: CareLeaverFacts, *, today: date, timescales: Mapping[str, int]
) -> list[DueItem]:
    """The needs assessment clock, met by the first assessment on or after the day it started
    (closed unmet if the young person is no longer entitled); then, for the latest pathway
    plan, a chain of reviews each running from the one before, the open one shown only while
    the young person is entitled to support."""
    if facts.eligible_from is None:
        return []
    clocks = clocks_with_local_overrides(timescales)
    window = due_soon_working_days(timescales)
    items: list[DueItem] = []

    def add(code: str, subject: str, subject_id: int, started: date, met: date | None) -> None:
        clock = clocks[code]
        due = clock.due_from(started)
        status = clock_status(due=due, met=met, today=today, due_soon_working_days=window)
        closed = met is None and not facts.entitled_now
        items.append(
            DueItem(code, clock.label, subject, subject_id, started, due, met, status, closed)
        )

    met = min((d for d in facts.assessments if d >= facts.eligible_from), default=None)
    add(NEEDS_ASSESSMENT, SUBJECT, facts.child_id, facts.eligible_from, met)
    if facts.plans:
        plan_id, agreed_on, reviews = max(facts.plans, key=lambda p: (p[1], p[0]))
        anchor = agreed_on
        for reviewed_on in sorted(d for d in reviews if d >= agreed_on):
            add(PATHWAY_REVIEW, PLAN_SUBJECT, plan_id, anchor, reviewed_on)
            anchor = reviewed_on
        if facts.entitled_now:
            add(PATHWAY_REVIEW, PLAN_SUBJECT, plan_id, anchor, None)
    return sorted(items, key=lambda item: (item.due, item.clock, item.subject_id))
