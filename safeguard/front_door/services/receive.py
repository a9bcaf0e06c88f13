"""Every route in makes a contact: one service for the phone and email page, the public's
online report, the professional referral form, the partner API and a signal treated as a
contact. Each gets a reference shown to the sender and lands in the front door's queue with
its 1-working-day clock running (Working Together 2023, ch. 2: the local authority decides
within one working day what response is required).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguard.cases import services as case_services
from safeguard.cases.models import Contact
from safeguard.cases.workflow import rules
from safeguard.cases.workflow.rules import RuleViolation, check
from safeguard.common import codes
from safeguard.common.references import reference_new
from safeguard.organisation.models import Authority, Team
from safeguard.people.models import Person

__all__ = [
    "CONTACT_RECEIVED_HOOKS",
    "ContactReceived",
    "contact_receive",
    "front_door_team",
    "register_contact_received",
]

# Called after a contact is stored, in its transaction (e.g. the signals app re-evaluates the
# "three contacts in twelve months" rule). Registered from AppConfig.ready(), so the front
# door does not import the hub that registers them.
ContactReceivedHook = Callable[[Contact], None]
CONTACT_RECEIVED_HOOKS: list[ContactReceivedHook] = []


def register_contact_received(hook: ContactReceivedHook) -> None:
    if hook not in CONTACT_RECEIVED_HOOKS:
        CONTACT_RECEIVED_HOOKS.append(hook)


@dataclass(frozen=True)
class ContactReceived:
    contact: Contact
    # True when this was a retry of a contact already stored under the same key.
    replayed: bool


def front_door_team(authority: Authority | None = None) -> Team:
    """The team that receives the authority's contacts (the first front door team; a
    deployment serves one authority, so with none given it is the only one)."""
    teams = Team.objects.filter(kind=Team.Kind.FRONT_DOOR)
    if authority is not None:
        teams = teams.filter(authority=authority)
    team = teams.order_by("pk").first()
    check(rules.front_door_team_exists(team is not None))
    assert team is not None  # checked above
    return team


def _replay(route: str, idempotency_key: str) -> Contact | None:
    if not idempotency_key:
        return None
    return Contact.objects.filter(route=route, idempotency_key=idempotency_key).first()


def contact_receive(
    *,
    route: str,
    source: str,
    concerns: str,
    child: Person | None = None,
    received_at: datetime | None = None,
    team: Team | None = None,
    authority: Authority | None = None,
    idempotency_key: str = "",
    **details: Any,
) -> ContactReceived:
    """Store a contact from any route and put it in the front door's queue.

    `child` is the person the contact is about when the sender's child is already known (a
    worker found them, or linkage linked them); otherwise the contact waits, with what the
    sender said in `child_as_described`, for a front-door worker to match it. `details` are
    the contact's other fields (see `cases.services.contact_record`).

    A retry with the same `idempotency_key` on the same route returns the first contact and
    stores nothing, also when two retries race (the unique index decides). Anything invalid
    raises `RuleViolation` naming the field and stores nothing.
    """
    existing = _replay(route, idempotency_key)
    if existing is not None:
        return ContactReceived(contact=existing, replayed=True)
    if team is None:
        team = front_door_team(authority)
    received_at = received_at or timezone.now()
    for attempt in range(5):
        try:
            with transaction.atomic():
                contact = case_services.contact_record(
                    reference=reference_new(),
                    child=child,
                    received_at=received_at,
                    source=source,
                    route=route,
                    concerns=concerns,
                    team=team,
                    idempotency_key=idempotency_key,
                    **details,
                )
                for hook in CONTACT_RECEIVED_HOOKS:
                    hook(contact)
                return ContactReceived(contact=contact, replayed=False)
        except (IntegrityError, RuleViolation) as error:
            # Two retries racing with one key: the first stored it, this one replays it
            # (caught by the unique index, or by full_clean if the first had committed).
            existing = _replay(route, idempotency_key)
            if existing is not None:
                return ContactReceived(contact=existing, replayed=True)
            clash = isinstance(error, IntegrityError) or set(error.fields) == {"reference"}
            if not clash or attempt == 4:
                raise
            # Otherwise a reference drawn twice (about one in a trillion): draw again.
    raise AssertionError("unreachable")  # pragma: no cover


def contact_source_for_public(relationship: str) -> str:
    """The census referral source (N00152) of a member of the public's report, from how
    they know the child."""
    return _PUBLIC_SOURCES.get(relationship, codes.ReferralSource.INDIVIDUAL_OTHER)


_PUBLIC_SOURCES = {
    "family": codes.ReferralSource.INDIVIDUAL_FAMILY,
    "neighbour": codes.ReferralSource.INDIVIDUAL_ACQUAINTANCE,
    "friend": codes.ReferralSource.INDIVIDUAL_ACQUAINTANCE,
    "self": codes.ReferralSource.INDIVIDUAL_SELF,
    "other": codes.ReferralSource.INDIVIDUAL_OTHER,
    "anonymous": codes.ReferralSource.ANONYMOUS,
}
