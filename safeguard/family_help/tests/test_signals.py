"""Signals reach family help: a signal about a child in open family help is told to the
family's lead practitioner as well as to social care, in family help's words, and audited;
a closed family's former lead is not told.

A baby (born 1 June 2024) not allocated in social care, so the hub sends the signal to the
front door; a hospital tells of an injury on 10 March 2025 (rule SG06); the rules run on 14
March 2025.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from safeguard.agencies.signals.models import Signal
from safeguard.agencies.signals.rules import RULES_BY_ID
from safeguard.agencies.signals.selectors import signal_list_for_user
from safeguard.agencies.signals.services import signals_evaluate_for_child
from safeguard.agencies.signals.tests.factories import partner_event
from safeguard.audit.models import AuditEntry
from safeguard.family_help.models import EndReason
from safeguard.family_help.signals import FAMILY_HELP_WORDS, lead_signals_list
from safeguard.family_help.tests.factories import (
    EarlyHelpEpisodeFactory,
    FamilyHelpEpisodeFactory,
    LeadPractitionerFactory,
)
from safeguard.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 14)
STARTED = date(2025, 1, 6)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(datetime(2025, 3, 14, 10, 0, tzinfo=UTC), tick=False):
        yield


def led_by(personas: Any, lead: Any, *, child: Any, closed_on: date | None = None) -> Any:
    """The child's family in help from 6 January 2025, led by `lead` (a council worker's or a
    partner's account), as the services store it; closed, the lead is cleared and every
    child's help and the lead's row end with it."""
    family_help = FamilyHelpEpisodeFactory(
        team=personas.family_help_team,
        started_on=STARTED,
        consent_given_on=STARTED,
        lead_user=None if closed_on else lead,
        ended_on=closed_on,
        end_reason=EndReason.NEEDS_MET if closed_on else "",
    )
    worker = getattr(lead, "worker", None)
    LeadPractitionerFactory(
        family_help=family_help,
        worker=worker,
        partner_user=None if worker else lead.partner_membership,
        organisation_name="Personas Health Visiting" if worker is None else "Family help",
        end_date=closed_on,
    )
    EarlyHelpEpisodeFactory(
        family_help=family_help,
        child=child,
        end_date=closed_on,
        end_reason=EndReason.NEEDS_MET if closed_on else "",
    )
    return family_help


def baby() -> Any:
    return ChildFactory(first_name="Robin", last_name="Ashdown", date_of_birth=date(2024, 6, 1))


def injury_signal(child: Any) -> Signal:
    partner_event(
        child=child,
        event_type="injury",
        occurred_on=date(2025, 3, 10),
        kind="hospital",
        authority=None,
    )
    (signal,) = signals_evaluate_for_child(child_id=child.pk, today=TODAY)
    return signal


def test_a_signal_about_a_child_in_open_family_help_reaches_its_partner_lead(
    personas: Any,
) -> None:
    child = baby()
    led_by(personas, personas.partner_lead, child=child)
    signal = injury_signal(child)
    # Social care is still told: the child is allocated to no one, so the front door.
    assert signal.recipient_worker is None
    assert signal.recipient_team == personas.front_door

    (told,) = lead_signals_list(user=personas.partner_lead)
    assert (told.pk, told.child_name, told.raised_on) == (signal.pk, "Robin Ashdown", TODAY)
    assert told.words == "Injury to a baby under one"
    assert told.told_in_social_care == "Front door"
    assert told.looked_at_on is None
    # Family help's words only: nothing of the explanation or the evidence.
    assert not hasattr(told, "explanation") and not hasattr(told, "evidence")
    read = AuditEntry.objects.get(actor_id=personas.partner_lead.pk, object_id=str(signal.pk))
    assert (read.action, read.object_type, read.child_id) == ("read", "signals.signal", child.pk)


def test_a_partner_lead_sees_the_signal_on_your_families_in_family_help_s_words(
    personas: Any, sign_in: Any
) -> None:
    child = baby()
    led_by(personas, personas.partner_lead, child=child)
    injury_signal(child)
    response = sign_in(personas.partner_lead).get(reverse("family_help:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Signals about children in families you lead" in html
    assert "Injury to a baby under one" in html and "Robin Ashdown" in html
    # Nothing of what social care holds: not the signal's explanation.
    assert Signal.objects.get().explanation not in html


def test_a_council_lead_finds_the_signal_on_their_signals_page(personas: Any) -> None:
    child = baby()
    led_by(personas, personas.fhp, child=child)
    signal = injury_signal(child)
    assert signal.recipient_worker != personas.fhp.worker
    listed = [row.signal.pk for row in signal_list_for_user(user=personas.fhp)]
    assert listed == [signal.pk]
    assert [s.pk for s in lead_signals_list(user=personas.fhp)] == [signal.pk]
    # A worker who leads no family of the child's is not told of it.
    assert signal_list_for_user(user=personas.other_worker) == []


def test_a_closed_familys_former_lead_is_not_told(personas: Any) -> None:
    child = baby()
    led_by(personas, personas.partner_lead, child=child, closed_on=date(2025, 3, 7))
    led_by(personas, personas.fhp, child=ChildFactory(), closed_on=None)
    signal = injury_signal(child)
    assert signal.recipient_team == personas.front_door
    assert lead_signals_list(user=personas.partner_lead) == []
    assert signal_list_for_user(user=personas.fhp) == []
    assert not AuditEntry.objects.filter(actor_id=personas.partner_lead.pk).exists()


def test_a_lead_is_not_told_of_signals_raised_before_the_childs_help_began(
    personas: Any,
) -> None:
    child = baby()
    signal = injury_signal(child)
    family_help = led_by(personas, personas.partner_lead, child=child)
    child_help = family_help.children.get()
    child_help.start_date = date(2025, 3, 17)
    child_help.save()
    assert signal.raised_on < child_help.start_date
    assert lead_signals_list(user=personas.partner_lead) == []


def test_a_lead_who_handed_the_family_on_is_no_longer_told(personas: Any) -> None:
    child = baby()
    family_help = led_by(personas, personas.partner_lead, child=child)
    signal = injury_signal(child)
    assert [s.pk for s in lead_signals_list(user=personas.partner_lead)] == [signal.pk]
    family_help.lead_user = personas.fhp
    family_help.save()
    assert lead_signals_list(user=personas.partner_lead) == []
    assert [s.pk for s in lead_signals_list(user=personas.fhp)] == [signal.pk]


def test_every_rule_has_words_for_family_help_that_name_no_social_care_status() -> None:
    assert set(FAMILY_HELP_WORDS) == set(RULES_BY_ID)
    for words in FAMILY_HELP_WORDS.values():
        for status in ("plan", "looked after", "social care", "referral"):
            assert status not in words.lower(), words
