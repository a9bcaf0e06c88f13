"""Child in need plans: reviews, visits, and escalation to protection or care.

Local practice (domain notes, timescales): reviews every 3 months and visits every 20 working
days are the common defaults; a plan ends when needs are met, or turns into a protection plan
at an initial conference, or ends when the child comes into care.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import TYPE_CHECKING

from safeguard.common import codes
from safeguard.timescales.clocks import CLOCKS
from safeguard.timescales.working_days import add_working_days, working_days_between

from . import calibration as cal
from . import care, texts
from .records import CinPlanRow, CinReviewRow
from .streams import Weighted, between, chance
from .timeline import ONE_DAY, next_working_day, previous_working_day

if TYPE_CHECKING:
    from .journeys import Journey

CIN_VISIT_GAPS = Weighted(cal.CIN_VISIT_GAP_WEIGHTS)


def cin_plan(j: Journey, start: date, *, escalate: bool) -> tuple[date, str]:
    """A child in need plan from `start`; it may escalate to protection or care."""
    rng = j.rng
    referral = j.referral
    assert referral is not None
    months = math.exp(math.log(cal.CIN_PLAN_MEDIAN_MONTHS) + rng.gauss(0, cal.CIN_PLAN_SIGMA))
    months = min(36.0, max(1.5, months))
    end = previous_working_day(start + timedelta(days=int(months * 30.44)))
    end = max(min(end, j.last_day), start)
    if chance(rng, 0.1):
        j.segment(start, "children_in_need", False, "Awaiting allocation in the team")
        j.segment(
            add_working_days(start, between(rng, 5, 30)), "children_in_need", True,
            "Allocated: child in need plan",
        )  # fmt: skip
    elif j.segments and j.segments[-1].kind == "assessment":
        j.segment(
            add_working_days(start, between(rng, 0, 10)), "children_in_need", True,
            "Transfer to the children in need team",
        )  # fmt: skip

    # Escalation: a new strategy discussion during the plan, or the child comes into care.
    turn: str | None = None
    turn_date = end
    length = working_days_between(start, end)
    if escalate and length > 30 and end < j.last_day - timedelta(days=90):
        if chance(rng, cal.CIN_ESCALATION_RATE):
            turn, turn_date = (
                "protection",
                add_working_days(start, between(rng, 20, length - 5)),
            )
        elif chance(rng, cal.CIN_TO_CARE_RATE):
            turn, turn_date = "care", add_working_days(start, between(rng, 10, length - 5))
    conference: date | None = None
    if turn == "protection":
        days = between(rng, 6, 15) if chance(rng, cal.ICPC_IN_TIME_RATE) else between(rng, 16, 30)
        at_risk = chance(rng, 0.6)
        plan_made = at_risk and chance(rng, cal.ICPC_PLAN_RATE)
        conference = add_working_days(turn_date, days) if at_risk else None
        completed = add_working_days(turn_date, between(rng, 3, days))
        outcome = "substantiated_at_risk" if at_risk else "substantiated_not_at_risk"
        j.strategy_and_enquiry(turn_date, completed, outcome, conference, plan=plan_made)
        if plan_made:
            assert conference is not None
            end = conference  # the plan replaces the child in need plan that day
        else:
            turn = None
    elif turn == "care":
        if j.born_by(turn_date):
            end = turn_date
        else:
            turn = None
    j.touch(end)
    if start <= j.as_of:
        plan_row = CinPlanRow(referral, start, j.upto(end))
        j.h.cin_plans.append(plan_row)
        j.note(start, "Child in need plan", "Plan agreed with the family.")
        cin_reviews_and_visits(j, plan_row, start, end)
    if turn == "protection":
        assert conference is not None
        return j.protection_plan(conference)
    if turn == "care":
        return care.care_period(j, end, route="child_in_need")
    j.note(end, "Child in need plan ended", "Needs met: plan ended.")
    return add_working_days(end, between(rng, 0, 15)), "RC7"


def cin_reviews_and_visits(j: Journey, plan: CinPlanRow, start: date, end: date) -> None:
    rng = j.rng
    stop = min(end, j.as_of + ONE_DAY)
    d = start
    while True:
        # The demo authority keeps the national default for its local CIN review interval.
        due = CLOCKS["cin_plan_review"].due_from(d)
        if chance(rng, cal.CIN_REVIEW_IN_TIME_RATE):
            d = previous_working_day(due - timedelta(days=between(rng, 0, 12)))
        else:
            d = next_working_day(due + timedelta(days=between(rng, 1, 25)))
        if d >= stop:
            break
        j.h.cin_reviews.append(CinReviewRow(plan, d))
    d = start
    while True:
        low, high = CIN_VISIT_GAPS.pick(rng)
        d = add_working_days(d, between(rng, low, high))
        if d >= stop:
            return
        j.visit(
            codes.VisitKind.CIN_VISIT, d, seen_rate=cal.VISIT_CHILD_SEEN_RATE,
            notes=texts.HOME_VISIT_NOTES,
        )  # fmt: skip
