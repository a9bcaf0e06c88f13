"""The front door: contacts and their decisions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeguard.common import codes
from safeguard.organisation.models import Team, Worker
from safeguard.people.models import Person

from ..models import (
    Contact,
    ManagementDecision,
)
from ..workflow import rules
from ..workflow.rules import check
from ._base import (
    _dates_ok,
    _decision,
    _lock_child,
    _save,
    _today,
)

__all__ = ["CONTACT_DETAIL_FIELDS", "contact_decide", "contact_match_child", "contact_record"]


def contact_record(
    *,
    reference: str,
    child: Person | None,
    received_at: datetime,
    source: str,
    route: str = codes.ContactRoute.PHONE,
    referrer: str = "",
    concerns: str = "",
    team: Team | None = None,
    **details: Any,
) -> Contact:
    """Write one contact. `details` are the contact's other fields (the referrer's role and
    organisation, consent, urgency, what the sender said about the child...); an unknown
    field is a programming error. Callers outside the case record use
    `front_door.services.contact_receive`, which gives the reference and the team."""
    unknown = set(details) - CONTACT_DETAIL_FIELDS
    if unknown:
        raise TypeError(f"contact_record() got unexpected fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        if child is not None:
            child = _lock_child(child)
            check(_dates_ok(child, {"received_at": timezone.localtime(received_at).date()}))
        else:
            check(
                rules.dates_not_in_future(
                    _today(), {"received_at": timezone.localtime(received_at).date()}
                )
            )
        contact = Contact(
            reference=reference,
            child=child,
            received_at=received_at,
            route=route,
            source=source,
            referrer=referrer,
            concerns=concerns,
            team=team,
            **details,
        )
        _save(contact)
        return contact


CONTACT_DETAIL_FIELDS = frozenset(
    {
        "referrer_role",
        "referrer_organisation",
        "referrer_phone",
        "referrer_email",
        "referrer_relationship",
        "referrer_anonymous",
        "actions_taken",
        "consent",
        "consent_reason",
        "urgency",
        "child_as_described",
        "household_as_described",
        "address_line",
        "postcode",
        "partner_organisation_id",
        "partner_submission_id",
        "match_review_id",
        "submitted_by",
        "idempotency_key",
    }
)


def contact_match_child(*, contact: Contact, child: Person) -> Contact:
    """Say which child a contact is about (a front-door worker's match, or linkage's once a
    reviewer decides). The contact's date is checked against the child's birth as if it had
    been recorded against them from the start."""
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        child = _lock_child(child)
        violations = _dates_ok(
            child, {"received_at": timezone.localtime(contact.received_at).date()}
        )
        violations += rules.contact_child_fixed_once_decided(bool(contact.decision))
        check(violations)
        contact.child = child
        contact.match_review_id = None
        _save(contact)
        return contact


def contact_decide(
    *,
    contact: Contact,
    decision: str,
    decided_at: datetime,
    decided_by: Worker,
    rationale: str,
) -> Contact:
    """Record the front door's decision (Working Together: within 1 working day)."""
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        violations = rules.dates_not_in_future(
            _today(), {"decided_at": timezone.localtime(decided_at).date()}
        )
        violations += rules.contact_decided_once(bool(contact.decision))
        violations += rules.contact_matched_before_decision(contact.child_id is not None)
        violations += rules.contact_decided_after_received(contact.received_at, decided_at)
        violations += rules.decision_needs_rationale(rationale, "decision_rationale")
        check(violations)
        contact.decision = decision
        contact.decided_at = decided_at
        contact.decided_by = decided_by
        contact.decision_rationale = rationale
        _save(contact)
        assert contact.child is not None  # checked above
        _decision(
            child=contact.child,
            kind=ManagementDecision.Kind.THRESHOLD,
            decision=contact.get_decision_display(),
            rationale=rationale,
            decided_by=decided_by,
            subject=contact,
        )
        return contact
