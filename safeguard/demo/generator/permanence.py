"""The demo's adoption journeys and previous permanence.

Every period of care whose episodes show a step towards adoption (a placement order, E1 or
D1; a placement for adoption, A3-A6; an adoption order, ceased E11 or E12) gets the journey
that leads to it: the agency decision maker's decision some weeks before the first of those
steps, the match a few weeks before the child moved to the adopters (who they are drawn at
rough national proportions: mostly a married or unmarried man and woman, some same-sex
couples, a few single adopters), and then the adoption order on the day care ended, or, for
a period that ended otherwise, the decision that the child should no longer be placed. Every
period gets its previous permanence: a few children had been adopted or under a special
guardianship or child arrangements order before, the rest are not known.

Drawn from a random stream of its own, after the care periods are laid out (`care.py`), so
the rest of the demo is as it was. Every row is checked with the rules the services ask
(`permanence.rules`); the rows are written after the rest of the authority.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random

from django.db import transaction

from safeguard.permanence import rules
from safeguard.permanence.models import AdoptionDecision, PreviousPermanence

from .records import CarePeriodRow, ChildHistory, PlacementRow
from .streams import Weighted, between, chance, substream

ADOPTED = frozenset({"E11", "E12"})
ORDERS = frozenset({"E1", "D1"})
ADOPTERS = Weighted({"MF": 75, "FF": 8, "MM": 7, "F1": 8, "M1": 2})
STATUS_FOR = {
    "MF": Weighted({"L11": 70, "L3": 30}),
    "FF": Weighted({"L12": 40, "L2": 40, "L4": 20}),
    "MM": Weighted({"L12": 40, "L2": 40, "L4": 20}),
    "F1": Weighted({"L0": 1}),
    "M1": Weighted({"L0": 1}),
}
# Why a decision was reversed when care ended otherwise (SSDA903 REASON_PLACED_CEASED).
NO_LONGER = Weighted({"RD1": 40, "RD2": 20, "RD3": 25, "RD4": 15})
# About one child in thirty starting care had permanence before (adoption, SGO, CAO).
HAD_PERMANENCE = 0.03
PREVIOUS = Weighted({"P1": 25, "P2": 45, "P3": 30})
# The authorities that arranged it: the demo's own, or one nearby (DfE codes).
PERMANENCE_AUTHORITIES = Weighted({"own": 60, "351": 10, "353": 10, "354": 10, "356": 10})


@dataclass(slots=True, eq=False)
class DecisionRow:
    child: ChildHistory
    period: CarePeriodRow
    decision_date: date
    match_date: date | None = None
    adopters_sex: str = ""
    adopters_legal_status: str = ""
    order_date: date | None = None
    no_longer_date: date | None = None
    no_longer_reason: str = ""


@dataclass(slots=True, eq=False)
class PreviousRow:
    child: ChildHistory
    period: CarePeriodRow
    option: str
    authority_code: str = ""
    order_date: date | None = None


@dataclass
class PermanenceRows:
    decisions: list[DecisionRow] = field(default_factory=list)
    previous: list[PreviousRow] = field(default_factory=list)
    # Adopted children whose episodes moved them on from the adopters before the order.
    moved_on_before_order: int = 0


def _first_placed(episodes: list[PlacementRow]) -> date | None:
    return next(
        (e.start_date for e in episodes if e.placement_type in rules.ADOPTIVE_PLACEMENTS), None
    )


def _first_order(episodes: list[PlacementRow]) -> date | None:
    return next((e.start_date for e in episodes if e.legal_status in ORDERS), None)


def _decision(
    h: ChildHistory, period: CarePeriodRow, episodes: list[PlacementRow], rng: Random
) -> DecisionRow | None:
    placed = _first_placed(episodes)
    order = _first_order(episodes)
    adopted = period.reason_ceased in ADOPTED
    steps = [d for d in (placed, order) if d is not None]
    if adopted and period.end_date is not None:
        steps.append(period.end_date)
    if not steps:
        return None
    decided = max(
        period.start_date + timedelta(days=1), min(steps) - timedelta(days=between(rng, 20, 120))
    )
    row = DecisionRow(h, period, decided)
    if placed is not None:
        row.match_date = max(decided, placed - timedelta(days=between(rng, 7, 60)))
        row.adopters_sex = ADOPTERS.pick(rng)
        row.adopters_legal_status = STATUS_FOR[row.adopters_sex].pick(rng)
    if period.end_date is not None:
        if adopted and row.match_date is not None:
            row.order_date = period.end_date
        else:
            row.no_longer_date = max(decided, period.end_date - timedelta(days=between(rng, 0, 30)))
            row.no_longer_reason = NO_LONGER.pick(rng)
    return row


def _placed_on(episodes: list[PlacementRow]) -> tuple[str | None, date | None]:
    """The last episode's placement type, and the start of the adoptive run it ends in."""
    placed_on = None
    for episode in reversed(episodes):
        if episode.placement_type not in rules.ADOPTIVE_PLACEMENTS:
            break
        placed_on = episode.start_date
    return (episodes[-1].placement_type if episodes else None), placed_on


def _check(row: DecisionRow, episodes: list[PlacementRow], as_of: date) -> bool:
    """Raise on any rule broken; True when the child was moved on from the adopters before
    the order (the episodes' doing, not the journey's)."""
    p = row.period
    moved_on = False
    found = []
    for name, on in (
        ("decision_date", row.decision_date),
        ("match_date", row.match_date),
        ("no_longer_date", row.no_longer_date),
    ):
        found += rules.adoption_date_within_care_period(p.start_date, p.end_date, name, on)
    found += rules.adoption_match_after_decision(row.decision_date, row.match_date)
    found += rules.adopters_fit_together(row.adopters_sex, row.adopters_legal_status)
    found += rules.adoption_no_longer_after_decision(row.decision_date, row.no_longer_date)
    if row.order_date is not None:
        last_type, placed_on = _placed_on(episodes)
        if placed_on is None and _first_placed(episodes) is not None:
            # care.py moves some children on from the adopters before the adoption order
            # (docs/permanence.md, "The demo"): the journey is the one their episodes show.
            placed_on = _first_placed(episodes)
            moved_on = True
        else:
            found += rules.adoption_order_needs_placement(last_type, placed_on, row.match_date)
        found += rules.adoption_order_after_match(row.match_date, placed_on, row.order_date)
    latest = max(d for d in (row.decision_date, row.match_date, row.no_longer_date) if d)
    if found or latest > as_of:
        raise AssertionError(f"demo adoption journey breaks {[v.rule for v in found]}")
    return moved_on


def _previous(h: ChildHistory, period: CarePeriodRow, rng: Random, own_code: str) -> PreviousRow:
    born = h.child.date_of_birth
    latest = period.start_date - timedelta(days=180)
    if born is None or not chance(rng, HAD_PERMANENCE) or latest <= born + timedelta(days=365):
        return PreviousRow(h, period, rules.NOT_KNOWN)
    ordered = born + timedelta(days=between(rng, 365, (latest - born).days))
    authority = PERMANENCE_AUTHORITIES.pick(rng)
    row = PreviousRow(h, period, PREVIOUS.pick(rng), own_code if authority == "own" else authority)
    row.order_date = ordered
    found = rules.previous_permanence_fits(
        row.option, row.authority_code, row.order_date, period.start_date
    )
    if found:
        raise AssertionError(f"demo previous permanence breaks {[v.rule for v in found]}")
    return row


def give_permanence(
    children: list[ChildHistory], seed: int, as_of: date, own_code: str
) -> PermanenceRows:
    """The adoption journeys and previous permanence of the demo's looked-after children."""
    found = PermanenceRows()
    for h in children:
        if not h.care_periods:
            continue
        rng = substream(seed, "permanence", h.index)
        for period in h.care_periods:
            found.previous.append(_previous(h, period, rng, own_code))
            episodes = sorted(
                (e for e in h.placements if e.period is period), key=lambda e: e.start_date
            )
            decision = _decision(h, period, episodes, rng)
            if decision is not None:
                found.moved_on_before_order += _check(decision, episodes, as_of)
                found.decisions.append(decision)
    return found


def write_permanence(rows: PermanenceRows) -> dict[str, int]:
    """Write the rows once the children and their periods of care have their ids."""
    with transaction.atomic():
        AdoptionDecision.objects.bulk_create(
            AdoptionDecision(
                child_id=r.child.child.id,
                period_id=r.period.id,
                decision_date=r.decision_date,
                match_date=r.match_date,
                adopters_sex=r.adopters_sex,
                adopters_legal_status=r.adopters_legal_status,
                order_date=r.order_date,
                no_longer_date=r.no_longer_date,
                no_longer_reason=r.no_longer_reason,
            )
            for r in rows.decisions
        )
        PreviousPermanence.objects.bulk_create(
            PreviousPermanence(
                child_id=r.child.child.id,
                period_id=r.period.id,
                option=r.option,
                authority_code=r.authority_code,
                order_date=r.order_date,
            )
            for r in rows.previous
        )
    return {"adoption decisions": len(rows.decisions), "previous permanence": len(rows.previous)}
