"""`contact_record` and `contact_decide`: the front door."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from safeguard.cases import services
from safeguard.cases.models import Contact
from safeguard.cases.tests.factories import ContactFactory
from safeguard.cases.tests.services.support import LONDON, refused
from safeguard.common import codes
from safeguard.common.references import reference_new
from safeguard.organisation.models import Team, Worker
from safeguard.people.models import Person
from safeguard.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_a_contact_is_recorded_undecided(child: Person, team: Team) -> None:
    received = datetime(2025, 3, 13, 16, 30, tzinfo=LONDON)

    contact = services.contact_record(
        reference=reference_new(),
        child=child,
        received_at=received,
        source=codes.ReferralSource.HEALTH_GP,
        concerns="Fictional concern.",
        team=team,
    )

    assert Contact.objects.get() == contact
    assert (contact.received_at, contact.decision, contact.decided_at) == (received, "", None)


def test_a_contact_cannot_be_received_in_the_future(child: Person) -> None:
    with refused("date_not_in_future"):
        services.contact_record(
            reference=reference_new(),
            child=child,
            received_at=datetime(2025, 3, 15, 9, 0, tzinfo=LONDON),
            source=codes.ReferralSource.SCHOOL,
        )


def test_a_contact_cannot_predate_the_child_by_more_than_40_weeks() -> None:
    child = ChildFactory(date_of_birth=date(2024, 5, 15))

    with refused("date_not_before_birth"):
        services.contact_record(
            reference=reference_new(),
            child=child,
            received_at=datetime(2023, 8, 1, 9, 0, tzinfo=LONDON),
            source=codes.ReferralSource.HEALTH_OTHER_PRIMARY,
        )


def test_the_front_door_decides_a_contact(worker: Worker) -> None:
    contact = ContactFactory()
    decided = datetime(2025, 3, 14, 9, 0, tzinfo=LONDON)

    services.contact_decide(
        contact=contact,
        decision=codes.ContactDecision.EARLY_HELP,
        decided_at=decided,
        decided_by=worker,
        rationale="Needs are below the threshold for social care.",
    )

    contact.refresh_from_db()
    assert (contact.decision, contact.decided_at, contact.decided_by) == (
        codes.ContactDecision.EARLY_HELP,
        decided,
        worker,
    )


def test_a_contact_is_decided_once(worker: Worker) -> None:
    contact = ContactFactory(referred=True)

    with refused("contact_decided_once"):
        services.contact_decide(
            contact=contact,
            decision=codes.ContactDecision.EARLY_HELP,
            decided_at=datetime(2025, 3, 14, 9, 0, tzinfo=LONDON),
            decided_by=worker,
            rationale="Changed my mind.",
        )


def test_a_contact_cannot_be_decided_before_it_was_received(worker: Worker) -> None:
    contact = ContactFactory(received_at=datetime(2025, 3, 14, 10, 0, tzinfo=LONDON))

    with refused("contact_decided_after_received"):
        services.contact_decide(
            contact=contact,
            decision=codes.ContactDecision.NO_FURTHER_ACTION,
            decided_at=datetime(2025, 3, 14, 9, 59, tzinfo=LONDON),
            decided_by=worker,
            rationale="No concerns.",
        )


def test_a_contact_decision_needs_a_rationale(worker: Worker) -> None:
    contact = ContactFactory()

    with refused("decision_needs_rationale") as caught:
        services.contact_decide(
            contact=contact,
            decision=codes.ContactDecision.NO_FURTHER_ACTION,
            decided_at=datetime(2025, 3, 14, 9, 0, tzinfo=LONDON),
            decided_by=worker,
            rationale="  ",
        )

    assert caught.value.fields == ("decision_rationale",)


def test_a_contact_cannot_be_decided_in_the_future(worker: Worker) -> None:
    contact = ContactFactory()

    with refused("date_not_in_future"):
        services.contact_decide(
            contact=contact,
            decision=codes.ContactDecision.NO_FURTHER_ACTION,
            decided_at=datetime(2025, 3, 15, 9, 0, tzinfo=LONDON),
            decided_by=worker,
            rationale="No concerns.",
        )
