"""The IRO's visits and contacts: the rules without a database; the service (refusals with
nothing written, each write audited); the page (check your answers, need to know, the audit
of the read) and the record's panel with the latest contact.

Time is frozen at noon on Friday 14 March 2025; Own Child is looked after since Monday
3 February 2025.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from safeguard.audit.models import AuditEntry
from safeguard.care import rules, services
from safeguard.care.models import IroContact
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
from safeguard.organisation.models import Worker
from safeguard.organisation.tests.factories import WorkerFactory

STARTED = date(2025, 2, 3)


# --- The rules -------------------------------------------------------------------------------


def test_a_visit_in_person_asks_whether_the_child_was_seen_alone_and_only_a_visit_does():
    assert [v.rule for v in rules.iro_contact_seen_alone_fits("visit", None)] == [
        Rule.IRO_CONTACT_SEEN_ALONE_FITS
    ]
    assert rules.iro_contact_seen_alone_fits("remote", True)[0].fields == ("seen_alone",)
    assert rules.iro_contact_seen_alone_fits("visit", False) == []
    assert rules.iro_contact_seen_alone_fits("other", None) == []


def test_the_contact_is_an_iros_in_post():
    assert [v.rule for v in rules.iro_contact_by_iro(False)] == [Rule.IRO_CONTACT_BY_IRO]
    assert rules.iro_contact_by_iro(True) == []


def test_a_contact_before_care_began_breaks_the_care_period_rule():
    found = rules.iro_contact_within_care_period(STARTED, None, "contact_date", date(2025, 2, 2))
    assert [v.rule for v in found] == [Rule.IRO_CONTACT_WITHIN_CARE_PERIOD]
    assert "when the child became looked after" in found[0].message


# --- The service -----------------------------------------------------------------------------


def _period(personas: Any) -> LookedAfterPeriod:
    return PlacementFactory(period__child=personas.own_child).period


def _iro(personas: Any, **kwargs: Any) -> Worker:
    worker: Worker = WorkerFactory(authority=personas.authority, team=None, chair=True, **kwargs)
    return worker


def _refused(**kwargs: Any) -> tuple[str, ...]:
    with pytest.raises(RuleViolation) as error:
        services.iro_contact_record(**kwargs)
    return error.value.rules


@pytest.mark.django_db
def test_a_visit_is_recorded_with_the_iro_and_audited(personas):
    period = _period(personas)
    iro = _iro(personas)
    contact = services.iro_contact_record(
        period=period, contact_date=date(2025, 3, 3), iro=iro, method="visit", seen_alone=True
    )
    assert (contact.child_id, contact.iro_id, contact.seen_alone) == (
        personas.own_child.pk,
        iro.pk,
        True,
    )
    assert AuditEntry.objects.filter(
        object_type="care.irocontact", object_id=str(contact.pk), child_id=personas.own_child.pk
    ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"contact_date": date(2025, 2, 2)}, Rule.IRO_CONTACT_WITHIN_CARE_PERIOD),
        ({"contact_date": date(2025, 3, 15)}, Rule.DATE_NOT_IN_FUTURE),
        ({"method": "remote"}, Rule.IRO_CONTACT_SEEN_ALONE_FITS),
        ({"seen_alone": None}, Rule.IRO_CONTACT_SEEN_ALONE_FITS),
        ({"iro": "social worker"}, Rule.IRO_CONTACT_BY_IRO),
        ({"iro": "left"}, Rule.IRO_CONTACT_BY_IRO),
    ],
)
def test_a_contact_that_breaks_a_rule_is_refused_and_nothing_is_written(personas, changes, rule):
    period = _period(personas)
    iros = {
        "social worker": WorkerFactory(authority=personas.authority),
        "left": _iro(personas, left_on=date(2025, 2, 28)),
    }
    answers: dict[str, Any] = {
        "period": period,
        "contact_date": date(2025, 3, 3),
        "iro": _iro(personas),
        "method": "visit",
        "seen_alone": True,
        **changes,
    }
    if isinstance(answers["iro"], str):
        answers["iro"] = iros[answers["iro"]]
    audited = AuditEntry.objects.count()
    assert rule in _refused(**answers)
    assert not IroContact.objects.exists()
    assert AuditEntry.objects.count() == audited


@pytest.mark.django_db
def test_a_contact_after_care_ended_is_refused(personas):
    period = _period(personas)
    LookedAfterPeriod.objects.filter(pk=period.pk).update(
        end_date=date(2025, 3, 1), reason_ceased="E4A"
    )
    period.refresh_from_db()
    assert _refused(
        period=period, contact_date=date(2025, 3, 3), iro=_iro(personas), method="other"
    ) == (Rule.IRO_CONTACT_WITHIN_CARE_PERIOD,)


# --- The page and the record -----------------------------------------------------------------


def _url(personas: Any) -> str:
    return reverse("care:iro_contact", args=[personas.own_child.pk])


@pytest.mark.django_db
def test_the_worker_records_a_phone_call_after_checking_the_answers(personas, sign_in):
    _period(personas)
    iro = _iro(personas)
    client = sign_in(personas.social_worker)
    assert _url(personas) == f"/children/{personas.own_child.pk}/iro-contact"
    response = record(
        client,
        _url(personas),
        {**day("contact_date", date(2025, 3, 10)), "iro": str(iro.pk), "method": "remote"},
    )
    assert banner(response) == ["IRO visit or contact recorded"]
    contact = IroContact.objects.get()
    assert (contact.method, contact.seen_alone, contact.iro_id) == ("remote", None, iro.pk)


@pytest.mark.django_db
def test_a_visit_without_seen_alone_is_refused_beside_the_question(personas, sign_in):
    _period(personas)
    iro = _iro(personas)
    response = sign_in(personas.social_worker).post(
        _url(personas),
        {**day("contact_date", date(2025, 3, 10)), "iro": str(iro.pk), "method": "visit"},
    )
    assert response.status_code == 400
    assert "Select whether the IRO saw the child alone" in response.content.decode()
    assert not IroContact.objects.exists()


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
def test_who_may_open_the_iro_contact_page(personas, sign_in, user, status):
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
def test_the_record_shows_the_latest_contact_and_the_link(personas, sign_in):
    period = _period(personas)
    iro = _iro(personas)
    for on, method, alone in (
        (date(2025, 2, 10), "remote", None),
        (date(2025, 3, 3), "visit", False),
    ):
        IroContact.objects.create(
            child=personas.own_child,
            period=period,
            contact_date=on,
            iro=iro,
            method=method,
            seen_alone=alone,
        )
    page = sign_in(personas.social_worker).get(f"/children/{personas.own_child.pk}")
    html = page.content.decode()
    assert "3 March 2025 (Visit in person, not seen alone)" in html
    assert "10 February 2025" not in html.split("care-iro")[1].split("</section>")[0]
    assert _url(personas) in html
