"""Test data for signals: partner events written directly (as the partner hub stores them),
and a signal about a child sent as the service sends it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from safeguard.agencies.models import PartnerEvent, PartnerOrganisation, PartnerSubmission
from safeguard.agencies.signals.models import Signal
from safeguard.agencies.signals.rules import Evidence, Finding
from safeguard.agencies.signals.services import _evidence_hash, signal_recipient_get
from safeguard.organisation.models import Authority


def organisation(
    authority: Authority | None = None, *, kind: str = "school", name: str = ""
) -> PartnerOrganisation:
    if authority is None:
        authority = Authority.objects.order_by("pk").first() or Authority.objects.create(
            name="Signals Test Authority", la_code="996", child_population=1
        )
    organisation, _ = PartnerOrganisation.objects.get_or_create(
        authority=authority, name=name or f"Test {kind}", defaults={"kind": kind}
    )
    return organisation


def partner_event(
    *,
    child: Any,
    event_type: str,
    occurred_on: date,
    kind: str = "school",
    postcode: str = "",
    address_line: str = "",
    authority: Authority | None = None,
) -> PartnerEvent:
    org = organisation(authority, kind=kind)
    received = datetime(occurred_on.year, occurred_on.month, occurred_on.day, 12, tzinfo=UTC)
    submission = PartnerSubmission.objects.create(
        organisation=org, received_at=received, status=PartnerSubmission.Status.LINKED
    )
    return PartnerEvent.objects.create(
        organisation=org,
        submission=submission,
        event_type=event_type,
        occurred_on=occurred_on,
        received_at=received,
        child=child,
        postcode=postcode,
        address_line=address_line,
        summary="Fictional summary for a test.",
    )


def signal_about(child: Any, *, rule_id: str = "SG06", today: date | None = None) -> Signal:
    """A signal about `child`, sent to whoever the service would send it to (one per child
    and rule: asked again, the same one)."""
    existing = Signal.objects.filter(child=child, rule_id=rule_id).first()
    if existing is not None:
        return existing
    today = today or date(2025, 3, 14)
    worker, team = signal_recipient_get(child_id=child.pk, today=today)
    finding = Finding(
        rule_id,
        (Evidence("partner_event", 10_000 + child.pk, today, "Injury (Test hospital)"),),
        f"Injury on {today:%d %B %Y} to a baby under one.",
    )
    return Signal.objects.create(
        rule_id=rule_id,
        child=child,
        evidence=[
            {
                "kind": "partner_event",
                "id": 10_000 + child.pk,
                "on": today.isoformat(),
                "description": "Injury (Test hospital)",
            }
        ],
        evidence_key=finding.evidence_key,
        evidence_hash=_evidence_hash(finding),
        explanation=finding.explanation,
        raised_at=datetime(today.year, today.month, today.day, 9, tzinfo=UTC),
        raised_on=today,
        recipient_worker=worker,
        recipient_team=team,
    )
