"""The front door: contacts and their decisions."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from safeguard.organisation.models import Team, Worker
from safeguard.people.models import Person

from ..models import (
    Contact,
    ManagementDecision,
)
from ..workflow import rules
from ..workflow.rules import Violation, check
from ._base import (
    _dates_ok,
    _decision,
    _lock_child,
    _needs_rationale,
    _save,
    _today,
)


def contact_record(
    *,
    child: Person,
    received_at: datetime,
    source: str,
    referrer: str = "",
    concerns: str = "",
    team: Team | None = None,
) -> Contact:
    with transaction.atomic():
        child = _lock_child(child)
        check(_dates_ok(child, {"received_at": timezone.localtime(received_at).date()}))
        contact = Contact(
            child=child,
            received_at=received_at,
            source=source,
            referrer=referrer,
            concerns=concerns,
            team=team,
        )
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
        if contact.decision:
            violations.append(
                Violation(
                    "contact_decided_once",
                    "This contact has already been decided.",
                    ("decision",),
                )
            )
        if decided_at < contact.received_at:
            violations.append(
                Violation(
                    "contact_decided_after_received",
                    "The decision cannot be made before the contact was received.",
                    ("decided_at",),
                )
            )
        violations += _needs_rationale(rationale, "decision_rationale")
        check(violations)
        contact.decision = decision
        contact.decided_at = decided_at
        contact.decided_by = decided_by
        contact.decision_rationale = rationale
        _save(contact)
        _decision(
            child=contact.child,
            kind=ManagementDecision.Kind.THRESHOLD,
            decision=contact.get_decision_display(),
            rationale=rationale,
            decided_by=decided_by,
            subject=contact,
        )
        return contact
