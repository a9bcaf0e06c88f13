"""The public's and professionals' online ways in: a member of the public's report of a worry
about a child, and a professional's referral (the multi-agency referral form), sent by someone
without an account or by a signed-in partner user. Each becomes a contact through
`contact_receive`, with what the sender said about the child kept as they said it.

The public forms are open to anyone, so they are guarded without a CAPTCHA (which shuts out
people using assistive technology and children): a retry with the same one-time key stores
one contact; a sender (a keyed hash of their network address, never the address) may store
only so many reports an hour, after which they are asked to phone, since nobody with a real
worry must ever be turned away; and a submission that looks automated (a hidden field filled
in, or the whole form sent faster than a person can read it) is answered as if it had been
sent, and nothing is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import DatabaseError
from django.utils import timezone

from safeguard.cases.models import Contact
from safeguard.common import codes
from safeguard.common.references import reference_new

from ..models import ReportAttempt
from .receive import contact_receive, contact_source_for_public

__all__ = [
    "HouseholdMember",
    "ProfessionalReferral",
    "PublicReport",
    "ReportSent",
    "professional_referral_send",
    "public_report_key_new",
    "public_report_send",
    "report_attempts_prune",
    "sender_hash",
    "source_for_organisation_kind",
]

logger = logging.getLogger(__name__)

# Defaults; a deployment changes them in settings (the benchmark raises the hourly limit).
REPORTS_PER_HOUR = 10
MINIMUM_SECONDS = 3
# Attempts are kept for a day (the limit looks back one hour); older ones are deleted now and
# then by the submissions themselves, so no scheduled job is needed.
ATTEMPTS_KEPT = timedelta(days=1)
PRUNE_ONE_IN = 50


@dataclass(frozen=True)
class PublicReport:
    """A member of the public's report, as they gave it. Everything about the child may be
    unknown; only the worry itself is required."""

    concerns: str
    # family, neighbour, friend, self or other (`contact_source_for_public`).
    relationship: str
    urgency: str
    child_first_name: str = ""
    child_last_name: str = ""
    child_date_of_birth: date | None = None
    child_age: int | None = None
    child_unborn: bool = False
    child_expected_date_of_birth: date | None = None
    child_address: str = ""
    child_postcode: str = ""
    child_school: str = ""
    # How they know the child, in their words when it is none of the usual ones.
    relationship_described: str = ""
    anonymous: bool = True
    name: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class HouseholdMember:
    name: str
    relationship: str


@dataclass(frozen=True)
class ProfessionalReferral:
    """The multi-agency referral form: who is referring, the family's consent, the child,
    who lives with them, the concern, what has been done and how urgent it is."""

    referrer: str
    referrer_role: str
    referrer_organisation: str
    referrer_phone: str
    referrer_email: str
    # The census referral source (N00152) of the referrer's agency.
    source: str
    consent: str
    consent_reason: str
    concerns: str
    actions_taken: str
    urgency: str
    child_first_name: str = ""
    child_last_name: str = ""
    child_date_of_birth: date | None = None
    child_unborn: bool = False
    child_expected_date_of_birth: date | None = None
    child_sex: str = codes.Sex.UNKNOWN
    child_address: str = ""
    child_postcode: str = ""
    child_school: str = ""
    child_nhs_number: str = ""
    household: tuple[HouseholdMember, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ReportSent:
    """What the sender is told: the reference, and (for the page, never shown) what
    happened. `throttled` has no reference: the sender is asked to phone instead."""

    class Outcome:
        STORED = "stored"
        REPLAYED = "replayed"
        SPAM = "spam"
        THROTTLED = "throttled"

    outcome: str
    reference: str = ""

    @property
    def acknowledged(self) -> bool:
        return self.outcome != self.Outcome.THROTTLED


def public_report_key_new() -> str:
    """The one-time key a report carries from its first page to its last."""
    return secrets.token_urlsafe(24)


def sender_hash(address: str) -> str:
    """Who sent it, for counting only: an HMAC of the network address under the secret key,
    so the address itself is never stored and cannot be recovered by guessing."""
    key = str(settings.SECRET_KEY).encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def reports_per_hour() -> int:
    """Reports one sender may store in an hour; 0 means no limit."""
    return int(getattr(settings, "SAFEGUARD_PUBLIC_REPORTS_PER_HOUR", REPORTS_PER_HOUR))


def minimum_seconds() -> float:
    """Time a person needs at least between starting a report and sending it."""
    return float(getattr(settings, "SAFEGUARD_PUBLIC_REPORT_MINIMUM_SECONDS", MINIMUM_SECONDS))


def looks_automated(*, started_at: datetime | None, honeypot: str, now: datetime) -> bool:
    """A hidden field that no person sees was filled in, or the report was sent sooner after
    it started than anyone could read and answer the questions."""
    if honeypot.strip():
        return True
    if started_at is None:
        return True
    return (now - started_at).total_seconds() < minimum_seconds()


def public_report_send(
    *,
    report: PublicReport,
    idempotency_key: str,
    sender: str,
    started_at: datetime | None,
    honeypot: str = "",
    now: datetime | None = None,
) -> ReportSent:
    """Send a member of the public's report to the front door (Working Together 2023, ch. 2:
    anyone who is worried about a child can refer to children's social care).

    `sender` is `sender_hash(address)`. A database failure raises (DatabaseError) with
    nothing stored, so the same key can be sent again."""
    anonymous = report.anonymous
    child = _child_as_described(
        first_name=report.child_first_name,
        last_name=report.child_last_name,
        date_of_birth=report.child_date_of_birth,
        unborn=report.child_unborn,
        expected_date_of_birth=report.child_expected_date_of_birth,
        address_line=report.child_address,
        postcode=report.child_postcode,
        school=report.child_school,
    )
    if report.child_age is not None:
        child["age"] = report.child_age
    details: dict[str, Any] = {
        "child_as_described": child,
        "urgency": report.urgency,
        "referrer_relationship": _relationship_words(report),
        "referrer_anonymous": anonymous,
    }
    if not anonymous:
        details |= {
            "referrer": report.name,
            "referrer_phone": report.phone,
            "referrer_email": report.email,
        }
    return _send(
        route=codes.ContactRoute.PUBLIC_FORM,
        source=contact_source_for_public("anonymous" if anonymous else report.relationship),
        concerns=report.concerns,
        details=details,
        idempotency_key=idempotency_key,
        guard=_Guard(sender=sender, started_at=started_at, honeypot=honeypot),
        now=now,
    )


def professional_referral_send(
    *,
    referral: ProfessionalReferral,
    idempotency_key: str,
    sender: str = "",
    started_at: datetime | None = None,
    honeypot: str = "",
    submitted_by: User | None = None,
    partner_organisation_id: int | None = None,
    now: datetime | None = None,
) -> ReportSent:
    """Send a professional's referral to the front door. From the public form (`sender`
    given) it is guarded like the public's report; from a signed-in partner user
    (`submitted_by`) it is theirs and their organisation's, who later see its outcome."""
    child = _child_as_described(
        first_name=referral.child_first_name,
        last_name=referral.child_last_name,
        date_of_birth=referral.child_date_of_birth,
        unborn=referral.child_unborn,
        expected_date_of_birth=referral.child_expected_date_of_birth,
        address_line=referral.child_address,
        postcode=referral.child_postcode,
        school=referral.child_school,
    )
    child["sex"] = referral.child_sex
    if referral.child_nhs_number:
        child["nhs_number"] = referral.child_nhs_number
    details: dict[str, Any] = {
        "referrer": referral.referrer,
        "referrer_role": referral.referrer_role,
        "referrer_organisation": referral.referrer_organisation,
        "referrer_phone": referral.referrer_phone,
        "referrer_email": referral.referrer_email,
        "consent": referral.consent,
        "consent_reason": referral.consent_reason,
        "actions_taken": referral.actions_taken,
        "urgency": referral.urgency,
        "child_as_described": child,
        "household_as_described": [
            {"name": member.name, "relationship": member.relationship}
            for member in referral.household
        ],
        "submitted_by": submitted_by,
        "partner_organisation_id": partner_organisation_id,
    }
    guard = None
    if submitted_by is None:
        guard = _Guard(sender=sender, started_at=started_at, honeypot=honeypot)
    return _send(
        route=codes.ContactRoute.PROFESSIONAL_FORM,
        source=referral.source,
        concerns=referral.concerns,
        details=details,
        idempotency_key=idempotency_key,
        guard=guard,
        now=now,
    )


def report_attempts_prune(*, now: datetime | None = None) -> int:
    """Delete attempts older than a day (the hourly limit never looks that far back)."""
    now = now or timezone.now()
    deleted, _ = ReportAttempt.objects.filter(attempted_at__lt=now - ATTEMPTS_KEPT).delete()
    return deleted


# Census N00152 from the kind of partner organisation a signed-in partner user works for.
_ORGANISATION_SOURCES = {
    "school": codes.ReferralSource.SCHOOL,
    "gp": codes.ReferralSource.HEALTH_GP,
    "health_visiting": codes.ReferralSource.HEALTH_VISITOR,
    "school_nursing": codes.ReferralSource.HEALTH_SCHOOL_NURSE,
    "hospital": codes.ReferralSource.HEALTH_A_AND_E,
    "police": codes.ReferralSource.POLICE,
    "housing": codes.ReferralSource.HOUSING,
    "probation": codes.ReferralSource.OTHER_LEGAL_AGENCY,
    "early_years": codes.ReferralSource.OTHER,
    "other": codes.ReferralSource.OTHER,
}


def source_for_organisation_kind(kind: str) -> str:
    """The census referral source of a partner organisation's referral, from its kind
    (`agencies.PartnerOrganisation.Kind`, read as plain words so the front door does not
    depend on the hub)."""
    return _ORGANISATION_SOURCES.get(kind, codes.ReferralSource.OTHER)


# --- How a submission is guarded and stored -------------------------------------------------


@dataclass(frozen=True)
class _Guard:
    sender: str
    started_at: datetime | None
    honeypot: str


def _send(
    *,
    route: str,
    source: str,
    concerns: str,
    details: dict[str, Any],
    idempotency_key: str,
    guard: _Guard | None,
    now: datetime | None,
) -> ReportSent:
    now = now or timezone.now()
    # A retry of a report already stored is answered with its reference before anything
    # else: it is not a new report, so it neither counts towards nor is refused by the limit.
    stored = _stored_under(route, idempotency_key)
    if stored is not None:
        return ReportSent(ReportSent.Outcome.REPLAYED, stored)
    if guard is not None:
        if looks_automated(started_at=guard.started_at, honeypot=guard.honeypot, now=now):
            _attempt(guard.sender, now, ReportAttempt.Outcome.SPAM)
            # Answered as a real report would be, so a bot learns nothing; nothing is kept.
            return ReportSent(ReportSent.Outcome.SPAM, reference_new())
        if _over_the_limit(guard.sender, now):
            _attempt(guard.sender, now, ReportAttempt.Outcome.THROTTLED)
            return ReportSent(ReportSent.Outcome.THROTTLED)
    received = contact_receive(
        route=route,
        source=source,
        concerns=concerns,
        received_at=now,
        idempotency_key=idempotency_key,
        **details,
    )
    if guard is not None and not received.replayed:
        # Counted once the contact is stored, on its own: the contact's transaction (which
        # holds the audit trail's lock) ends sooner, and failing to count a report never
        # undoes it or tells the sender it was not sent.
        try:
            _attempt(guard.sender, now, ReportAttempt.Outcome.STORED)
        except DatabaseError:
            logger.warning("front door: a stored report was not counted for the hourly limit")
    outcome = ReportSent.Outcome.REPLAYED if received.replayed else ReportSent.Outcome.STORED
    return ReportSent(outcome, received.contact.reference)


def _stored_under(route: str, idempotency_key: str) -> str | None:
    if not idempotency_key:
        return None
    reference: str | None = (
        Contact.objects.filter(route=route, idempotency_key=idempotency_key)
        .values_list("reference", flat=True)
        .first()
    )
    return reference


def _over_the_limit(sender: str, now: datetime) -> bool:
    limit = reports_per_hour()
    if limit <= 0:
        return False
    stored = ReportAttempt.objects.filter(
        sender_hash=sender,
        attempted_at__gt=now - timedelta(hours=1),
        outcome=ReportAttempt.Outcome.STORED,
    )
    return stored.count() >= limit


def _attempt(sender: str, now: datetime, outcome: str) -> None:
    ReportAttempt.objects.create(sender_hash=sender, attempted_at=now, outcome=outcome)
    if secrets.randbelow(PRUNE_ONE_IN) == 0:
        report_attempts_prune(now=now)


def _child_as_described(
    *,
    first_name: str,
    last_name: str,
    date_of_birth: date | None,
    unborn: bool,
    expected_date_of_birth: date | None,
    address_line: str,
    postcode: str,
    school: str,
) -> dict[str, Any]:
    """What the sender said about the child, with only what they said (an empty answer is
    left out, so "not known" is never mistaken for a value)."""
    described: dict[str, Any] = {
        "first_name": first_name,
        "last_name": last_name,
        "date_of_birth": date_of_birth.isoformat() if date_of_birth else "",
        "expected_date_of_birth": (
            expected_date_of_birth.isoformat() if expected_date_of_birth else ""
        ),
        "address_line": address_line,
        "postcode": postcode,
        "school": school,
    }
    described = {key: value for key, value in described.items() if value}
    if unborn:
        described["unborn"] = True
    return described


_RELATIONSHIP_WORDS = {
    "family": "Family member",
    "neighbour": "Neighbour",
    "friend": "Friend of the family",
    "self": "The child or young person",
}


def _relationship_words(report: PublicReport) -> str:
    if report.relationship == "other":
        return f"Other: {report.relationship_described}"[:100]
    return _RELATIONSHIP_WORDS.get(report.relationship, "Other")
