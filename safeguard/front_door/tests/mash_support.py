"""What the MASH tests share: a manager of the front door team, contacts waiting at it, and
the rows the front door writes around a contact. Names are fictional."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from safeguard.cases.models import Contact
from safeguard.cases.tests.factories import ContactFactory
from safeguard.common import codes
from safeguard.front_door.models import InformationRequest
from safeguard.organisation.models import Worker


def front_door_manager(personas: Any, django_user_model: Any) -> Any:
    """A team manager who manages the personas' front door team (the personas have none)."""
    user = django_user_model.objects.create_user(username="fdm", password="p" * 16)
    worker = Worker.objects.create(
        authority=personas.authority,
        user=user,
        first_name="Fdm",
        last_name="Persona",
        role=Worker.Role.TEAM_MANAGER,
        team=personas.front_door,
        started_on=personas.front_door_worker.worker.started_on,
    )
    personas.front_door.manager = worker
    personas.front_door.save()
    return user


def waiting_contact(
    personas: Any, *, received_at: datetime | None = None, **fields: Any
) -> Contact:
    """A contact waiting at the personas' front door, about the own child unless told."""
    fields.setdefault("child", personas.own_child)
    contact: Contact = ContactFactory(
        team=personas.front_door,
        received_at=received_at or timezone.now() - timedelta(hours=2),
        **fields,
    )
    return contact


def unmatched_contact(personas: Any, **fields: Any) -> Contact:
    fields.setdefault(
        "child_as_described", {"first_name": "Tobi", "last_name": "Example", "age": "about 6"}
    )
    return waiting_contact(personas, child=None, **fields)


def information_request_about(contact: Contact) -> InformationRequest:
    """A request made to a school about the contact's child, not yet answered."""
    worker = (
        Worker.objects.filter(role=Worker.Role.FRONT_DOOR_WORKER).first() or Worker.objects.first()
    )
    assert worker is not None
    return InformationRequest.objects.create(
        contact=contact,
        agency="Example Primary School",
        asked_of="Designated safeguarding lead",
        question="Fictional: what is the child's attendance this term?",
        requested_at=contact.received_at + timedelta(minutes=30),
        requested_by=worker,
    )


CONSENT_REFUSED = {"consent": codes.ContactConsent.REFUSED, "consent_reason": "Father said no."}
