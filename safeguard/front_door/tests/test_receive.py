"""`contact_receive`: the one way in for every route."""

from __future__ import annotations

import re
from datetime import date, timedelta
from random import Random
from unittest import mock

import pytest
from django.db import IntegrityError
from django.utils import timezone

from safeguard.audit.models import AuditEntry
from safeguard.cases.models import Contact
from safeguard.cases.workflow.rules import RuleViolation
from safeguard.common import codes
from safeguard.common.references import (
    reference_from_number,
    reference_new,
    reference_normalise,
)
from safeguard.front_door import services
from safeguard.front_door.services import receive
from safeguard.organisation.models import Team
from safeguard.people.models import Person

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"^FD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def _receive(**overrides):
    fields = {
        "route": codes.ContactRoute.PUBLIC_FORM,
        "source": codes.ReferralSource.INDIVIDUAL_ACQUAINTANCE,
        "concerns": "Fictional: the child is often left alone at night.",
        "child_as_described": {"first_name": "Tobi", "age": "about 6"},
    }
    return services.contact_receive(**(fields | overrides))


def test_a_public_report_about_an_unknown_child_waits_at_the_front_door(personas):
    received = _receive(referrer_anonymous=True)

    contact = Contact.objects.get()
    assert received.contact == contact and not received.replayed
    assert contact.child is None
    assert contact.team == personas.front_door
    assert contact.child_as_described == {"first_name": "Tobi", "age": "about 6"}
    assert REFERENCE.match(contact.reference)
    assert contact.decided_at is None


def test_a_retry_with_the_same_key_stores_one_contact(personas):
    first = _receive(idempotency_key="report-1")
    again = _receive(idempotency_key="report-1")

    assert Contact.objects.count() == 1
    assert again.replayed and again.contact.reference == first.contact.reference


def test_the_same_key_on_another_route_is_another_contact(personas):
    _receive(idempotency_key="k")
    _receive(idempotency_key="k", route=codes.ContactRoute.PROFESSIONAL_FORM)

    assert Contact.objects.count() == 2


def test_a_retry_racing_the_first_replays_it_instead_of_failing(personas):
    first = _receive(idempotency_key="race")
    # The racing retry looked before the first committed, so it tries to insert too.
    with mock.patch.object(receive, "_replay", side_effect=[None, first.contact]):
        again = _receive(idempotency_key="race")

    assert again.replayed and again.contact == first.contact
    assert Contact.objects.count() == 1


def test_a_reference_drawn_twice_is_drawn_again(personas):
    taken = _receive().contact.reference
    with mock.patch.object(receive, "reference_new", side_effect=[taken, "FD-0000-0001"]):
        second = _receive()

    assert second.contact.reference == "FD-0000-0001"


def test_a_contact_received_in_the_future_is_refused_and_nothing_stored(personas):
    with pytest.raises(RuleViolation) as refused:
        _receive(received_at=timezone.now() + timedelta(days=2))

    assert "date_not_in_future" in refused.value.rules
    assert not Contact.objects.exists()


def test_a_bad_email_is_refused_naming_the_field(personas):
    with pytest.raises(RuleViolation) as refused:
        _receive(referrer_email="not an address")

    assert "referrer_email" in refused.value.fields
    assert not Contact.objects.exists()


def test_without_a_front_door_team_the_contact_is_refused_with_what_to_do(db):
    with pytest.raises(RuleViolation) as refused:
        _receive()

    assert refused.value.rules == ("no_front_door_team",)
    assert "Front door / MASH" in str(refused.value)


def test_a_known_child_is_attached_and_checked_against_their_birth(personas):
    baby = Person.objects.create(first_name="Nia", last_name="Okoro", date_of_birth=date.today())

    contact = _receive(child=baby).contact

    assert contact.child == baby
    with pytest.raises(RuleViolation):
        _receive(
            child=baby,
            received_at=timezone.now() - timedelta(days=400),
            idempotency_key="too-early",
        )


def test_a_hook_runs_in_the_same_transaction_and_its_failure_stores_nothing(personas):
    calls = []

    def hook(contact):
        calls.append(contact.reference)
        raise IntegrityError("a hook's write failed")

    receive.CONTACT_RECEIVED_HOOKS.append(hook)
    try:
        with pytest.raises(IntegrityError):
            _receive()
    finally:
        receive.CONTACT_RECEIVED_HOOKS.remove(hook)

    assert calls and not Contact.objects.exists()


def test_every_contact_is_audited_without_its_content(personas):
    contact = _receive().contact

    entry = AuditEntry.objects.get(object_type="cases.contact", object_id=str(contact.pk))
    assert entry.action == "create"
    assert "alone" not in str(entry.details) and "Tobi" not in str(entry.details)


def test_the_front_door_team_of_the_senders_authority_receives_it(personas):
    assert services.front_door_team(personas.authority) == personas.front_door
    assert services.front_door_team() == personas.front_door
    Team.objects.filter(pk=personas.front_door.pk).update(kind=Team.Kind.ASSESSMENT)
    with pytest.raises(RuleViolation):
        services.front_door_team(personas.authority)


@pytest.mark.parametrize(
    ("relationship", "source"),
    [
        ("family", "1A"),
        ("neighbour", "1B"),
        ("self", "1C"),
        ("other", "1D"),
        ("anonymous", "9"),
        ("something new", "1D"),
    ],
)
def test_a_public_senders_relationship_gives_the_census_source(relationship, source):
    assert receive.contact_source_for_public(relationship) == source


def test_references_are_unambiguous_and_read_back_however_typed():
    reference = reference_new(rng=Random(4))

    assert REFERENCE.match(reference)
    assert reference_normalise(reference.lower().replace("-", " ")) == reference
    assert reference_normalise("fd-0o1i-l234") == "FD-0011-1234"


def test_numbered_references_never_repeat_and_do_not_look_sequential():
    references = {reference_from_number(n) for n in range(1, 50_001)}

    assert len(references) == 50_000
    assert all(REFERENCE.match(r) for r in references)
    assert reference_from_number(1)[3:7] != reference_from_number(2)[3:7]
