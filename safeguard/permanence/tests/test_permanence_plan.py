"""The permanence plan: its rules without a database; the service that records it (refusals
with nothing written, each write audited); the page (check your answers, need to know, the
audit of the read) and the record's panel with the plan in force and its history.

Time is frozen at noon on Friday 14 March 2025; Own Child is looked after since Monday
3 February 2025.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguard.audit.models import AuditEntry
from safeguard.cases.models import LookedAfterPeriod
from safeguard.cases.tests.factories import PlacementFactory
from safeguard.cases.tests.views.test_actions import (
    banner,
    day,
    frozen_today,  # noqa: F401 (autouse fixture)
    record,
)
from safeguard.cases.workflow.rules import RuleViolation
from safeguard.cases.workflow.rules.names import Rule
from safeguard.permanence import rules, services
from safeguard.permanence.models import PermanencePlan, PermanencePlanOption

STARTED = date(2025, 2, 3)


# --- The rules -------------------------------------------------------------------------------


def test_a_plan_agreed_before_care_began_breaks_the_care_period_rule():
    found = rules.permanence_plan_within_care_period(STARTED, None, date(2025, 2, 2))
    assert [v.rule for v in found] == [Rule.PERMANENCE_PLAN_WITHIN_CARE_PERIOD]
    assert "on or after 3 February 2025, when the child became looked after" in found[0].message
    assert rules.permanence_plan_within_care_period(STARTED, None, STARTED) == []


def test_a_plan_agreed_after_care_ended_breaks_the_care_period_rule():
    found = rules.permanence_plan_within_care_period(STARTED, date(2025, 3, 1), date(2025, 3, 2))
    assert "on or before 1 March 2025" in found[0].message


def test_a_plan_must_not_be_agreed_before_the_one_in_force():
    found = rules.permanence_plan_after_previous(date(2025, 3, 1), date(2025, 2, 28))
    assert [v.rule for v in found] == [Rule.PERMANENCE_PLAN_AFTER_PREVIOUS]
    assert rules.permanence_plan_after_previous(date(2025, 3, 1), date(2025, 3, 1)) == []
    assert rules.permanence_plan_after_previous(None, date(2025, 2, 28)) == []


def test_recording_the_plan_in_force_again_is_not_a_change():
    found = rules.permanence_plan_changed("ADOPTION", "ADOPTION")
    assert [v.rule for v in found] == [Rule.PERMANENCE_PLAN_CHANGED]
    assert "already 'Adoption'" in found[0].message
    assert rules.permanence_plan_changed("RETURN6M", "ADOPTION") == []
    assert rules.permanence_plan_changed(None, "ADOPTION") == []


def test_the_codes_are_the_standard_safeguarding_datasets():
    assert list(PermanencePlanOption.values) == [
        "REMAINSUP",
        "RETURN1M",
        "RETURN6M",
        "RETURNEV",
        "LTRELFR",
        "LTFOST18",
        "RESPLMT",
        "SUPPLIV",
        "ADOPTION",
        "OTHERPLN",
    ]


# --- The service -----------------------------------------------------------------------------


def _period(personas: Any) -> LookedAfterPeriod:
    return PlacementFactory(period__child=personas.own_child).period


def _refused(**kwargs: Any) -> tuple[str, ...]:
    with pytest.raises(RuleViolation) as error:
        services.permanence_plan_record(**kwargs)
    return error.value.rules


@pytest.mark.django_db
def test_a_change_of_plan_keeps_the_earlier_one_and_each_is_audited(personas):
    period = _period(personas)
    first = services.permanence_plan_record(
        period=period, agreed_on=date(2025, 2, 20), plan="RETURN6M"
    )
    second = services.permanence_plan_record(
        period=period, agreed_on=date(2025, 3, 10), plan="ADOPTION"
    )
    assert list(PermanencePlan.objects.order_by("agreed_on").values_list("plan", flat=True)) == [
        "RETURN6M",
        "ADOPTION",
    ]
    audited = AuditEntry.objects.filter(object_type="permanence.permanenceplan")
    assert sorted(audited.values_list("object_id", flat=True)) == sorted(
        [str(first.pk), str(second.pk)]
    )
    assert set(audited.values_list("child_id", flat=True)) == {personas.own_child.pk}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("agreed_on", "plan", "rule"),
    [
        (date(2025, 2, 2), "ADOPTION", Rule.PERMANENCE_PLAN_WITHIN_CARE_PERIOD),
        (date(2025, 3, 15), "ADOPTION", Rule.DATE_NOT_IN_FUTURE),
        (date(2025, 2, 27), "ADOPTION", Rule.PERMANENCE_PLAN_AFTER_PREVIOUS),
        (date(2025, 3, 5), "LTFOST18", Rule.PERMANENCE_PLAN_CHANGED),
    ],
)
def test_a_plan_that_breaks_a_rule_is_refused_and_nothing_is_written(
    personas, agreed_on, plan, rule
):
    period = _period(personas)
    services.permanence_plan_record(period=period, agreed_on=date(2025, 2, 28), plan="LTFOST18")
    audited = AuditEntry.objects.count()
    assert rule in _refused(period=period, agreed_on=agreed_on, plan=plan)
    assert PermanencePlan.objects.count() == 1
    assert AuditEntry.objects.count() == audited


@pytest.mark.django_db
def test_a_plan_after_care_ended_is_refused(personas):
    period = _period(personas)
    LookedAfterPeriod.objects.filter(pk=period.pk).update(
        end_date=date(2025, 3, 1), reason_ceased="E4A"
    )
    period.refresh_from_db()
    assert _refused(period=period, agreed_on=date(2025, 3, 3), plan="ADOPTION") == (
        Rule.PERMANENCE_PLAN_WITHIN_CARE_PERIOD,
    )
    assert not PermanencePlan.objects.exists()


# --- The page and the record -----------------------------------------------------------------


def _url(personas: Any) -> str:
    return reverse("permanence:permanence_plan", args=[personas.own_child.pk])


@pytest.mark.django_db
def test_the_worker_records_the_plan_after_checking_the_answers(personas, sign_in):
    _period(personas)
    client = sign_in(personas.social_worker)
    assert _url(personas) == f"/children/{personas.own_child.pk}/permanence-plan"
    response = record(client, _url(personas), {"plan": "LTFOST18", **day("agreed_on", STARTED)})
    assert banner(response) == ["Permanence plan recorded"]
    plan = PermanencePlan.objects.get()
    assert (plan.plan, plan.agreed_on, plan.child_id) == (
        "LTFOST18",
        STARTED,
        personas.own_child.pk,
    )


@pytest.mark.django_db
def test_a_date_before_care_is_refused_beside_the_question(personas, sign_in):
    _period(personas)
    response = sign_in(personas.social_worker).post(
        _url(personas), {"plan": "ADOPTION", **day("agreed_on", date(2025, 1, 31))}
    )
    assert response.status_code == 400
    assert "when the child became looked after" in response.content.decode()
    assert not PermanencePlan.objects.exists()


@pytest.mark.django_db
def test_a_child_not_in_care_goes_back_to_the_record_with_a_message(personas, sign_in):
    response = sign_in(personas.social_worker).get(_url(personas))
    assert response.status_code == 302
    assert "looked after" in banner(response)[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("social_worker", 200),
        ("team_manager", 200),
        ("other_worker", 404),
        ("front_door_worker", 403),
        ("auditor", 403),
    ],
)
def test_who_may_open_the_permanence_plan_page(personas, sign_in, user, status):
    _period(personas)
    assert sign_in(getattr(personas, user)).get(_url(personas)).status_code == status


@pytest.mark.django_db
def test_opening_the_page_is_audited_as_a_read_of_the_child(personas, sign_in):
    _period(personas)
    sign_in(personas.social_worker).get(_url(personas))
    assert AuditEntry.objects.filter(
        action="read", child_id=personas.own_child.pk, actor_id=personas.social_worker.pk
    ).exists()


@pytest.mark.django_db
def test_the_record_shows_the_plan_in_force_and_the_earlier_ones(personas, sign_in):
    period = _period(personas)
    client = sign_in(personas.social_worker)
    url = f"/children/{personas.own_child.pk}"
    page = client.get(url).content.decode()
    assert "Record the permanence plan" in page and _url(personas) in page
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for agreed_on, plan in ((date(2025, 2, 20), "RETURN6M"), (date(2025, 3, 10), "ADOPTION")):
        PermanencePlan.objects.create(
            child=personas.own_child, period=period, agreed_on=agreed_on, plan=plan
        )
    with CaptureQueriesContext(connection) as after:
        page = client.get(url).content.decode()
    assert len(after) == len(before)
    assert "Adoption (agreed 10 March 2025)" in page
    assert "Return to birth family within six months (agreed 20 February 2025)" in page
    assert "Record a change of permanence plan" in page
