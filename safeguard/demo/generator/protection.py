"""Child protection plans: the initial conference, review conferences, core groups, visits.

Working Together 2023, ch. 3: the first review conference within three months of the initial
conference, later ones at most six months apart; the plan ends at a review conference (here
also when the child becomes looked after or nears 18). Core groups (local procedures: first
within 10 working days) and visits (local policy: every 10 working days) run while it lasts.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from safeguard.common import codes
from safeguard.timescales.clocks import CLOCKS
from safeguard.timescales.working_days import add_months, add_working_days

from . import calibration as cal
from . import care, texts
from .records import ConferenceRow, CoreGroupRow, PlanRow
from .streams import Weighted, between, chance, pick
from .timeline import ONE_DAY, next_working_day, previous_working_day

if TYPE_CHECKING:
    from .journeys import Journey

CATEGORIES = Weighted(cal.CATEGORY_OF_ABUSE_WEIGHTS)
_CATEGORY_WORDS = dict(codes.CategoryOfAbuse.choices)
PLAN_EXITS = Weighted(cal.PLAN_EXIT_WEIGHTS)
PLAN_BUCKETS = Weighted(cal.PLAN_DURATION_BUCKET_WEIGHTS)
CP_VISIT_GAPS = Weighted(cal.CP_VISIT_GAP_WEIGHTS)


def protection_plan(j: Journey, icpc: date) -> tuple[date, str]:
    """The initial conference decides on a plan; reviews follow until one ends it."""
    rng = j.rng
    referral = j.referral
    assert referral is not None
    category = CATEGORIES.pick(rng)
    reviews = plan_reviews(rng, icpc, PLAN_BUCKETS.pick(rng))
    exit_to = PLAN_EXITS.pick(rng)
    care_date: date | None = None
    if not j.born_by(icpc) and chance(rng, 0.3):
        # Removed at birth: the plan ends at a review soon after the baby is placed.
        care_date = j.born + timedelta(days=between(rng, 0, 3))
        end = next_working_day(care_date + timedelta(days=between(rng, 5, 20)))
        reviews = [d for d in reviews if d < end] + [end]
        exit_to = "looked_after"
    if reviews[-1] > j.last_day:
        kept = [d for d in reviews if d < j.last_day - timedelta(days=20)]
        cap = previous_working_day(j.last_day - timedelta(days=between(rng, 0, 10)))
        reviews = kept if kept and cap <= kept[-1] else [*kept, cap]
        if exit_to == "looked_after" and care_date is None:
            exit_to = "close"
    end = reviews[-1]
    if exit_to == "looked_after" and care_date is None:
        care_date = max(icpc + ONE_DAY, end - timedelta(days=between(rng, 0, 20)))
        if not j.born_by(care_date):
            exit_to, care_date = "child_in_need_plan", None
    j.touch(end)
    j.previous_plans += 1
    j.segment(
        add_working_days(icpc, between(rng, 0, 8)), "child_protection", True,
        "Transfer to the child protection team after the initial conference",
    )  # fmt: skip

    if icpc <= j.as_of:
        initial = ConferenceRow(
            "initial", referral, icpc, "plan", enquiry=j.enquiry, chair_key=j.chair_key
        )
        plan = PlanRow(referral, initial, icpc, category, category)
        j.h.conferences.append(initial)
        j.h.plans.append(plan)
        j.note(icpc, "Initial child protection conference", plan_agreed_note(category))
        for d in reviews:
            if d > j.as_of:
                break
            last = d == end
            if not last and chance(rng, 0.04):
                plan.latest_category = "MUL" if plan.latest_category != "MUL" else "NEG"
            j.h.conferences.append(
                ConferenceRow(
                    "review", referral, d, "end_plan" if last else "continue_plan",
                    plan=plan, chair_key=j.chair_key,
                )
            )  # fmt: skip
            j.note(d, "Review conference", "Plan ended." if last else "Plan continues.")
        plan.end_date = j.upto(end)
        core_groups_and_visits(j, plan, icpc, end)
    if care_date is not None:
        return care.care_period(j, care_date, route="protection")
    if exit_to == "child_in_need_plan":
        if chance(rng, 0.5):
            j.segment(
                add_working_days(end, between(rng, 0, 10)), "children_in_need", True,
                "Stepped down: transfer to the children in need team",
            )  # fmt: skip
        return j.cin_plan(end, escalate=False)
    return add_working_days(end, between(rng, 0, 15)), "RC7"


def plan_agreed_note(category: str) -> str:
    """The initial conference's note, in words: a practitioner reads "neglect", not "NEG"."""
    return f"Child protection plan agreed. Category of abuse: {_CATEGORY_WORDS[category].lower()}."


def core_groups_and_visits(j: Journey, plan: PlanRow, icpc: date, end: date) -> None:
    rng = j.rng
    stop = min(end, j.as_of + ONE_DAY)
    first = (
        between(rng, 5, 10)
        if chance(rng, cal.FIRST_CORE_GROUP_IN_TIME_RATE)
        else between(rng, 11, 20)
    )
    d = add_working_days(icpc, first)
    while d < stop:
        j.h.core_groups.append(CoreGroupRow(plan, d, "Core group met; plan reviewed."))
        d = add_working_days(d, between(rng, 20, 30))
    d = icpc
    while True:
        low, high = CP_VISIT_GAPS.pick(rng)
        d = add_working_days(d, between(rng, low, high))
        if d >= stop:
            return
        j.visit(
            codes.VisitKind.CP_VISIT, d, seen_rate=cal.VISIT_CHILD_SEEN_RATE,
            notes=texts.HOME_VISIT_NOTES,
        )  # fmt: skip


def plan_reviews(rng: random.Random, icpc: date, bucket: str) -> list[date]:
    """Review conference dates for a plan; the last one ends it.

    The plan's length is drawn as a national duration bucket (EES D7), then placed on the
    review that would end it: the first review within 3 months, the next within 6 months.
    """
    m3, m6, m12 = add_months(icpc, 3), add_months(icpc, 6), add_months(icpc, 12)
    if bucket == "under_3_months":
        if chance(rng, 0.35):
            return [previous_working_day(icpc + timedelta(days=between(rng, 42, 80)))]
        return [previous_working_day(m3 - timedelta(days=between(rng, 1, 14)))]
    first = _first_review(rng, icpc)
    if bucket == "3_to_6_months":
        low = max(first + timedelta(days=14), m3 + ONE_DAY)
        high = m6 - timedelta(days=3)
        end = previous_working_day(low + timedelta(days=between(rng, 0, max(0, (high - low).days))))
        return [first, max(end, next_working_day(first + ONE_DAY))]
    reviews = [first]
    more = {
        "6_to_12_months": 1,
        "1_to_2_years": pick(rng, (2, 3)),
        "2_years_and_over": pick(rng, (4,) * 14 + (5,) * 4 + (6,) * 2),
    }[bucket]
    d = first
    for _ in range(more):
        d = _next_review(rng, d)
        reviews.append(d)
    if bucket == "6_to_12_months" and chance(rng, 0.2):
        low, high = d + timedelta(days=28), m12 - timedelta(days=3)
        if high > low:
            reviews.append(
                previous_working_day(low + timedelta(days=between(rng, 0, (high - low).days)))
            )
    return reviews


def _first_review(rng: random.Random, icpc: date) -> date:
    due = CLOCKS["first_review_conference"].due_from(icpc)
    if chance(rng, cal.REVIEW_CONFERENCE_IN_TIME_RATE):
        return previous_working_day(due - timedelta(days=between(rng, 0, 14)))
    return next_working_day(due + timedelta(days=between(rng, 1, 20)))


def _next_review(rng: random.Random, previous: date) -> date:
    due = CLOCKS["later_review_conference"].due_from(previous)
    if chance(rng, cal.REVIEW_CONFERENCE_IN_TIME_RATE):
        return previous_working_day(due - timedelta(days=between(rng, 0, 20)))
    return next_working_day(due + timedelta(days=between(rng, 1, 20)))
