"""Reads for the public's and partners' pages: the numbers to phone, and a partner user's own
referrals with what they have been told about them (fixed words, never case content)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import HttpRequest

from safeguard.audit.models import Action
from safeguard.audit.services import AuditRecord, audit_append, request_origin
from safeguard.cases.models import Contact
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Team

from .models import InformationRequest, ReferrerFeedback

RECEIVED = "Received"
BEING_CONSIDERED = "Being considered"
# A partner's list shows their most recent referrals; older ones are rarely looked for.
REFERRALS_SHOWN = 100


@dataclass(frozen=True)
class ContactNumbers:
    """The numbers the public are given: the front door's, and the one to ring out of hours
    (the same number where the front door's phone is answered day and night)."""

    daytime: str
    out_of_hours: str

    @property
    def daytime_tel(self) -> str:
        return _tel(self.daytime)

    @property
    def out_of_hours_tel(self) -> str:
        return _tel(self.out_of_hours)


def front_door_numbers() -> ContactNumbers:
    """The front door team's phone, and the out-of-hours number from the settings
    (`SAFEGUARD_OUT_OF_HOURS_PHONE`; the team's phone when there is none). Shown on every
    public page, including the one that says the database failed: so if it cannot be read,
    the numbers in the settings are still given."""
    try:
        daytime = (
            Team.objects.filter(kind=Team.Kind.FRONT_DOOR)
            .exclude(phone="")
            .order_by("pk")
            .values_list("phone", flat=True)
            .first()
        ) or ""
    except DatabaseError:
        daytime = ""
    out_of_hours = str(getattr(settings, "SAFEGUARD_OUT_OF_HOURS_PHONE", "") or daytime)
    return ContactNumbers(daytime=daytime or out_of_hours, out_of_hours=out_of_hours)


def _tel(number: str) -> str:
    """A number as a `tel:` link wants it: digits and a leading plus only."""
    return re.sub(r"[^0-9+]", "", number)


def reference_sent_under(*, route: str, idempotency_key: str) -> str:
    """The reference of the contact stored under a report's one-time key, if any."""
    if not idempotency_key:
        return ""
    reference = (
        Contact.objects.filter(route=route, idempotency_key=idempotency_key)
        .values_list("reference", flat=True)
        .first()
    )
    return reference or ""


@dataclass(frozen=True)
class PartnerReferral:
    """One row of a partner's list. The child is named only for the referrals the user sent
    themselves (what they typed); a colleague's or their system's shows no detail."""

    reference: str
    received_at: datetime
    sent_by: str
    child: str
    status: str


def partner_referrals_list(
    *, user: AnyUser, request: HttpRequest | None = None
) -> list[PartnerReferral]:
    """The referrals a partner user sent, and those their organisation sent (by any of its
    users or its system), newest first, with their status in fixed words: "Received", "Being
    considered" once the front door has started on it (rated it, asked another agency, or
    decided; a decision is not shown until the referrer is told), then the outcome they were
    told (`ReferrerFeedback.Outcome`). Every row shown is audited as read."""
    membership = getattr(user, "partner_membership", None)
    mine = Q(submitted_by=user)
    if membership is not None:
        mine |= Q(partner_organisation_id=membership.organisation_id)
    contacts = list(
        Contact.objects.filter(mine)
        .annotate(asked=Exists(InformationRequest.objects.filter(contact=OuterRef("pk"))))
        .select_related("submitted_by")
        .prefetch_related(
            Prefetch(
                "feedback",
                queryset=ReferrerFeedback.objects.order_by("-given_at", "-pk"),
                to_attr="feedback_given",
            )
        )
        .order_by("-received_at", "-pk")[:REFERRALS_SHOWN]
    )
    rows = [_row(contact, user) for contact in contacts]
    if not contacts:
        return rows
    audit_append(
        [
            AuditRecord(
                action=Action.READ,
                actor_id=user.pk,
                actor_username=user.get_username(),
                object_type="cases.contact",
                object_id=str(contact.pk),
                child_id=contact.child_id,
                details={"page": "partner_referrals"},
                **request_origin(request),
            )
            for contact in contacts
        ]
    )
    return rows


def _row(contact: Any, user: AnyUser) -> PartnerReferral:
    feedback = contact.feedback_given
    if feedback:
        status = ReferrerFeedback.Outcome(feedback[0].outcome).label
    elif contact.rag or contact.decided_at is not None or contact.asked:
        status = BEING_CONSIDERED
    else:
        status = RECEIVED
    own = contact.submitted_by_id == user.pk
    if own:
        sent_by = "You"
    elif contact.submitted_by is not None:
        sent_by = contact.submitted_by.get_full_name() or "A colleague"
    else:
        sent_by = "Your organisation's system"
    return PartnerReferral(
        reference=contact.reference,
        received_at=contact.received_at,
        sent_by=sent_by,
        child=_child_words(contact.child_as_described) if own else "",
        status=str(status),
    )


def _child_words(described: dict[str, Any]) -> str:
    name = " ".join(
        part for part in (described.get("first_name", ""), described.get("last_name", "")) if part
    )
    if described.get("unborn"):
        return f"Unborn baby {name}".strip() if name else "Unborn baby"
    return name or "Name not given"
