"""Periods of care: placements and legal statuses (SSDA903 episodes), reviews and visits.

How a period ends (adoption, special guardianship, return home, turning 18...) is drawn when
it starts, by the child's age, and the legal statuses and placements are laid out to fit:
an emergency status becomes an interim care order within days, a child who will be adopted
moves under a placement order to their adopters months before the adoption order.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from safeguard.care_leavers.eligibility import birthday
from safeguard.cases.workflow import lac_visits, rules
from safeguard.common import codes
from safeguard.timescales.clocks import CLOCKS
from safeguard.timescales.working_days import add_months, add_working_days

from . import calibration as cal
from . import texts
from .people import random_postcode
from .records import CarePeriodRow, CareReviewRow, PlacementRow
from .streams import Weighted, between, chance, pick
from .timeline import ONE_DAY, next_working_day, previous_working_day, years_between

if TYPE_CHECKING:
    from .journeys import Journey

EXITS = {band: Weighted(weights) for band, weights in cal.CARE_EXIT_WEIGHTS_BY_AGE.items()}
PARTICIPATION = Weighted(
    {"PN1": 40, "PN2": 10, "PN3": 5, "PN4": 5, "PN5": 10, "PN6": 20, "PN7": 10}
)

# First placement by age band (SSDA903 PLACE codes).
PLACEMENT_BY_AGE = {
    0: Weighted({"U6": 55, "U3": 18, "R3": 10, "P1": 5, "U5": 12}),
    1: Weighted({"U6": 62, "U3": 25, "P1": 8, "K2": 2, "U4": 3}),
    10: Weighted({"U6": 52, "U3": 14, "K2": 22, "P1": 6, "K1": 1, "R1": 2, "S1": 3}),
    16: Weighted({"U6": 32, "U3": 8, "K2": 20, "K3": 32, "P1": 5, "R5": 3}),
}
PROVIDER_BY_PLACEMENT = {
    "U1": Weighted({"PR1": 1}),
    "U2": Weighted({"PR1": 1}),
    "U3": Weighted({"PR1": 1}),
    "U4": Weighted({"PR1": 6, "PR4": 4}),
    "U5": Weighted({"PR1": 7, "PR5": 3}),
    "U6": Weighted({"PR1": 6, "PR4": 4}),
    # A secure children's home is a council's or a private one (SSDA903 rule 529: not PR3).
    "K1": Weighted({"PR2": 6, "PR4": 4}),
    "K2": Weighted({"PR4": 8, "PR1": 2}),
    "K3": Weighted({"PR4": 6, "PR5": 4}),
    "P1": Weighted({"PR0": 1}),
    "R1": Weighted({"PR4": 1}),
    "R3": Weighted({"PR4": 7, "PR5": 3}),
    "R5": Weighted({"PR3": 1}),
    "S1": Weighted({"PR4": 6, "PR2": 4}),
    "A5": Weighted({"PR1": 7, "PR5": 3}),
    "A6": Weighted({"PR1": 6, "PR5": 4}),
}
REASON_CEASED = {
    "adoption": Weighted({"E11": 6, "E12": 4}),
    "sgo": Weighted({"E45": 5, "E46": 1, "E47": 3, "E48": 1}),
    "cao": Weighted({"E41": 1}),
    "home": Weighted({"E4A": 75, "E4B": 10, "E13": 15}),
    "to_18": Weighted({"E17": 20, "E5": 45, "E6": 10, "E8": 25}),
    "other": Weighted({"E8": 50, "E9": 15, "E13": 25, "E16": 10}),
}
# Why a placement ended in a move (SSDA903 REASON_PLACE_CHANGE), for planned and unplanned
# moves.
PLANNED_MOVE_REASONS = Weighted({"CARPL": 70, "LAREQ": 12, "PLACE": 8, "CLOSE": 6, "OTHER": 4})
UNPLANNED_MOVE_REASONS = Weighted(
    {"CREQB": 30, "CREQO": 18, "CHILD": 16, "STAND": 8, "ALLEG": 6, "APPRR": 4, "CLOSE": 8,
     "OTHER": 10}
)  # fmt: skip
# What an IRO recommends at a looked-after review (fictional, generic).
IRO_RECOMMENDATIONS = (
    "The placement continues and meets the child's needs. Life-story work to start before "
    "the next review.",
    "Contact with the birth family to stay at fortnightly, supervised; review it in three months.",
    "The personal education plan to be updated with the virtual school this term.",
    "An initial health assessment is overdue: the social worker to chase it this month.",
    "The permanence plan to go to the next permanence panel.",
    "The child's wish for more time with their brother to be arranged by the next review.",
    "Support for the carers around the child's behaviour at bedtime, through the fostering "
    "social worker.",
    "The child to be offered an independent visitor and an advocate.",
)
FOSTER_PLACEMENT_TYPES = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
CLOSURE_BY_EXIT = {"adoption": "RC1", "sgo": "RC4", "cao": "RC3"}
# The case note when care ends, by how it ended: in words, not the exit's name.
CARE_ENDED_NOTES = {
    "adoption": "Care ended: the child was adopted.",
    "sgo": "Care ended: a special guardianship order was made.",
    "cao": "Care ended: a child arrangements order was made.",
    "home": "Care ended: the child returned home.",
    "to_18": "Care ended: the young person turned 18.",
    "other": "Care ended for another reason.",
}


@dataclass(frozen=True)
class CareExit:
    path: str  # adoption, sgo, cao, home, to_18 or other
    end: date


def plan_exit(rng: random.Random, born: date, start: date) -> CareExit:
    """How and when a period of care that starts on `start` will end."""
    age = years_between(born, start)
    band = 0 if age < 1 else 1 if age < 5 else 5 if age < 10 else 10 if age < 16 else 16
    path = EXITS[band].pick(rng)
    if path == "adoption":
        days = between(rng, 480, 1000)
    elif path == "sgo":
        days = between(rng, 300, 1100)
    elif path == "cao":
        days = between(rng, 200, 700)
    elif path == "home":
        days = int(math.exp(math.log(150) + rng.gauss(0, 1.0)))
        days = min(1100, max(3, days))
    elif path == "other":
        days = between(rng, 30, 700)
    else:
        days = 100 * 365
    # On the birthday as Safeguard counts it (1 March for someone born on 29 February): a day
    # earlier, the return would count them as leaving care before 18 (the validator's 1016).
    eighteenth = birthday(born, 18)
    end = start + timedelta(days=days)
    if end >= eighteenth:
        return CareExit("to_18", eighteenth)
    return CareExit(path, end)


def _placement_for(rng: random.Random, age: int) -> str:
    band = 0 if age < 1 else 1 if age < 10 else 10 if age < 16 else 16
    return PLACEMENT_BY_AGE[band].pick(rng)


def _placement_fitting(place: str, status: str) -> str:
    """A child accommodated under section 20 (V2) is not placed with their parents (P1: the
    validator's rule 378, `rules.placement_fits_legal_status`): one drawn so goes to a
    relative or friend instead. No draw is added, so the demo's other values stay as they
    were (P1's provider and U3's are each one draw)."""
    return "U3" if rules.placement_fits_legal_status(place, status) else place


def _sgo_reason_fitting(reason: str, last_place: str) -> str:
    """A special guardianship order to former foster carers (E45, E46) is made only for a
    child who left a foster placement (U1-U6, the validator's rule 516); drawn for a child
    leaving anywhere else, it goes to other carers, relatives or friends as drawn (E47,
    E48). No draw is added."""
    if last_place in FOSTER_PLACEMENT_TYPES:
        return reason
    return {"E45": "E47", "E46": "E48"}.get(reason, reason)


def _first_legal_status(rng: random.Random, route: str, age: int) -> str:
    if route == "protection":
        return pick(rng, ("C1",) * 12 + ("V2",) * 6 + ("L1", "L2"))
    if age >= 12 and chance(rng, 0.06):
        return "J1"
    return pick(rng, ("V2",) * 13 + ("C1",) * 4 + ("L1",) * 2 + ("L2",))


def _side_rng(j: Journey, start: date) -> random.Random:
    """The care plan, the reasons for moves and the IRO's recommendations are drawn from a
    stream of their own (seeded from the child's journey), so adding them left every other
    draw of the demo as it was."""
    return random.Random(j.chair_key * 1_000_003 + start.toordinal())


def _care_plan_date(rng: random.Random, start: date) -> date:
    """Care Planning Regs 2010 reg. 4(2): before the first placement, or within 10 working days
    of its start if that was not practicable; some late."""
    if chance(rng, cal.CARE_PLAN_BEFORE_PLACEMENT_RATE):
        return previous_working_day(start - timedelta(days=between(rng, 1, 10)))
    if chance(rng, cal.CARE_PLAN_IN_TIME_RATE):
        return add_working_days(start, between(rng, 1, 10))
    return add_working_days(start, between(rng, 11, 25))


def care_period(j: Journey, start: date, *, route: str) -> tuple[date, str]:
    """The child becomes looked after on `start`. Return when and why the episode closes."""
    rng = j.rng
    side = _side_rng(j, start)
    referral = j.referral
    assert referral is not None
    exit_ = j.care_exit or plan_exit(rng, j.born, start)
    j.care_exit = None
    end = exit_.end
    need = referral.primary_need if referral.primary_need in _CARE_NEEDS else "N1"
    period = CarePeriodRow(start, need)
    agreed = _care_plan_date(side, start)
    # Not agreed yet, or never (care ended before it was): no date on the record.
    if agreed <= j.as_of and agreed <= end:
        period.care_plan_date = agreed
    j.touch(end)
    # The worker who brought the child into care keeps the case for at least the first few
    # days (a shorter social worker episode is the SSDA903 validator's SW09STG2).
    j.segment(
        start + timedelta(days=between(rng, 3, 20)), "children_in_care", True,
        "Became looked after: transfer to the children in care team",
    )  # fmt: skip
    j.note(start, "Became looked after", "Child placed; care plan agreed.")
    if start <= j.as_of:
        j.h.care_periods.append(period)
        if end <= j.as_of:
            period.end_date = end
            period.reason_ceased = REASON_CEASED[exit_.path].pick(rng)
        stays = _placements(j, period, start, end, exit_.path, route, side)
        period.reason_ceased = _sgo_reason_fitting(
            period.reason_ceased, j.h.placements[-1].placement_type
        )
        _reviews(j, period, start, end, side)
        _visits(j, period, stays, end)
    j.note(end, "Stopped being looked after", CARE_ENDED_NOTES[exit_.path])

    if exit_.path in CLOSURE_BY_EXIT:
        return end, CLOSURE_BY_EXIT[exit_.path]
    if exit_.path == "home" and chance(rng, 0.4):
        # Not before a protection plan that outlasted a short stay in care has ended.
        return j.cin_plan(max(end, j.latest), escalate=False)
    if exit_.path == "to_18":
        if (end - start).days >= 91:
            j.care_leaver_from = end
        if j.h.disabled and chance(rng, 0.5):
            return end, "RC6"
        return end, "RC7"
    return add_working_days(end, between(rng, 0, 15)), "RC7"


_CARE_NEEDS = frozenset({"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"})


def _move(rng: random.Random, j: Journey, ended: PlacementRow, new_place: str, when: date) -> None:
    """Why the placement `ended` ended in a move to `new_place`, and whether it was planned,
    on the episode that ended (SSDA903 REASON_PLACE_CHANGE). None for a move into or out of a
    temporary placement (the validator's rule 226)."""
    if {ended.placement_type, new_place} & codes.TEMPORARY_PLACEMENT_TYPES:
        ended.move_planned = chance(rng, cal.PLANNED_MOVE_RATE)
        return
    if new_place in ("A5", "A6"):  # to the adopters, as the care plan says
        ended.reason_place_change, ended.move_planned = "CARPL", True
    elif new_place == "R5" and j.age_on(when) >= 10:  # into custody
        ended.reason_place_change, ended.move_planned = "CUSTOD", False
    elif chance(rng, cal.PLANNED_MOVE_RATE):
        ended.reason_place_change, ended.move_planned = PLANNED_MOVE_REASONS.pick(rng), True
    else:
        ended.reason_place_change, ended.move_planned = UNPLANNED_MOVE_REASONS.pick(rng), False


def _placements(
    j: Journey,
    period: CarePeriodRow,
    start: date,
    end: date,
    path: str,
    route: str,
    side: random.Random,
) -> list[tuple[date, date]]:
    """Write the SSDA903 episodes; return the stays (placement changes, not status changes)."""
    rng = j.rng
    age = j.age_on(start)
    status = _first_legal_status(rng, route, age)
    place = _placement_fitting(_placement_for(rng, age), status)
    # (date, new legal status or "", new placement or "")
    changes: list[tuple[date, str, str]] = []
    if status in ("L1", "L2"):
        # Police protection lasts at most 72 hours (Children Act 1989 s.46(6); the 903
        # validator's rule 361), an emergency protection order 8 days (s.45(1)).
        days = between(rng, 2, 8)
        if status == "L1":
            days = 1 + days % 3
        changes.append((start + timedelta(days=days), "C1", ""))
        status_after = "C1"
    else:
        status_after = status
    long_stay = path in ("adoption", "sgo", "cao", "to_18") or (end - start).days > 240
    if long_stay and status_after == "V2" and chance(rng, 0.45):
        changes.append((start + timedelta(days=between(rng, 20, 120)), "C1", ""))
        status_after = "C1"
    if long_stay and status_after == "C1":
        changes.append((start + timedelta(days=between(rng, 200, 420)), "C2", ""))
    placed_for_adoption = None
    if path == "adoption":
        adopters = end - timedelta(days=between(rng, 150, 330))
        placed_for_adoption = max(adopters, start + timedelta(days=40))
        changes.append((placed_for_adoption, "E1", pick(rng, ("A5", "A6"))))
    moves_per_year = cal.PLACEMENT_MOVES_PER_YEAR * (1.6 if age >= 12 else 1.0)
    d = start
    while moves_per_year > 0:
        d += timedelta(days=1 + int(rng.expovariate(moves_per_year / 365.25)))
        if d >= end or d > j.as_of:
            break
        changes.append((d, "", _placement_for(rng, j.age_on(d))))
    # A child placed with their adopters stays there until the adoption order (the 903
    # validator's rule 390): moves drawn after it are dropped, with no draw taken back. So is
    # a care order drawn for that day or after: the placement order (E1) is the legal status
    # until the adoption order (rule 408), and a later status change would start an episode
    # at the adopters with a reason other than S, T or U (rule 217).
    changes = sorted(
        c
        for c in changes
        if start < c[0] < end
        and (placed_for_adoption is None or c[0] < placed_for_adoption or c[1] == "E1")
    )

    episodes: list[PlacementRow] = []
    stays: list[tuple[date, date]] = []
    stay_start = start
    provider = PROVIDER_BY_PLACEMENT[place].pick(rng)
    current = PlacementRow(period, start, "S", status, place, provider, random_postcode(rng))
    episodes.append(current)
    for when, new_status, new_place in changes:
        if when > j.as_of:
            break
        if when == current.start_date:
            continue
        status_changed = bool(new_status) and new_status != current.legal_status
        # A placement change is a move to a new carer, even if the kind of placement is alike.
        place_changed = bool(new_place)
        if not status_changed and not place_changed:
            continue
        current.end_date = when
        if place_changed:
            new_place = _placement_fitting(
                new_place, new_status if status_changed else current.legal_status
            )
            _move(side, j, current, new_place, when)
            stays.append((stay_start, when))
            stay_start = when
            provider = PROVIDER_BY_PLACEMENT[new_place].pick(rng)
            postcode = random_postcode(rng)
        else:
            postcode = current.postcode
        reason = "B" if status_changed and place_changed else "L" if status_changed else "P"
        if new_place == "A5":  # placed for adoption with the same (foster) carer: rule 217
            reason = "U" if status_changed else "T"
        current = PlacementRow(
            period,
            when,
            reason,
            new_status if status_changed else current.legal_status,
            new_place if place_changed else current.placement_type,
            provider,
            postcode,
        )
        episodes.append(current)
        if place_changed:
            j.note(when, "Placement move", "Child moved to a new placement.")
    current.end_date = j.upto(end)
    stays.append((stay_start, end))
    _visiting_plans(j, episodes, path)
    j.h.placements.extend(episodes)
    return stays


def _visiting_plans(j: Journey, episodes: list[PlacementRow], path: str) -> None:
    """What each placement is meant to be (Care Planning Regs 2010, reg. 28): long-term foster
    care (U1, U4), where about half the children of 10 or over agree to six-monthly visits; a
    children's home meant to last until 18 for a teenager who stays in care to 18; a first
    placement with a relative or friend (U3) under temporary approval (reg. 24); a placement
    with parents (P1) before assessment (reg. 19). Drawn from a stream of each placement's own,
    so every other draw of the demo stays as it was."""
    first = episodes[0].start_date if episodes else None
    for e in episodes:
        if e.placement_type in ("U1", "U4"):
            e.visiting_plan = "long_term_foster"
            agrees = random.Random(j.chair_key * 7_919 + e.start_date.toordinal())
            e.six_monthly_visits_agreed = j.age_on(e.start_date) >= 10 and chance(agrees, 0.5)
        elif e.placement_type == "K2" and path == "to_18" and j.age_on(e.start_date) >= 14:
            e.visiting_plan = "until_18"
        elif e.placement_type == "U3" and e.start_date == first:
            e.visiting_plan = "connected_person"
        elif e.placement_type == "P1":
            e.visiting_plan = "parent_before_assessment"


def _reviews(
    j: Journey, period: CarePeriodRow, start: date, end: date, side: random.Random
) -> None:
    """Care Planning Regs 2010 reg. 33: within 20 working days, then 3 months, then 6; each
    chaired by the child's IRO (named by the staffing stage), with their recommendations."""
    rng = j.rng
    stop = min(end, j.as_of + ONE_DAY)
    in_time = chance(rng, cal.CARE_REVIEW_IN_TIME_RATE)
    d = add_working_days(start, between(rng, 10, 20) if in_time else between(rng, 21, 30))
    months = 3
    while d < stop:
        participation = "PN0" if j.age_on(d) < 4 else PARTICIPATION.pick(rng)
        j.h.care_reviews.append(
            CareReviewRow(
                period,
                d,
                participation,
                iro_recommendations=pick(side, IRO_RECOMMENDATIONS),
                iro_key=j.chair_key,
            )
        )
        due = add_months(d, months)
        months = 6
        if chance(rng, cal.CARE_REVIEW_IN_TIME_RATE):
            d = previous_working_day(due - timedelta(days=between(rng, 0, 25)))
        else:
            d = next_working_day(due + timedelta(days=between(rng, 1, 25)))


def _visits(j: Journey, period: CarePeriodRow, stays: list[tuple[date, date]], end: date) -> None:
    """Care Planning Regs 2010 reg. 28: within a week of each placement, then by the clock the
    placement's plan sets on the day of each visit (`workflow.lac_visits`, which the
    timeline asks too): weekly until the first review with a parent before assessment or a
    connected person, then four-weekly with a connected person; three-monthly after the first
    year of a placement meant to last until 18, six-monthly where the child agreed to it in a
    long-term foster placement; otherwise six-weekly. Most visits are in time, some late."""
    rng = j.rng
    facts = [
        lac_visits.PlacementPlanFact(e.start_date, e.visiting_plan, e.six_monthly_visits_agreed)
        for e in j.h.placements
        if e.period is period
    ]
    first_review = min(
        (r.review_date for r in j.h.care_reviews if r.period is period), default=None
    )
    for stay_start, stay_end in stays:
        stop = min(stay_end, end, j.as_of + ONE_DAY)
        d = next_working_day(stay_start + timedelta(days=between(rng, 1, 6)))
        while d < stop:
            j.visit(codes.VisitKind.LAC_VISIT, d, seen_rate=0.95, notes=texts.CARE_VISIT_NOTES)
            clock = CLOCKS[lac_visits.lac_visit_clock(d, facts, first_review)]
            due = clock.due_from(d)
            # Early by up to half the interval, or late by up to three weeks.
            spread = max(1, (due - d).days // 2)
            if chance(rng, cal.CARE_VISIT_IN_TIME_RATE):
                early = previous_working_day(due - timedelta(days=between(rng, 0, spread)))
                d = max(next_working_day(d + ONE_DAY), early)
            else:
                d = next_working_day(due + timedelta(days=between(rng, 1, min(spread, 21))))
