"""Which visiting clock runs after a looked-after child's visit: the Care Planning, Placement and
Case Review (England) Regulations 2010 (SI 2010/959), reg. 28, by the placement's plan.

The interval after a visit is set by the placement the child was in on the day of that visit
and what it was meant to be (`Placement.visiting_plan`), and, for a placement with a parent
before assessment or a temporarily approved connected person, by whether the first
looked-after review has been held:

- with a parent before assessment (reg. 19) or a connected person (reg. 24, or a parent under
  an interim care order): weekly until the first review (reg. 28(3)(a), (4)(a)); then four-weekly
  for a connected person (reg. 28(4)(b)) and six-weekly for a parent (reg. 28(3)(b));
- after the first year of a placement meant to last until 18: three-monthly (reg. 28(2)(c)(i));
- after the first year of a long-term foster placement: six-monthly only where the child has
  agreed, which is recorded (reg. 28 as amended by SI 2015/495), otherwise three-monthly (such a
  placement is meant to last until 18);
- otherwise six-weekly (reg. 28(2)(b), (c)(ii)).

The first visit of a period of care (`lac_first_visit`, one week) is the timeline's. Plain
Python; the overdue query (`selectors.timescales`) applies the same choice in SQL and the tests
hold the two together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from safeguard.timescales.working_days import add_months

STANDARD = "standard"
UNTIL_18 = "until_18"
LONG_TERM_FOSTER = "long_term_foster"
PARENT_BEFORE_ASSESSMENT = "parent_before_assessment"
CONNECTED_PERSON = "connected_person"

# Reg. 28(3)(a), (4)(a): weekly until the first review.
WEEKLY_UNTIL_FIRST_REVIEW = frozenset({PARENT_BEFORE_ASSESSMENT, CONNECTED_PERSON})
# Reg. 28(2)(c)(i): the longer interval after the first year.
MEANT_TO_LAST_UNTIL_18 = frozenset({UNTIL_18, LONG_TERM_FOSTER})
# "The first year of any placement" (reg. 28(2)(b)): a year, not a clock.
PLACEMENT_FIRST_YEAR_MONTHS = 12
# The clocks that can run after a visit (`lac_visit_clock`'s answers).
LATER_VISIT_CLOCKS = (
    "lac_visit_weekly_until_first_review",
    "lac_visit_connected_person",
    "lac_visit_long_term_foster",
    "lac_visit_until_18",
    "lac_visit",
)


@dataclass(frozen=True)
class PlacementPlanFact:
    start_date: date
    visiting_plan: str = STANDARD
    six_monthly_visits_agreed: bool = False


def placement_on(placements: Sequence[PlacementPlanFact], day: date) -> PlacementPlanFact | None:
    """The placement in force on `day`: the latest to start on or before it."""
    started = [p for p in placements if p.start_date <= day]
    return max(started, key=lambda p: p.start_date) if started else None


def first_year_ends(placement: PlacementPlanFact) -> date:
    """The first day after the placement's first year."""
    return add_months(placement.start_date, PLACEMENT_FIRST_YEAR_MONTHS)


def lac_visit_clock(
    last_visit: date, placements: Sequence[PlacementPlanFact], first_review: date | None
) -> str:
    """The clock that runs from a visit at which the child was seen on `last_visit`."""
    placement = placement_on(placements, last_visit)
    if placement is None:
        return "lac_visit"
    plan = placement.visiting_plan
    if plan in WEEKLY_UNTIL_FIRST_REVIEW and (first_review is None or first_review > last_visit):
        return "lac_visit_weekly_until_first_review"
    if plan == CONNECTED_PERSON:
        return "lac_visit_connected_person"
    if plan in MEANT_TO_LAST_UNTIL_18 and last_visit >= first_year_ends(placement):
        if plan == LONG_TERM_FOSTER and placement.six_monthly_visits_agreed:
            return "lac_visit_long_term_foster"
        return "lac_visit_until_18"
    return "lac_visit"
