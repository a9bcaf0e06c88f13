"""The services for a looked-after child's education, UASC status, motherhood, convictions
and substance misuse: each write is audited; each rule refuses with nothing written.

Time is frozen at noon on Friday 14 March 2025; Own Child (born 1 March 2016) is looked after
since Monday 3 February 2025."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from safeguard.audit.models import AuditEntry
from safeguard.care import services
from safeguard.care.models import (
    Conviction,
    Motherhood,
    PersonalEducationPlan,
    SubstanceMisuse,
    UascStatus,
)
from safeguard.cases.tests.factories import PlacementFactory
from safeguard.cases.workflow.rules import RuleViolation

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def _period(personas: Any) -> Any:
    return PlacementFactory(period__child=personas.own_child).period


def _refused(call: Any) -> tuple[str, ...]:
    with pytest.raises(RuleViolation) as error:
        call()
    return error.value.rules


def _plan(period: Any, kind: str, on: date) -> PersonalEducationPlan:
    return services.education_plan_record(
        period=period,
        kind=kind,
        meeting_date=on,
        school=" Riverside Primary School ",
        virtual_school_involved=True,
    )


def test_the_initial_pep_and_a_review_are_recorded_and_audited(personas):
    period = _period(personas)
    plan = _plan(period, "initial", date(2025, 2, 20))
    _plan(period, "review", date(2025, 3, 10))
    assert plan.school == "Riverside Primary School"
    assert PersonalEducationPlan.objects.filter(period=period).count() == 2
    assert AuditEntry.objects.filter(
        action="create",
        object_type="care.personaleducationplan",
        object_id=str(plan.pk),
        child_id=personas.own_child.pk,
    ).exists()


def test_a_second_initial_pep_a_review_first_and_one_before_care_are_refused(personas):
    period = _period(personas)
    assert _refused(lambda: _plan(period, "review", date(2025, 2, 20))) == (
        "pep_review_after_initial",
    )
    assert _refused(lambda: _plan(period, "initial", date(2025, 1, 20))) == (
        "care_record_date_within_period",
    )
    _plan(period, "initial", date(2025, 2, 20))
    assert _refused(lambda: _plan(period, "initial", date(2025, 3, 1))) == ("pep_initial_once",)
    assert PersonalEducationPlan.objects.count() == 1


def test_uasc_is_recorded_once_and_its_end_added_later(personas):
    period = _period(personas)
    status = services.uasc_record(period=period)
    assert _refused(lambda: services.uasc_record(period=period)) == ("uasc_recorded_once",)
    services.uasc_ceased_record(status=status, ceased_on=date(2025, 3, 1))
    assert UascStatus.objects.get().ceased_on == date(2025, 3, 1)
    assert AuditEntry.objects.filter(object_type="care.uascstatus", action="update").exists()


def test_uasc_cannot_cease_in_the_future(personas):
    status = services.uasc_record(period=_period(personas))
    assert _refused(
        lambda: services.uasc_ceased_record(status=status, ceased_on=date(2025, 3, 15))
    ) == ("date_not_in_future",)
    assert UascStatus.objects.get().ceased_on is None


def test_a_girl_is_recorded_as_a_mother_once_and_a_boy_is_refused(personas):
    period = _period(personas)
    child = personas.own_child
    child.sex, child.date_of_birth = "M", date(2009, 5, 1)
    child.save()
    assert _refused(
        lambda: services.motherhood_record(period=period, first_child_born_on=date(2025, 2, 10))
    ) == ("mother_is_female",)
    child.sex = "F"
    child.save()
    period.refresh_from_db()
    services.motherhood_record(period=period, first_child_born_on=date(2025, 2, 10))
    assert _refused(
        lambda: services.motherhood_record(period=period, first_child_born_on=date(2025, 2, 11))
    ) == ("mother_recorded_once",)
    assert Motherhood.objects.get().first_child_born_on == date(2025, 2, 10)


def test_a_conviction_of_a_child_under_10_is_refused(personas):
    period = _period(personas)
    assert _refused(
        lambda: services.conviction_record(period=period, convicted_on=date(2025, 3, 1))
    ) == ("conviction_age_10_or_over",)
    assert not Conviction.objects.exists()


def test_substance_misuse_is_recorded_with_its_intervention_and_a_bad_answer_refused(personas):
    period = _period(personas)
    services.substance_misuse_record(
        period=period, identified_on=date(2025, 3, 1), intervention="refused"
    )
    assert SubstanceMisuse.objects.get().get_intervention_display() == (
        "Offered an intervention but refused it"
    )
    assert _refused(
        lambda: services.substance_misuse_record(
            period=period, identified_on=date(2025, 3, 1), intervention="maybe"
        )
    ) == ("invalid_value",)
    assert SubstanceMisuse.objects.count() == 1
