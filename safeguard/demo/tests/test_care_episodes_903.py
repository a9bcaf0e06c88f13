"""The demo's periods of care hold what the SSDA903 validator found wrong at scale 1 (issue
15): police protection longer than 72 hours (rule 361), a care order after the placement for
adoption (408 and 217), a special guardianship order to former foster carers for a child who
was not fostered (516), and a child born on 29 February leaving care the day before 18 (1016).
Each is drawn for many children directly from the generator, no database needed."""

from __future__ import annotations

import random
from datetime import date, timedelta

from safeguard.care_leavers.eligibility import birthday
from safeguard.demo.generator import care
from safeguard.demo.generator.journeys import Journey
from safeguard.demo.generator.records import (
    CarePeriodRow,
    ChildHistory,
    PersonRow,
    PlacementRow,
    ReferralRow,
)

AS_OF = date(2026, 12, 1)
SEEDS = range(600)


def _journey(seed: int, born: date) -> Journey:
    child = PersonRow("", "", born, "F", "WBRI", is_child=True)
    return Journey(ChildHistory(index=seed, child=child), random.Random(seed), AS_OF, born)


def _episodes(seed: int, path: str, route: str, born: date, start: date) -> list[PlacementRow]:
    j = _journey(seed, born)
    period = CarePeriodRow(start, "N1")
    end = start + timedelta(days=700)
    care._placements(j, period, start, end, path, route, random.Random(seed))
    return j.h.placements


def test_police_protection_lasts_at_most_72_hours() -> None:
    protected = [
        e
        for seed in SEEDS
        for e in _episodes(seed, "home", "protection", date(2015, 6, 1), date(2025, 5, 1))
        if e.legal_status == "L1"
    ]
    assert len(protected) > 10
    assert all(e.end_date is not None for e in protected)
    assert max((e.end_date - e.start_date).days for e in protected if e.end_date) <= 3


def test_a_child_placed_for_adoption_stays_under_the_placement_order() -> None:
    placed = 0
    for seed in SEEDS:
        episodes = _episodes(seed, "adoption", "protection", date(2024, 1, 10), date(2024, 3, 1))
        at_adopters = [i for i, e in enumerate(episodes) if e.placement_type in ("A5", "A6")]
        if not at_adopters:
            continue
        placed += 1
        # One episode with the adopters, the last, under the placement order (rule 408), begun
        # with the move or the order (rule 217 for the foster carers who adopt).
        assert at_adopters == [len(episodes) - 1], seed
        last = episodes[-1]
        assert last.legal_status == "E1", seed
        if last.placement_type == "A5":
            assert last.reason_new_episode in ("T", "U"), seed
    assert placed > 300


def test_special_guardianship_to_former_foster_carers_follows_foster_care() -> None:
    reasons: dict[bool, set[str]] = {True: set(), False: set()}
    for seed in SEEDS:
        j = _journey(seed, date(2011, 9, 1))
        start = date(2022, 4, 4)
        j.referral = ReferralRow(None, start - timedelta(days=20), "2A", "N1")
        j.care_exit = care.CareExit("sgo", start + timedelta(days=500))
        care.care_period(j, start, route="protection")
        (period,) = j.h.care_periods
        fostered = j.h.placements[-1].placement_type in care.FOSTER_PLACEMENT_TYPES
        reasons[fostered].add(period.reason_ceased)
    assert reasons[True] == {"E45", "E46", "E47", "E48"}
    assert reasons[False] and reasons[False] <= {"E47", "E48"}


def test_a_child_born_on_29_february_leaves_care_at_18_on_1_march() -> None:
    born = date(2008, 2, 29)
    exits = [care.plan_exit(random.Random(seed), born, date(2025, 10, 1)) for seed in SEEDS]
    at_18 = {e.end for e in exits if e.path == "to_18"}
    assert at_18 == {date(2026, 3, 1)} == {birthday(born, 18)}
    assert all(e.end < date(2026, 3, 1) for e in exits if e.path != "to_18")
