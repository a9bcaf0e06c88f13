"""Raising signals for a child (routing, dedupe, audit) and acknowledging them.

Time is frozen at 10:00 on Friday 14 March 2025. The own child's plan starts on Monday
3 February 2025 (the case factories' dates); a visit on Friday 7 March 2025 saw them, so the
"not seen for four weeks" rule stays quiet unless a test wants it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguard.agencies.signals import services
from safeguard.agencies.signals.facts import child_facts_get
from safeguard.agencies.signals.models import Signal
from safeguard.agencies.signals.rules import Evidence, Finding
from safeguard.agencies.signals.tests.factories import partner_event
from safeguard.audit.models import AuditEntry
from safeguard.cases.models import Allocation
from safeguard.cases.tests.factories import (
    ChildProtectionPlanFactory,
    ContactFactory,
    ReferralFactory,
    VisitFactory,
)
from safeguard.people.tests.factories import AddressFactory, ChildFactory, ResidenceFactory

TODAY = date(2025, 3, 14)
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


def removed_from_roll(child, authority, on=date(2025, 3, 10)):
    return partner_event(
        child=child, event_type="removed_from_roll", occurred_on=on, authority=authority
    )


# --- raising and routing ----------------------------------------------------------------------


def test_a_signal_goes_to_the_allocated_worker_with_its_evidence(personas):
    child = personas.own_child
    plan = on_plan(child, personas.team)
    event = removed_from_roll(child, personas.authority)

    (signal,) = services.signals_evaluate_for_child(child_id=child.pk)

    assert signal.rule_id == "SG01"
    assert signal.recipient_worker == personas.social_worker.worker
    assert signal.recipient_team == personas.team
    assert signal.raised_on == TODAY
    assert signal.raised_at == datetime(2025, 3, 14, 10, 0, tzinfo=UTC)
    assert signal.evidence_key == f"partner_event:{event.pk},protection_plan:{plan.pk}"
    assert [item["kind"] for item in signal.evidence] == ["protection_plan", "partner_event"]
    assert signal.evidence[1]["description"] == "Removed from roll (Test school)"
    assert not signal.is_acknowledged
    entry = AuditEntry.objects.get(object_type="signals.signal")
    assert (entry.action, entry.object_id, entry.child_id) == ("create", str(signal.pk), child.pk)
    assert entry.details["rule"] == "SG01"


def test_evaluating_again_raises_nothing_new(personas):
    child = personas.own_child
    on_plan(child, personas.team)
    removed_from_roll(child, personas.authority)
    assert len(services.signals_evaluate_for_child(child_id=child.pk)) == 1

    assert services.signals_evaluate_for_child(child_id=child.pk) == []
    assert services.signals_evaluate_for_child(child_id=child.pk, today=date(2025, 3, 20)) == []
    assert Signal.objects.count() == 1


def test_a_second_removal_is_a_second_signal(personas):
    child = personas.own_child
    on_plan(child, personas.team)
    removed_from_roll(child, personas.authority)
    services.signals_evaluate_for_child(child_id=child.pk)
    partner_event(
        child=child,
        event_type="elective_home_education",
        occurred_on=date(2025, 3, 12),
        authority=personas.authority,
    )

    assert [s.rule_id for s in services.signals_evaluate_for_child(child_id=child.pk)] == ["SG01"]
    assert Signal.objects.count() == 2


def test_the_same_rule_and_evidence_cannot_be_stored_twice(personas):
    finding = Finding("SG06", (Evidence("partner_event", 1, TODAY),), "Injury")
    kwargs = dict(
        child_id=personas.own_child.pk,
        finding=finding,
        today=TODAY,
        worker=None,
        team=personas.team,
    )
    assert services._raise(**kwargs) is not None
    assert services._raise(**kwargs) is None
    assert Signal.objects.count() == 1


def test_a_team_allocation_without_a_worker_goes_to_the_team(personas):
    child = personas.team_child
    on_plan(child, personas.team)
    removed_from_roll(child, personas.authority)

    (signal,) = services.signals_evaluate_for_child(child_id=child.pk)

    assert signal.recipient_worker is None
    assert signal.recipient_team == personas.team


def test_a_worker_who_has_left_is_not_sent_it(personas):
    child = personas.own_child
    worker = personas.social_worker.worker
    worker.left_on = date(2025, 3, 1)
    worker.save()
    on_plan(child, personas.team)
    removed_from_roll(child, personas.authority)

    (signal,) = services.signals_evaluate_for_child(child_id=child.pk)

    assert (signal.recipient_worker, signal.recipient_team) == (None, personas.team)


def test_a_child_with_no_allocation_goes_to_the_front_door(personas):
    baby = ChildFactory(date_of_birth=date(2024, 6, 1))
    partner_event(
        child=baby,
        event_type="injury",
        occurred_on=date(2025, 3, 10),
        kind="hospital",
        authority=personas.authority,
    )

    (signal,) = services.signals_evaluate_for_child(child_id=baby.pk)

    assert signal.rule_id == "SG06"
    assert (signal.recipient_worker, signal.recipient_team) == (None, personas.front_door)


def test_an_allocation_that_ended_does_not_count(personas):
    child = personas.own_child
    Allocation.objects.filter(child=child).update(end_date=date(2025, 1, 31))
    ContactFactory(
        child=child, team=personas.front_door, received_at=datetime(2025, 3, 3, 9, tzinfo=UTC)
    )
    ContactFactory(
        child=child, team=personas.front_door, received_at=datetime(2025, 1, 3, 9, tzinfo=UTC)
    )
    ContactFactory(
        child=child, team=personas.front_door, received_at=datetime(2024, 6, 3, 9, tzinfo=UTC)
    )

    (signal,) = services.signals_evaluate_for_child(child_id=child.pk)

    assert signal.rule_id == "SG03"
    assert (signal.recipient_worker, signal.recipient_team) == (None, personas.front_door)


def test_the_passage_of_time_raises_not_seen_for_four_weeks(personas):
    child = personas.own_child
    on_plan(child, personas.team)  # seen on 7 March 2025

    assert services.signals_evaluate_for_child(child_id=child.pk, today=date(2025, 4, 3)) == []
    (signal,) = services.signals_evaluate_for_child(child_id=child.pk, today=date(2025, 4, 4))
    assert signal.rule_id == "SG05"
    assert services.signals_evaluate_for_child(child_id=child.pk, today=date(2025, 4, 11)) == []


def test_a_notification_at_the_address_reaches_the_child_living_there(personas):
    child = personas.own_child
    on_plan(child, personas.team)
    home = AddressFactory(line_1="12 Acacia Avenue", postcode="ZZ99 1AA")
    ResidenceFactory(person=child, address=home)
    partner_event(
        child=None,
        event_type="domestic_abuse_notification",
        occurred_on=date(2025, 3, 12),
        kind="police",
        postcode="ZZ99 1AA",
        address_line="12 Acacia Avenue, Testtown",
        authority=personas.authority,
    )

    (signal,) = services.signals_evaluate_for_address(postcode="zz991aa")

    assert (signal.rule_id, signal.child) == ("SG04", child)
    assert signal.recipient_worker == personas.social_worker.worker


def test_an_unknown_child_raises_nothing():
    assert services.signals_evaluate_for_child(child_id=987654) == []


# --- the facts the rules read -----------------------------------------------------------------


def _facts_queries(child):
    with CaptureQueriesContext(connection) as queries:
        child_facts_get(child_id=child.pk, today=TODAY)
    return len(queries)


def test_the_facts_are_read_in_a_fixed_number_of_queries(personas):
    child = personas.own_child
    on_plan(child, personas.team)
    home = AddressFactory(line_1="12 Acacia Avenue", postcode="ZZ99 1AA")
    ResidenceFactory(person=child, address=home)
    removed_from_roll(child, personas.authority)
    few = _facts_queries(child)

    for day in range(1, 9):
        removed_from_roll(child, personas.authority, on=date(2025, 2, day))
        VisitFactory(child=child, visit_date=date(2025, 2, day))
        ContactFactory(child=child, received_at=datetime(2025, 2, day, 9, tzinfo=UTC))
        partner_event(
            child=None,
            event_type="domestic_abuse_notification",
            occurred_on=date(2025, 2, day),
            kind="police",
            postcode="ZZ99 1AA",
            address_line="12 Acacia Avenue",
            authority=personas.authority,
        )
    assert _facts_queries(child) == few == 11


# --- who the nightly command looks at ---------------------------------------------------------


def test_the_candidates_are_the_children_a_rule_could_fire_for(personas):
    """14 March 2025: events since 14 December 2024 (90 days), missed appointments since
    14 September 2024, contacts since 14 March 2024 (a day wider: 13 March)."""
    on_plan(personas.own_child, personas.team)

    def child_with(*dates, event_type="concern"):
        child = ChildFactory()
        for on in dates:
            partner_event(
                child=child, event_type=event_type, occurred_on=on, authority=personas.authority
            )
        return child

    recent_event = child_with(date(2024, 12, 14))
    old_event = child_with(date(2024, 12, 13))
    three_missed = child_with(
        date(2024, 9, 14),
        date(2024, 10, 1),
        date(2024, 11, 1),
        event_type="missed_health_appointment",
    )
    two_missed = child_with(
        date(2024, 10, 1), date(2024, 11, 1), event_type="missed_health_appointment"
    )
    three_contacts, two_contacts = ChildFactory(), ChildFactory()
    for child, days in ((three_contacts, (14, 15, 16)), (two_contacts, (14, 15))):
        for day in days:
            ContactFactory(child=child, received_at=datetime(2024, 3, day, 12, tzinfo=UTC))
    at_the_address = ChildFactory()
    ResidenceFactory(person=at_the_address, address=AddressFactory(postcode="ZZ99 7AA"))
    partner_event(
        child=None,
        event_type="domestic_abuse_notification",
        kind="police",
        occurred_on=date(2025, 3, 1),
        postcode="ZZ99 7AA",
        authority=personas.authority,
    )

    candidates = set(services.signals_candidates(today=TODAY))

    assert candidates == {
        personas.own_child.pk,
        recent_event.pk,
        three_missed.pk,
        three_contacts.pk,
        at_the_address.pk,
    }
    assert not candidates & {old_event.pk, two_missed.pk, two_contacts.pk}


def test_the_command_raises_what_time_has_brought_and_is_idempotent(personas, capsys):
    on_plan(personas.own_child, personas.team)

    call_command("evaluate_signals", "--date", "2025-04-04")
    out = capsys.readouterr().out
    assert "children_evaluated=1" in out
    assert "signals_raised=1" in out
    assert "signals_raised_SG05=1" in out

    call_command("evaluate_signals", "--date", "2025-04-04")
    assert "signals_raised=0" in capsys.readouterr().out


def test_the_command_names_a_bad_date():
    with pytest.raises(CommandError, match="'4 April' is not a date: write it as YYYY-MM-DD"):
        call_command("evaluate_signals", "--date", "4 April")


# --- acknowledging ----------------------------------------------------------------------------


@pytest.fixture
def signal(personas):
    child = personas.own_child
    on_plan(child, personas.team)
    removed_from_roll(child, personas.authority)
    (raised,) = services.signals_evaluate_for_child(child_id=child.pk)
    return raised


def test_acknowledging_records_the_decision_the_reason_who_and_when(personas, signal):
    worker = personas.social_worker.worker
    done = services.signal_acknowledge(
        signal=signal,
        by=worker,
        decision=Signal.Decision.ACTION_TAKEN,
        rationale="  Spoke to the school and visited the same day.  ",
        actor=personas.social_worker,
    )

    signal.refresh_from_db()
    assert done.pk == signal.pk
    assert signal.acknowledged_by == worker
    assert signal.acknowledged_at == datetime(2025, 3, 14, 10, 0, tzinfo=UTC)
    assert signal.decision == "action_taken"
    assert signal.rationale == "Spoke to the school and visited the same day."
    entry = AuditEntry.objects.filter(object_type="signals.signal", action="update").get()
    assert entry.actor_username == "sw"
    assert entry.details == {"acknowledged": True, "rule": "SG01", "decision": "action_taken"}


@pytest.mark.parametrize(
    ("decision", "rationale", "errors"),
    [
        ("", "Spoke to the school.", {"decision": [services.ERROR_DECISION_MISSING]}),
        ("maybe", "Spoke to the school.", {"decision": [services.ERROR_DECISION_MISSING]}),
        ("no_action", "   ", {"rationale": [services.ERROR_RATIONALE_MISSING]}),
        ("no_action", "Known.", {"rationale": [services.ERROR_RATIONALE_SHORT]}),
    ],
)
def test_acknowledging_needs_a_decision_and_a_reason(personas, signal, decision, rationale, errors):
    with pytest.raises(ValidationError) as refused:
        services.signal_acknowledge(
            signal=signal, by=personas.social_worker.worker, decision=decision, rationale=rationale
        )
    assert refused.value.message_dict == errors
    signal.refresh_from_db()
    assert not signal.is_acknowledged
    assert not AuditEntry.objects.filter(action="update").exists()


def test_a_signal_is_acknowledged_once(personas, signal):
    services.signal_acknowledge(
        signal=signal,
        by=personas.social_worker.worker,
        decision="no_action",
        rationale="Already in the plan: the school told us first.",
    )
    with pytest.raises(ValidationError) as refused:
        services.signal_acknowledge(
            signal=signal,
            by=personas.team_manager.worker,
            decision="action_taken",
            rationale="Second opinion, written later.",
        )
    assert refused.value.message_dict == {"decision": [services.ERROR_ALREADY_ACKNOWLEDGED]}
    signal.refresh_from_db()
    assert signal.acknowledged_by == personas.social_worker.worker


# --- which children a file's events make worth evaluating ------------------------------------


def test_only_children_a_rule_could_fire_for_are_worth_evaluating(personas):
    authority = personas.authority
    pupil = ChildFactory(date_of_birth=date(2015, 5, 1))
    contacted = ChildFactory(date_of_birth=date(2015, 5, 1))
    ContactFactory(child=contacted)
    referred = ChildFactory(date_of_birth=date(2015, 5, 1))
    ReferralFactory(child=referred, team=personas.team)
    baby = ChildFactory(date_of_birth=date(2024, 3, 14))  # one today: still counted
    toddler = ChildFactory(date_of_birth=date(2023, 3, 1))
    injured = ChildFactory(date_of_birth=date(2012, 1, 1))
    partner_event(
        child=injured, event_type="injury", occurred_on=date(2025, 3, 1), authority=authority
    )
    for child in (pupil, toddler):
        removed_from_roll(child, authority)
    worth = services.signals_children_worth_evaluating(
        child_ids=[c.pk for c in (pupil, contacted, referred, baby, toddler, injured)],
        today=TODAY,
    )
    assert worth == sorted(c.pk for c in (contacted, referred, baby, injured))
