"""The demo's children in care have health records (issue 15): an initial health assessment
for each period (mostly within 20 working days, some late), review health assessments,
dental checks, immunisations, and SDQ scores only for children of 4 to 16; every row holds
the rules the services ask."""

from __future__ import annotations

import pytest

from safeguard.care import rules
from safeguard.care.models import DentalCheck, HealthAssessment, ImmunisationStatus, SdqScore
from safeguard.cases.models import LookedAfterPeriod
from safeguard.timescales.clocks import CLOCKS

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def test_initial_health_assessments_are_mostly_on_time_and_some_late(northbridge):
    clock = CLOCKS["lac_initial_health_assessment"]
    initial = HealthAssessment.objects.filter(kind="initial").select_related("period")
    on_time = [a.assessment_date <= clock.due_from(a.period.start_date) for a in initial]
    assert len(on_time) >= 10
    assert 0.6 <= sum(on_time) / len(on_time) < 1
    assert len(on_time) == len({a.period_id for a in initial})  # one per period


def test_reviews_dental_checks_immunisations_and_sdqs_are_recorded(northbridge):
    assert HealthAssessment.objects.filter(kind="review").exists()
    assert DentalCheck.objects.exists()
    statuses = list(ImmunisationStatus.objects.values_list("up_to_date", flat=True))
    assert True in statuses and False in statuses
    assert SdqScore.objects.exists()


def test_every_row_is_inside_its_period_and_every_sdq_fits_the_childs_age(northbridge):
    periods = {p.pk: p for p in LookedAfterPeriod.objects.select_related("child")}
    for model, field in (
        (HealthAssessment, "assessment_date"),
        (DentalCheck, "check_date"),
        (ImmunisationStatus, "recorded_on"),
        (SdqScore, "completed_on"),
    ):
        for period_id, on in model.objects.values_list("period_id", field):
            p = periods[period_id]
            assert rules.health_date_within_care_period(p.start_date, p.end_date, "on", on) == []
            assert on <= AS_OF
    for sdq in SdqScore.objects.all():
        child = periods[sdq.period_id].child
        assert rules.sdq_age_4_to_16(child.date_of_birth, sdq.completed_on) == []
        assert 0 <= sdq.score <= 40
