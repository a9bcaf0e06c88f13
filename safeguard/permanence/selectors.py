"""Reads of a looked-after child's adoption journey and previous permanence. The callers have
found the child within need to know (the record's selector, or `child_get_for_action` on a
page); each read is a fixed number of queries whatever the child's history.

The record's adoption section and chronology start from the child's periods of care and
episodes, kept on the child for the request (`cases.selectors.care_periods_of`): a child
never looked after costs no query, and the decisions are read once for both."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from safeguard.cases.models import LookedAfterPeriod, Placement
from safeguard.cases.selectors import (
    care_period_latest_of,
    placements_of,
)
from safeguard.cases.selectors.care_periods import care_rows, register_care_tables, row_fields
from safeguard.cases.selectors.record import Table
from safeguard.people.models import Person

from .models import AdoptionDecision, PermanencePlan, PreviousPermanence
from .rules import ADOPTIVE_PLACEMENTS

__all__ = [
    "AdoptionJourney",
    "adoption_decision_open_get",
    "adoption_decisions_list",
    "adoption_journey",
    "permanence_plan_current_get",
    "permanence_plans_list",
    "placed_for_adoption_on",
    "placement_latest_get",
    "previous_permanence_get",
]


def placement_latest_get(*, period: LookedAfterPeriod) -> Placement | None:
    """The period's open episode, or its last one once care has ended: one query."""
    return period.placements.order_by("-start_date", "-pk").first()


def placed_for_adoption_on(*, period: LookedAfterPeriod) -> date | None:
    """The day the child was placed for adoption: the start of the run of adoptive episodes
    (A3-A6) the period is in or ended in; a change of legal status while placed keeps the
    placement. One query."""
    return _placed_on(
        period.placements.order_by("-start_date", "-pk").values_list("placement_type", "start_date")
    )


def _placed_on(latest_first: Iterable[tuple[str, date]]) -> date | None:
    """From the period's episodes' (type, start), latest first."""
    placed_on = None
    for placement_type, start in latest_first:
        if placement_type not in ADOPTIVE_PLACEMENTS:
            break
        placed_on = start
    return placed_on


# Permanence's tables, each under its name in `care_rows`: read with care's and the care
# leavers' in one statement, once for the request.
_DECISIONS, _PREVIOUS, _PLANS = "adoption_decision", "previous_permanence", "permanence_plan"
register_care_tables(
    *(
        Table(name, model, row_fields(model))
        for name, model in (
            (_DECISIONS, AdoptionDecision),
            (_PREVIOUS, PreviousPermanence),
            (_PLANS, PermanencePlan),
        )
    )
)


def adoption_decisions_list(*, child: Person) -> list[AdoptionDecision]:
    """The child's decisions that they should be placed for adoption, latest first: read
    once for the object with the other care rows (`care_rows`; each decision belongs to a
    period of care, so none for a child never looked after)."""
    return list(reversed(care_rows(child, _DECISIONS, order_by=("decision_date",))))


def adoption_decision_open_get(*, period: LookedAfterPeriod) -> AdoptionDecision | None:
    """The decision standing in this period of care, if any (one at a time)."""
    return AdoptionDecision.objects.filter(
        period=period, order_date__isnull=True, no_longer_date__isnull=True
    ).first()


def previous_permanence_get(*, period: LookedAfterPeriod) -> PreviousPermanence | None:
    return PreviousPermanence.objects.filter(period=period).first()


@dataclass(frozen=True)
class AdoptionJourney:
    """What the record shows of the child's latest period of care: five queries."""

    period: LookedAfterPeriod | None
    decisions: list[AdoptionDecision]
    placed_on: date | None = None
    previous: PreviousPermanence | None = None
    # The latest period's permanence plans, latest first: the first is the plan in force.
    plans: list[PermanencePlan] = field(default_factory=list)

    @property
    def open_decision(self) -> AdoptionDecision | None:
        if self.period is None:
            return None
        return next(
            (d for d in self.decisions if d.is_open and d.period_id == self.period.pk), None
        )


def adoption_journey(*, child: Person) -> AdoptionJourney:
    """None for a child never looked after; otherwise the care rows read once for the object
    (`care_rows`: one query, none for the periods and episodes the record has read)."""
    period = care_period_latest_of(child)
    if period is None:
        return AdoptionJourney(period=None, decisions=[])
    episodes = [p for p in placements_of(child) if p.period_id == period.pk]
    previous = [p for p in care_rows(child, _PREVIOUS) if p.period_id == period.pk]
    plans = care_rows(child, _PLANS, order_by=("agreed_on",))
    return AdoptionJourney(
        period=period,
        decisions=adoption_decisions_list(child=child),
        placed_on=_placed_on((p.placement_type, p.start_date) for p in reversed(episodes)),
        previous=previous[0] if previous else None,
        plans=[p for p in reversed(plans) if p.period_id == period.pk],
    )


def permanence_plans_list(*, period: LookedAfterPeriod) -> list[PermanencePlan]:
    """The period's permanence plans, latest first: one query."""
    return list(PermanencePlan.objects.filter(period=period).order_by("-agreed_on", "-pk"))


def permanence_plan_current_get(*, period: LookedAfterPeriod) -> PermanencePlan | None:
    """The plan in force now: the latest agreed in the period."""
    return PermanencePlan.objects.filter(period=period).order_by("-agreed_on", "-pk").first()
