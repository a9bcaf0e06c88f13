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

Every period of care gets its permanence plan (the SSD's codes, `PermanencePlanOption`),
agreed at its first review (or within a few weeks of care starting, if it ended before one)
and consistent with where the journey went: adoption for a child placed for adoption or
decided for it; return to the birth family for a child who went home; a long-term placement
with relatives or friends for a special guardianship or child arrangements order to them;
long-term fostering for a long-term foster placement; supported living for a young person
who left for independence or is 16 or over; a residential placement for an older child in a
children's home. About a third of plans changed once, at a later review: an adopted child's
first plan was an eventual return home, a plan of return home became long-term fostering.
The IRO's visits and contacts before the reviews come from `iro.py`.

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
from safeguard.permanence.models import AdoptionDecision, PermanencePlan, PreviousPermanence

from .iro import IroContactRow, give_iro_contacts, write_iro_contacts
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


@dataclass(slots=True, eq=False)
class PlanRow:
    child: ChildHistory
    period: CarePeriodRow
    agreed_on: date
    plan: str


@dataclass
class PermanenceRows:
    decisions: list[DecisionRow] = field(default_factory=list)
    previous: list[PreviousRow] = field(default_factory=list)
    plans: list[PlanRow] = field(default_factory=list)
    iro_contacts: list[IroContactRow] = field(default_factory=list)
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


# SSDA903 REC: returned home or left to live with family; an order to relatives or friends
# (special guardianship, E45 and E47; child arrangements, E41); special guardianship to
# carers who are neither (E46, E48), which the SSD's codes have no plan of its own for.
RETURNED_HOME = frozenset({"E4A", "E4B", "E13"})
ORDER_TO_FAMILY = frozenset({"E41", "E45", "E47"})
ORDER_TO_OTHERS = frozenset({"E46", "E48"})
INDEPENDENCE = frozenset({"E5", "E6", "E17"})
SUPPORTED_LIVING = frozenset({"H5", "K3", "P2"})
RESIDENTIAL = frozenset({"K1", "K2", "R1"})
OLDER = 16
# Changed once, at a later review.
CHANGED = 0.3


def _final_plan(
    h: ChildHistory,
    period: CarePeriodRow,
    episodes: list[PlacementRow],
    decision: DecisionRow | None,
    as_of: date,
) -> str:
    """The plan the journey shows by its end (or by `as_of`)."""
    reason = period.reason_ceased
    if reason in ADOPTED or (decision is not None and decision.no_longer_date is None):
        return "ADOPTION"
    if reason in RETURNED_HOME:
        return (
            "RETURN1M"
            if period.end_date and (period.end_date - period.start_date).days < 120
            else "RETURN6M"
        )
    if reason in ORDER_TO_FAMILY:
        return "LTRELFR"
    if reason in ORDER_TO_OTHERS:
        return "OTHERPLN"
    last = episodes[-1] if episodes else None
    born = h.child.date_of_birth
    end = period.end_date or as_of
    age = (end - born).days // 365 if born else 0
    if reason in INDEPENDENCE or (last and last.placement_type in SUPPORTED_LIVING):
        return "SUPPLIV"
    if last is not None and last.placement_type == "U1":
        return "LTRELFR"
    if any(e.visiting_plan == "long_term_foster" or e.placement_type == "U4" for e in episodes):
        return "LTFOST18"
    if age >= OLDER:
        return "SUPPLIV"
    if last is not None and last.placement_type in RESIDENTIAL and age >= 13:
        return "RESPLMT"
    if (end - period.start_date).days > 540:
        return "LTFOST18"
    return "RETURNEV" if reason == "" else "OTHERPLN"


def _first_plan(final: str) -> str:
    """What an earlier plan was, before the journey turned."""
    return {
        "ADOPTION": "RETURNEV",
        "LTFOST18": "RETURN6M",
        "LTRELFR": "LTFOST18",
        "SUPPLIV": "LTFOST18",
        "RESPLMT": "LTFOST18",
        "RETURN1M": "RETURN6M",
        "RETURN6M": "RETURNEV",
    }.get(final, "RETURN6M")


def _plans(
    h: ChildHistory,
    period: CarePeriodRow,
    episodes: list[PlacementRow],
    decision: DecisionRow | None,
    as_of: date,
    rng: Random,
) -> list[PlanRow]:
    """The period's permanence plan, agreed at its first review (or a few weeks in), and
    sometimes a change at a later review; an adoption plan stands by the decision to place."""
    last_day = min(period.end_date or as_of, as_of)
    reviews = sorted(
        r.review_date
        for r in h.care_reviews
        if r.period is period and period.start_date <= r.review_date <= last_day
    )
    first_on = reviews[0] if reviews else period.start_date + timedelta(days=between(rng, 10, 40))
    first_on = min(first_on, last_day)
    final = _final_plan(h, period, episodes, decision, as_of)
    change_on: date | None = None
    if final == "ADOPTION" and decision is not None and decision.decision_date > first_on:
        # The plan became adoption by the agency decision maker's decision.
        change_on = max(first_on, decision.decision_date - timedelta(days=between(rng, 0, 20)))
    elif len(reviews) > 1 and chance(rng, CHANGED):
        change_on = reviews[between(rng, 1, len(reviews) - 1)]
    if change_on is None or change_on <= first_on:
        rows = [PlanRow(h, period, first_on, final)]
    else:
        rows = [
            PlanRow(h, period, first_on, _first_plan(final)),
            PlanRow(h, period, change_on, final),
        ]
    found = []
    previous: PlanRow | None = None
    for row in rows:
        found += rules.permanence_plan_within_care_period(
            period.start_date, period.end_date, row.agreed_on
        )
        if previous is not None:
            found += rules.permanence_plan_after_previous(previous.agreed_on, row.agreed_on)
            found += rules.permanence_plan_changed(previous.plan, row.plan)
        if row.agreed_on > as_of:
            raise AssertionError("demo permanence plan agreed after the as-of date")
        previous = row
    if found:
        raise AssertionError(f"demo permanence plan breaks {[v.rule for v in found]}")
    return rows


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
            if period.start_date <= as_of:
                # A stream of its own, so the journeys above stay as they were.
                plan_rng = substream(seed, "permanence-plan", h.index, period.start_date)
                found.plans.extend(_plans(h, period, episodes, decision, as_of, plan_rng))
    found.iro_contacts = give_iro_contacts(children, seed, as_of)
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
        PermanencePlan.objects.bulk_create(
            PermanencePlan(
                child_id=r.child.child.id, period_id=r.period.id, agreed_on=r.agreed_on, plan=r.plan
            )
            for r in rows.plans
        )
    return {
        "adoption decisions": len(rows.decisions),
        "previous permanence": len(rows.previous),
        "permanence plans": len(rows.plans),
        **write_iro_contacts(rows.iro_contacts),
    }
