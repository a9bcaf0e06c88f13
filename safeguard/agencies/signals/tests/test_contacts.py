"""Signals and the front door: a contact from any route runs the child's rules at once
(SG03 counts them all); SG07 goes to the allocated worker and their manager; a signal
acknowledged as "treat as a contact for the front door" makes that contact.

Time is frozen at 10:00 on Friday 14 March 2025; the plan starts on 3 February 2025.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguard.agencies.signals import selectors, services
from safeguard.agencies.signals.models import Signal
from safeguard.agencies.signals.tests.factories import partner_event
from safeguard.audit.models import AuditEntry
from safeguard.cases.models import Contact
from safeguard.cases.tests.factories import (
    ChildProtectionPlanFactory,
    LookedAfterPeriodFactory,
    ReferralFactory,
    VisitFactory,
)
from safeguard.common import codes
from safeguard.front_door.services import CONTACT_RECEIVED_HOOKS, contact_receive
from safeguard.organisation.models import Team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2025, 3, 14, 10, 0, tzinfo=UTC), tick=False):
        yield


def on_plan(child, team):
    referral = ReferralFactory(child=child, team=team)
    plan = ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=referral
    )
    VisitFactory(child=child, visit_date=date(2025, 3, 7))
    return plan


def receive(child, route, **fields):
    return contact_receive(
        route=route,
        source=codes.ReferralSource.SCHOOL,
        concerns="Fictional concern for a test.",
        child=child,
        **fields,
    ).contact


# --- Every route runs the rules -----------------------------------------------------------------


def test_the_contact_hook_is_registered_with_the_front_door():
    assert services.signals_on_contact_received in CONTACT_RECEIVED_HOOKS


def test_the_third_contact_by_any_route_raises_sg03_at_once(personas):
    child = personas.team_child
    receive(child, codes.ContactRoute.PHONE, received_at=datetime(2024, 6, 3, 9, tzinfo=UTC))
    receive(child, codes.ContactRoute.PUBLIC_FORM, received_at=datetime(2024, 11, 4, 9, tzinfo=UTC))
    assert not Signal.objects.exists()

    third = receive(child, codes.ContactRoute.PARTNER_API)

    signal = Signal.objects.get(child=child)
    assert signal.rule_id == "SG03"
    assert f"contact:{third.pk}" in signal.evidence_key.split(",")
    assert signal.explanation.startswith("3 contacts between 3 June 2024 and 14 March 2025")


def test_an_unmatched_contact_runs_no_rules(personas):
    contact = receive(None, codes.ContactRoute.PUBLIC_FORM)
    assert contact.child is None
    assert not Signal.objects.exists()


def test_a_contact_is_kept_when_the_rules_cannot_run(personas, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("Fictional failure with case words in it")

    monkeypatch.setattr(services, "signals_evaluate_for_child", broken)
    with caplog.at_level(logging.ERROR):
        contact = receive(personas.own_child, codes.ContactRoute.PHONE)
    assert Contact.objects.filter(pk=contact.pk).exists()
    assert f"child {personas.own_child.pk} after contact {contact.pk} (RuntimeError)" in caplog.text
    assert "case words" not in caplog.text


# --- SG07 to the worker and the manager ---------------------------------------------------------


def test_sg07_goes_to_the_allocated_worker_and_their_manager(personas, sign_in):
    child = personas.own_child
    plan = on_plan(child, personas.team)
    event = partner_event(
        child=child, event_type="injury", occurred_on=date(2025, 3, 12), kind="hospital"
    )

    (signal,) = services.signals_evaluate_for_child(child_id=child.pk)

    assert signal.rule_id == "SG07"
    assert signal.evidence_key == f"partner_event:{event.pk},protection_plan:{plan.pk}"
    assert (signal.recipient_worker, signal.recipient_team) == (
        personas.social_worker.worker,
        personas.team,
    )
    for user in (personas.social_worker, personas.team_manager):
        my_cases = sign_in(user).get(reverse("cases:my_cases")).content.decode()
        assert f'data-signal="{signal.pk}"' in my_cases, user
    assert f'data-signal="{signal.pk}"' not in (
        sign_in(personas.other_worker).get(reverse("cases:my_cases")).content.decode()
    )


def test_another_rule_reaches_the_manager_on_the_dashboard_only(personas, sign_in):
    child = personas.own_child
    child.date_of_birth = date(2024, 6, 1)
    child.save()
    partner_event(child=child, event_type="injury", occurred_on=date(2025, 3, 12))
    (signal,) = services.signals_evaluate_for_child(child_id=child.pk)
    assert signal.rule_id == "SG06"
    manager = sign_in(personas.team_manager)
    assert (
        f'data-signal="{signal.pk}"' not in manager.get(reverse("cases:my_cases")).content.decode()
    )
    dashboard = manager.get(reverse("cases:team_dashboard")).content.decode()
    assert f'data-signal="{signal.pk}"' in dashboard


def test_sg07_fires_for_a_missing_episode_of_a_looked_after_child(personas):
    child = personas.own_child
    LookedAfterPeriodFactory(child=child)
    partner_event(
        child=child, event_type="missing_episode", occurred_on=date(2025, 3, 13), kind="police"
    )
    (signal,) = services.signals_evaluate_for_child(child_id=child.pk)
    assert signal.rule_id == "SG07"
    assert "a missing episode, and the child is looked after" in signal.explanation


# --- "Treat as a contact for the front door" ----------------------------------------------------


@pytest.fixture
def sg07(personas):
    child = personas.own_child
    on_plan(child, personas.team)
    partner_event(child=child, event_type="injury", occurred_on=date(2025, 3, 12), kind="hospital")
    (signal,) = services.signals_evaluate_for_child(child_id=child.pk)
    return signal


def test_treating_a_signal_as_a_contact_makes_it_in_the_front_door_queue(personas, sg07):
    worker = personas.social_worker.worker
    services.signal_acknowledge(
        signal=sg07,
        by=worker,
        decision=Signal.Decision.FRONT_DOOR_CONTACT,
        rationale="Needs the front door's multi-agency checks today.",
    )
    contact = Contact.objects.get()
    assert contact.route == codes.ContactRoute.SIGNAL
    assert contact.child == personas.own_child
    assert contact.team == personas.front_door and contact.decided_at is None
    assert contact.idempotency_key == f"signal:{sg07.pk}"
    assert contact.source == codes.ReferralSource.LA_SOCIAL_CARE
    assert contact.referrer == worker.full_name
    assert sg07.explanation in contact.concerns
    assert "Evidence:\n- 3 February 2025: Child protection plan from 3 February 2025" in (
        contact.concerns
    )
    assert AuditEntry.objects.filter(
        action="create", object_type="cases.contact", object_id=str(contact.pk)
    ).exists()
    assert selectors.signal_contact_get(sg07) == contact


def test_other_decisions_make_no_contact(personas, sg07):
    services.signal_acknowledge(
        signal=sg07,
        by=personas.social_worker.worker,
        decision=Signal.Decision.CONTACT_OR_REFERRAL,
        rationale="Referral already made by phone this morning.",
    )
    assert not Contact.objects.exists()


def test_without_a_front_door_team_nothing_is_acknowledged(personas, sg07):
    Team.objects.filter(pk=personas.front_door.pk).update(kind=Team.Kind.ASSESSMENT)
    with pytest.raises(ValidationError) as raised:
        services.signal_acknowledge(
            signal=sg07,
            by=personas.social_worker.worker,
            decision=Signal.Decision.FRONT_DOOR_CONTACT,
            rationale="Needs the front door's multi-agency checks today.",
        )
    assert "no front door team" in raised.value.message_dict["decision"][0]
    sg07.refresh_from_db()
    assert not sg07.is_acknowledged
    assert not Contact.objects.exists()


def test_the_acknowledgement_page_tells_the_contact_reference(personas, sg07, sign_in):
    client = sign_in(personas.social_worker)
    response = client.post(
        reverse("signals:acknowledge", args=[sg07.pk]),
        {
            "decision": "front_door_contact",
            "rationale": "Needs the front door's multi-agency checks today.",
        },
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    reference = Contact.objects.get().reference
    assert f"the front door has it as a contact, reference {reference}" in html
    assert f'id="contact-reference">{reference}<' in html
    assert "Treat as a contact for the front door" in html


def test_unmatched_contacts_are_not_candidates_for_the_nightly_run(personas):
    for _ in range(3):
        receive(None, codes.ContactRoute.PUBLIC_FORM)
    assert None not in services.signals_candidates(today=date(2025, 3, 14))
