"""The demo's adoption journeys and previous permanence (issue 15): every period of care
with a step towards adoption has the decision behind it, every adopted child the match and
the order on the day care ended, and every period of care its previous permanence."""

from __future__ import annotations

import pytest

from safeguard.cases.models import LookedAfterPeriod, Placement
from safeguard.permanence.models import AdoptionDecision, PreviousPermanence

pytestmark = pytest.mark.django_db


def test_each_step_towards_adoption_has_its_decision(northbridge):
    towards = set(
        Placement.objects.filter(placement_type__in=("A3", "A4", "A5", "A6")).values_list(
            "period_id", flat=True
        )
    ) | set(Placement.objects.filter(legal_status="E1").values_list("period_id", flat=True))
    decided = set(AdoptionDecision.objects.values_list("period_id", flat=True))
    assert towards and towards <= decided


def test_adopted_children_were_matched_and_their_order_ended_care(northbridge):
    adopted = LookedAfterPeriod.objects.filter(reason_ceased__in=("E11", "E12"))
    assert adopted.exists()
    for period in adopted:
        decision = AdoptionDecision.objects.get(period=period, order_date__isnull=False)
        assert decision.order_date == period.end_date
        assert decision.decision_date <= decision.match_date < decision.order_date


def test_every_period_of_care_has_its_previous_permanence(northbridge):
    assert PreviousPermanence.objects.count() == LookedAfterPeriod.objects.count()
