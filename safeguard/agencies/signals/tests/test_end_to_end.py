"""Issue 5, "Must show": a school tells us through the API that a child on a child protection
plan was removed from its roll, misspelling the child's first name and giving no UPN; the
child is linked; a signal appears on the allocated worker's "My cases"; the team manager sees
it on the team dashboard until it is acknowledged; and the school, reading back its
submission, is told it was acted on (without case detail).

Everything runs through the real pieces: the partner API and token (partners helper), the
Splink model used online (linkage helper, its small fixture model), the signal rules, the
worker's and manager's pages, and the acknowledgement form.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from safeguard.agencies.models import PartnerEvent
from safeguard.agencies.signals.models import Signal
from safeguard.audit.models import AuditEntry
from safeguard.cases.models import Allocation
from safeguard.cases.tests.factories import (
    ChildProtectionPlanFactory,
    ReferralFactory,
    VisitFactory,
)
from safeguard.people.models import Person
from safeguard.people.tests.factories import AddressFactory, ResidenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    """Wednesday 22 October 2025, two days after the removal from roll."""
    with time_machine.travel(datetime(2025, 10, 22, 9, 30, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def school_api(personas):
    from safeguard.agencies import services
    from safeguard.agencies.linkage.tests.fixtures import install_fixture_model
    from safeguard.agencies.tests.conftest import client_for

    install_fixture_model()
    school, _ = services.partner_organisation_get_or_create(
        authority=personas.authority, name="Northgate Primary", kind="school"
    )
    return client_for(school)


@pytest.fixture
def amara(personas):
    """A child on a child protection plan since 3 February 2025, allocated to the social
    worker in Team A, living at 12 Example Road, NB1 2AB; seen on a visit on 15 October."""
    child = Person.objects.create(
        first_name="Amara",
        last_name="Okonkwo-Test",
        date_of_birth=date(2016, 4, 12),
        sex="F",
        la_child_id="PAmara",
    )
    Allocation.objects.create(
        child=child,
        team=personas.team,
        worker=personas.social_worker.worker,
        start_date=date(2025, 1, 6),
    )
    ResidenceFactory(
        person=child,
        address=AddressFactory(line_1="12 Example Road", postcode="NB1 2AB"),
        start_date=date(2016, 4, 12),
    )
    referral = ReferralFactory(child=child, team=personas.team)
    ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=referral
    )
    VisitFactory(child=child, visit_date=date(2025, 10, 15))
    return child


REMOVAL = {
    "reference": "NGP-2025-117",
    "child": {
        # "Amara" misspelt, and no UPN (nor NHS number): linkage must work from the rest.
        "first_name": "Amarra",
        "last_name": "Okonkwo-Test",
        "date_of_birth": "2016-04-12",
        "sex": "F",
        "postcode": "nb1 2ab",
        "address_line": "12 Example Road",
    },
    "event": {
        "event_type": "removed_from_roll",
        "school": "Northgate Primary",
        "date_removed": "2025-10-20",
        "reason": "Moved away",
        "destination": "Not known",
    },
}


def test_a_school_removal_reaches_the_worker_and_manager_and_the_school_hears_back(
    school_api, amara, personas, sign_in
):
    # 1. The school submits through the API.
    response = school_api.post("/api/events", REMOVAL, HTTP_IDEMPOTENCY_KEY="ngp-117")
    assert response.status_code == 201, response.content
    submission_id = response.json()["id"]

    # 2. It is linked to Amara despite the misspelling and the missing UPN.
    event = PartnerEvent.objects.get(submission_id=submission_id)
    assert event.child == amara
    assert event.occurred_on == date(2025, 10, 20)

    # 3. A signal is raised, with the removal as its evidence, for the allocated worker.
    signal = Signal.objects.get(child=amara)
    assert signal.rule_id == "SG01"
    assert f"partner_event:{event.pk}" in signal.evidence_key.split(",")
    assert signal.recipient_worker == personas.social_worker.worker
    assert signal.recipient_team == personas.team

    # ... and the school is told it was received and is being considered.
    before = school_api.get(f"/api/submissions/{submission_id}").json()
    assert before["status"] == "linked"
    assert before["decided_at"] is None

    # 4. It appears on the allocated worker's "My cases".
    worker = sign_in(personas.social_worker)
    my_cases = worker.get(reverse("cases:my_cases")).content.decode()
    assert "Signals to acknowledge" in my_cases
    assert f'data-signal="{signal.pk}"' in my_cases
    assert "Removed from school while on a plan or open to social care" in my_cases

    # 5. The manager sees it on the team dashboard.
    manager = sign_in(personas.team_manager)
    dashboard = manager.get(reverse("cases:team_dashboard")).content.decode()
    assert f'data-signal="{signal.pk}"' in dashboard

    # 6. The worker acknowledges it with a decision and the reason.
    worker = sign_in(personas.social_worker)
    acknowledged = worker.post(
        reverse("signals:acknowledge", args=[signal.pk]),
        {
            "decision": "action_taken",
            "rationale": "Called the school and the family; home visit booked for Friday.",
        },
    )
    assert acknowledged.status_code == 302
    signal.refresh_from_db()
    assert (signal.decision, signal.acknowledged_by) == (
        "action_taken",
        personas.social_worker.worker,
    )
    assert AuditEntry.objects.filter(
        action="update", object_type="signals.signal", object_id=str(signal.pk)
    ).exists()

    # ... after which it leaves the manager's dashboard and the worker's list.
    manager = sign_in(personas.team_manager)
    dashboard = manager.get(reverse("cases:team_dashboard")).content.decode()
    assert f'data-signal="{signal.pk}"' not in dashboard
    worker = sign_in(personas.social_worker)
    assert (
        f'data-signal="{signal.pk}"' not in worker.get(reverse("cases:my_cases")).content.decode()
    )

    # The acknowledgement itself decided the submission: the partner need not ask first.
    from safeguard.agencies.models import PartnerSubmission

    assert PartnerSubmission.objects.get(pk=submission_id).status == "decided"

    # 7. The school reads back its submission: decided, in fixed words, with no case detail.
    after = school_api.get(f"/api/submissions/{submission_id}").json()
    assert after["status"] == "decided"
    assert after["outcome"] == "Considered by children's social care; action is being taken."
    assert after["decided_at"] is not None
    assert "home visit" not in str(after).lower()
    assert "plan" not in after["outcome"].lower()


# --- Issue: partner concerns and address notifications ---------------------------------------

HOUSEHOLD_NOTIFICATION = {
    "reference": "NP-DA-2025-0412",
    # No child: the police name only the address where the incident happened.
    "event": {
        "event_type": "domestic_abuse_notification",
        "incident_date": "2025-10-20",
        "address_line": "12 Example Road",
        "postcode": "nb1 2ab",
        "risk_level": "high",
        "children_present": True,
        "police_reference": "NP-2025-0412",
    },
}


@pytest.fixture
def police_api(personas):
    from safeguard.agencies import services
    from safeguard.agencies.linkage.tests.fixtures import install_fixture_model
    from safeguard.agencies.tests.conftest import client_for

    install_fixture_model()
    police, _ = services.partner_organisation_get_or_create(
        authority=personas.authority, name="Northshire Police", kind="police"
    )
    return client_for(police)


def test_a_police_notification_naming_only_an_address_reaches_the_front_door_and_the_worker(
    police_api, amara, personas, sign_in
):
    from safeguard.cases.models import Contact

    # 1. The police send the notification through the API, naming only the address.
    response = police_api.post("/api/events", HOUSEHOLD_NOTIFICATION, HTTP_IDEMPOTENCY_KEY="da-1")
    assert response.status_code == 201, response.content
    reply = response.json()

    # 2. A contact about Amara waits in the front door's (MASH) queue, undecided.
    queued = Contact.objects.filter(team=personas.front_door, decided_at__isnull=True, child=amara)
    assert queued.count() == 1
    contact = queued.get()
    assert reply["contact_reference"] == contact.reference
    assert (contact.address_line, contact.postcode) == ("12 Example Road", "NB1 2AB")
    assert contact.source == "6" and contact.route == "partner_api"
    # The notification is kept without a child, as a notification about a household.
    event = PartnerEvent.objects.get(submission_id=reply["id"])
    assert event.child is None

    # 3. A signal is raised for the allocated worker: domestic abuse at the home of a child
    #    on a plan.
    signal = Signal.objects.get(child=amara, rule_id="SG04")
    assert f"partner_event:{event.pk}" in signal.evidence_key.split(",")
    assert signal.recipient_worker == personas.social_worker.worker
    assert "at the child's home" in signal.explanation

    # 4. It is on the worker's "My cases", and the contact is in Amara's chronology.
    worker = sign_in(personas.social_worker)
    my_cases = worker.get(reverse("cases:my_cases")).content.decode()
    assert f'data-signal="{signal.pk}"' in my_cases
    assert "Domestic abuse at the home of a child on a plan" in my_cases
    record = worker.get(reverse("cases:child_record", args=[amara.pk])).content.decode()
    assert "About the household at 12 Example Road, NB1 2AB" in record

    # 5. A retry of the same request makes no second contact, and the police read back the
    #    reference and where it is, without case detail.
    again = police_api.post("/api/events", HOUSEHOLD_NOTIFICATION, HTTP_IDEMPOTENCY_KEY="da-1")
    assert again.json() == reply
    assert Contact.objects.count() == 1
    read = police_api.get(f"/api/submissions/{reply['id']}").json()
    assert read["contact_reference"] == contact.reference
    assert read["outcome"] == (
        "Passed to the front door (multi-agency safeguarding hub) for a decision."
    )
    assert "Amara" not in str(read)
