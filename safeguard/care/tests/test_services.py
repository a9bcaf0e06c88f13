"""The health services: each rule refuses with nothing written; a write is audited."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from safeguard.audit.models import AuditEntry
from safeguard.care import services
from safeguard.care.models import DentalCheck, HealthAssessment, SdqScore
from safeguard.cases.tests.factories import PlacementFactory
from safeguard.cases.workflow.rules import RuleViolation

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def _period(personas: Any) -> Any:
    """Own Child (born 1 March 2016), looked after since Monday 3 February 2025."""
    return PlacementFactory(period__child=personas.own_child).period


def _refused(call: Any) -> tuple[str, ...]:
    with pytest.raises(RuleViolation) as error:
        call()
    return error.value.rules


def test_an_initial_health_assessment_is_recorded_and_audited(personas):
    period = _period(personas)
    assessment = services.health_assessment_record(
        period=period,
        kind="initial",
        assessment_date=date(2025, 2, 20),
        carried_out_by=" Dr R Okafor, community paediatrician ",
        outcome="Well.",
    )
    assert (assessment.child, assessment.carried_out_by) == (
        personas.own_child,
        "Dr R Okafor, community paediatrician",
    )
    assert AuditEntry.objects.filter(
        action="create",
        object_type="care.healthassessment",
        object_id=str(assessment.pk),
        child_id=personas.own_child.pk,
    ).exists()


def test_a_second_initial_health_assessment_is_refused(personas):
    period = _period(personas)
    services.health_assessment_record(
        period=period, kind="initial", assessment_date=date(2025, 2, 20), carried_out_by="Dr A"
    )
    assert _refused(
        lambda: services.health_assessment_record(
            period=period, kind="initial", assessment_date=date(2025, 3, 1), carried_out_by="B"
        )
    ) == ("initial_health_assessment_once",)
    assert HealthAssessment.objects.count() == 1


def test_a_date_before_care_began_or_in_the_future_is_refused(personas):
    period = _period(personas)
    assert _refused(
        lambda: services.dental_check_record(period=period, check_date=date(2025, 2, 2))
    ) == ("health_date_within_care_period",)
    assert _refused(
        lambda: services.dental_check_record(period=period, check_date=date(2025, 3, 15))
    ) == ("date_not_in_future",)
    assert not DentalCheck.objects.exists()


def test_an_sdq_out_of_range_or_for_a_child_under_4_is_refused(personas):
    period = _period(personas)
    assert _refused(
        lambda: services.sdq_score_record(period=period, completed_on=date(2025, 3, 1), score=41)
    ) == ("sdq_score_in_range",)
    personas.own_child.date_of_birth = date(2022, 1, 1)
    personas.own_child.save()
    assert _refused(
        lambda: services.sdq_score_record(period=period, completed_on=date(2025, 3, 1), score=12)
    ) == ("sdq_age_4_to_16",)
    assert not SdqScore.objects.exists()


def test_immunisations_and_an_sdq_are_recorded(personas):
    period = _period(personas)
    status = services.immunisation_status_record(
        period=period, recorded_on=date(2025, 2, 20), up_to_date=False, notes="MMR 2 due"
    )
    sdq = services.sdq_score_record(period=period, completed_on=date(2025, 3, 1), score=17)
    assert (status.up_to_date, sdq.score, sdq.period) == (False, 17, period)
