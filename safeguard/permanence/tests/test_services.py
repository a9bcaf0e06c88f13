"""The adoption services: the journey from decision to order ends care adopted; each rule
refuses with nothing written; every write is audited."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from safeguard.audit.models import AuditEntry
from safeguard.cases.models import LookedAfterPeriod
from safeguard.cases.services import placement_change
from safeguard.cases.tests.factories import PlacementFactory
from safeguard.cases.workflow.rules import RuleViolation
from safeguard.permanence import services
from safeguard.permanence.models import AdoptionDecision, PreviousPermanence

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2025, 12, 1, 12, 0, tzinfo=LONDON), tick=False):
        yield


def _period(personas: Any) -> LookedAfterPeriod:
    """Own Child, looked after since Monday 3 February 2025, in foster care under s.20."""
    return PlacementFactory(period__child=personas.own_child).period


def _refused(call: Any) -> tuple[str, ...]:
    with pytest.raises(RuleViolation) as error:
        call()
    return error.value.rules


def _placed_for_adoption(period: LookedAfterPeriod, on: date) -> None:
    placement_change(
        period=period,
        change_date=on,
        reason_new_episode="B",
        legal_status="E1",
        placement_type="A6",
        provider="PR1",
        urn="1234567",
        reason_place_change="CARPL",
        move_planned=True,
    )


def test_the_journey_from_decision_to_adoption_order_ends_care_adopted(personas):
    period = _period(personas)
    decision = services.adoption_decision_record(period=period, decision_date=date(2025, 4, 1))
    services.adoption_match_record(
        decision=decision,
        match_date=date(2025, 6, 2),
        adopters_sex="MF",
        adopters_legal_status="L11",
    )
    _placed_for_adoption(period, date(2025, 6, 16))
    services.adoption_order_record(
        decision=decision, order_date=date(2025, 11, 3), reason_ceased="E11"
    )

    period.refresh_from_db()
    decision.refresh_from_db()
    assert (period.end_date, period.reason_ceased) == (date(2025, 11, 3), "E11")
    assert (decision.order_date, decision.adopters_count) == (date(2025, 11, 3), 2)
    entries = AuditEntry.objects.filter(
        object_type="permanence.adoptiondecision", object_id=str(decision.pk)
    )
    assert sorted(entries.values_list("action", flat=True)) == ["create", "update", "update"]


def test_the_order_is_refused_until_the_child_is_placed_for_adoption(personas):
    period = _period(personas)
    decision = services.adoption_decision_record(period=period, decision_date=date(2025, 4, 1))
    services.adoption_match_record(
        decision=decision,
        match_date=date(2025, 6, 2),
        adopters_sex="F1",
        adopters_legal_status="L0",
    )
    assert _refused(
        lambda: services.adoption_order_record(
            decision=decision, order_date=date(2025, 11, 3), reason_ceased="E12"
        )
    ) == ("adoption_order_needs_placement",)
    period.refresh_from_db()
    assert period.end_date is None


def test_a_second_decision_waits_for_the_first_to_be_reversed(personas):
    period = _period(personas)
    first = services.adoption_decision_record(period=period, decision_date=date(2025, 4, 1))
    assert _refused(
        lambda: services.adoption_decision_record(period=period, decision_date=date(2025, 5, 1))
    ) == ("adoption_decision_one_open",)
    services.adoption_decision_reverse(
        decision=first, no_longer_date=date(2025, 7, 1), reason="RD3"
    )
    assert _refused(
        lambda: services.adoption_decision_record(period=period, decision_date=date(2025, 6, 30))
    ) == ("adoption_decision_after_previous",)
    services.adoption_decision_record(period=period, decision_date=date(2025, 7, 1))
    assert AdoptionDecision.objects.count() == 2
    # The reversed one is closed: it is neither matched nor reversed again.
    assert _refused(
        lambda: services.adoption_decision_reverse(
            decision=first, no_longer_date=date(2025, 8, 1), reason="RD4"
        )
    ) == ("adoption_decision_stands",)


def test_a_match_before_the_decision_with_unfitting_adopters_is_refused_together(personas):
    decision = services.adoption_decision_record(
        period=_period(personas), decision_date=date(2025, 4, 1)
    )
    assert _refused(
        lambda: services.adoption_match_record(
            decision=decision,
            match_date=date(2025, 3, 1),
            adopters_sex="M1",
            adopters_legal_status="L11",
        )
    ) == ("adoption_match_after_decision", "adopters_fit_together")
    decision.refresh_from_db()
    assert decision.match_date is None


def test_previous_permanence_is_recorded_once_and_audited(personas):
    period = _period(personas)
    permanence = services.previous_permanence_record(
        period=period, option="P2", authority_code=" 352 ", order_date=date(2019, 6, 1)
    )
    assert permanence.authority_code == "352"
    assert AuditEntry.objects.filter(
        action="create", object_type="permanence.previouspermanence", child_id=period.child_id
    ).exists()
    assert _refused(lambda: services.previous_permanence_record(period=period, option="Z1")) == (
        "previous_permanence_once",
    )
    assert PreviousPermanence.objects.count() == 1
