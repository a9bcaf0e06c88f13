"""Referrals: opening and closing the children-in-need episode."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max

from safeguard.common import codes
from safeguard.organisation.models import Team, Worker
from safeguard.people.models import Person

from ..models import (
    Contact,
    LookedAfterPeriod,
    ManagementDecision,
    Referral,
)
from ..workflow import rules
from ..workflow.rules import check
from ._base import (
    _dates_ok,
    _decision,
    _lock_child,
    _save,
    _today,
    referral_facts,
)

__all__ = ["referral_close", "referral_open"]


def referral_open(
    *,
    child: Person,
    referral_date: date,
    source: str,
    team: Team,
    primary_need: str = codes.PrimaryNeed.N0,
    contact: Contact | None = None,
) -> Referral:
    """Open a children-in-need episode (census CINdetails)."""
    with transaction.atomic():
        child = _lock_child(child)
        violations = _dates_ok(child, {"referral_date": referral_date})
        open_referral = Referral.objects.filter(child=child, closure_date__isnull=True).first()
        violations += rules.one_open_referral(
            open_referral.referral_date if open_referral is not None else None
        )
        last_closed = Referral.objects.filter(child=child, closure_date__isnull=False).aggregate(
            m=Max("closure_date")
        )["m"]
        violations += rules.referrals_do_not_overlap(referral_date, last_closed)
        if contact is not None:
            violations += rules.referral_from_contact(
                same_child=contact.child_id == child.pk, contact_decision=contact.decision
            )
        check(violations)
        referral = Referral(
            child=child,
            contact=contact,
            referral_date=referral_date,
            source=source,
            primary_need=primary_need,
            team=team,
        )
        _save(referral)
        return referral


def _open_work(referral: Referral) -> rules.OpenWork:
    """The facts `rules.referral_can_close` asks about: what is still open in the referral."""
    latest = [
        referral.assessments.aggregate(m=Max("authorised_date"))["m"],
        referral.assessments.aggregate(m=Max("start_date"))["m"],
        referral.section47_enquiries.aggregate(m=Max("completed_date"))["m"],
        referral.conferences.aggregate(m=Max("conference_date"))["m"],
        referral.protection_plans.aggregate(m=Max("end_date"))["m"],
        referral.cin_plans.aggregate(m=Max("end_date"))["m"],
    ]
    return rules.OpenWork(
        assessments_unauthorised=referral.assessments.filter(authorised_date__isnull=True).count(),
        section47_enquiries_open=referral.section47_enquiries.filter(
            completed_date__isnull=True
        ).count(),
        protection_plans_open=referral.protection_plans.filter(end_date__isnull=True).count(),
        cin_plans_open=referral.cin_plans.filter(end_date__isnull=True).count(),
        care_periods_open=LookedAfterPeriod.objects.filter(
            child_id=referral.child_id, end_date__isnull=True
        ).count(),
        latest_activity=max((d for d in latest if d is not None), default=None),
    )


def referral_close(
    *,
    referral: Referral,
    closure_date: date,
    closure_reason: str,
    closed_by: Worker | None = None,
    rationale: str = "",
) -> Referral:
    """Close the children-in-need episode once its work is finished. A manager's closure is
    a management decision and needs its rationale."""
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        check(
            rules.dates_not_in_future(_today(), {"closure_date": closure_date}),
            rules.referral_can_close(
                referral_facts(referral), closure_date, closure_reason, _open_work(referral)
            ),
            rules.decision_needs_rationale(rationale) if closed_by is not None else [],
        )
        referral.closure_date = closure_date
        referral.closure_reason = closure_reason
        referral.no_further_action = closure_reason == codes.ReasonForClosure.RC8 and not (
            referral.assessments.exists()
        )
        _save(referral)
        if closed_by is not None:
            _decision(
                child=referral.child,
                kind=ManagementDecision.Kind.CLOSURE,
                decision=f"Closed: {referral.get_closure_reason_display()}",
                rationale=rationale,
                decided_by=closed_by,
                subject=referral,
            )
        return referral
