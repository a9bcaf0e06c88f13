"""Writes for signals: raising them (the rules, run for one child) and acknowledging them.

Raising is idempotent: the same rule on the same evidence is never raised twice (the rules'
`new_findings`, and a unique constraint on the evidence's hash for two evaluations at once).
Every raise and every acknowledgement is in the audit trail. A new contact about a known
child runs the child's rules at once (`signals_on_contact_received`, a front door hook), and
a signal acknowledged as "treat as a contact for the front door" makes that contact.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from safeguard.agencies.models import PartnerEvent
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.models import (
    Allocation,
    ChildProtectionPlan,
    Contact,
    LookedAfterPeriod,
    Referral,
)
from safeguard.cases.workflow.rules import RuleViolation
from safeguard.common import codes
from safeguard.common.batching import in_chunks
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Authority, Team, Worker
from safeguard.people.identifiers import normalise_postcode
from safeguard.people.models import Person, Residence

from .facts import child_facts_get
from .models import Signal
from .rules import (
    DOMESTIC_ABUSE_NOTIFICATION,
    INJURY,
    MISSED_HEALTH_APPOINTMENT,
    RECENT_DAYS,
    RULES,
    Finding,
    Rule,
    evaluate,
    months_before,
    new_findings,
)

logger = logging.getLogger(__name__)

RATIONALE_MIN_LENGTH = 10
ERROR_DECISION_MISSING = "Select the decision you made about this signal."
ERROR_RATIONALE_MISSING = (
    "Give the reason for your decision, so the oversight of this signal can be audited."
)
ERROR_RATIONALE_SHORT = (
    f"The reason must be at least {RATIONALE_MIN_LENGTH} characters: say what you decided and why."
)
ERROR_ALREADY_ACKNOWLEDGED = "This signal has already been acknowledged."
CONTACT_KEY = "signal:{pk}"


def _evidence_hash(finding: Finding) -> str:
    return hashlib.sha256(f"{finding.rule_id}|{finding.evidence_key}".encode()).hexdigest()


def _authority_id(child_id: int) -> int | None:
    """The authority responsible for a child who has no open allocation: where they were
    last referred or contacted, or the partner who told us about them; with one authority
    in the database (the usual deployment), that one."""
    referral_team = (
        Referral.objects.filter(child_id=child_id)
        .order_by("-referral_date", "-pk")
        .values_list("team__authority_id", flat=True)
        .first()
    )
    if referral_team is not None:
        return referral_team
    contact_team = (
        Contact.objects.filter(child_id=child_id, team__isnull=False)
        .order_by("-received_at", "-pk")
        .values_list("team__authority_id", flat=True)
        .first()
    )
    if contact_team is not None:
        return contact_team
    partner = (
        PartnerEvent.objects.filter(child_id=child_id)
        .order_by("-received_at", "-pk")
        .values_list("organisation__authority_id", flat=True)
        .first()
    )
    if partner is not None:
        return partner
    only = list(Authority.objects.values_list("pk", flat=True)[:2])
    return only[0] if len(only) == 1 else None


def signal_recipient_get(*, child_id: int, today: date) -> tuple[Worker | None, Team | None]:
    """Who is told: the allocated worker (and their team, whose manager oversees it); a team
    allocation without a worker goes to the team; a child not allocated goes to the front
    door of the responsible authority."""
    allocation = (
        Allocation.objects.filter(child_id=child_id, end_date__isnull=True)
        .select_related("team", "worker")
        .first()
    )
    if allocation is not None:
        worker = allocation.worker
        if worker is not None and worker.left_on is not None and worker.left_on <= today:
            worker = None
        return worker, allocation.team
    authority_id = _authority_id(child_id)
    if authority_id is None:
        return None, None
    front_door = (
        Team.objects.filter(authority_id=authority_id, kind=Team.Kind.FRONT_DOOR)
        .order_by("pk")
        .first()
    )
    return None, front_door


def _raise(
    *, child_id: int, finding: Finding, today: date, worker: Worker | None, team: Team | None
) -> Signal | None:
    signal = Signal(
        rule_id=finding.rule_id,
        child_id=child_id,
        evidence=[
            {"kind": e.kind, "id": e.id, "on": e.on.isoformat(), "description": e.description}
            for e in sorted(finding.evidence, key=lambda e: (e.on, e.kind, e.id))
        ],
        evidence_key=finding.evidence_key,
        evidence_hash=_evidence_hash(finding),
        explanation=finding.explanation,
        raised_at=timezone.now(),
        raised_on=today,
        recipient_worker=worker,
        recipient_team=team,
    )
    signal.full_clean(exclude=["child", "recipient_worker", "recipient_team"])
    try:
        # A savepoint: another evaluation of the same child may have raised it a moment ago.
        with transaction.atomic():
            signal.save()
    except IntegrityError:
        return None
    audit_record(
        action=Action.CREATE,
        object_type="signals.signal",
        object_id=signal.pk,
        child_id=child_id,
        details={
            "rule": finding.rule_id,
            "evidence": finding.evidence_key,
            "recipient_worker": worker.pk if worker else None,
            "recipient_team": team.pk if team else None,
        },
    )
    return signal


def signals_evaluate_for_child(
    *, child_id: int, today: date | None = None, rules: tuple[Rule, ...] = RULES
) -> list[Signal]:
    """Run every rule for one child; raise a signal for each finding on evidence not already
    raised under that rule, told to the allocated worker or the front door. Idempotent: a
    second run with nothing new raises nothing. Returns the signals raised now.

    Called by the partner hub after an event is linked to a child (API, bulk import, a
    review decision) and nightly by `manage.py evaluate_signals` for the rules that fire
    with the passage of time.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        # Serialises evaluations of one child (two events for them arriving at once).
        if not Person.objects.select_for_update().filter(pk=child_id).exists():
            return []
        facts = child_facts_get(child_id=child_id, today=today)
        raised: dict[str, set[str]] = {}
        for rule_id, key in Signal.objects.filter(child_id=child_id).values_list(
            "rule_id", "evidence_key"
        ):
            raised.setdefault(rule_id, set()).update(key.split(","))
        fresh = new_findings(evaluate(facts, today, rules), raised)
        if not fresh:
            return []
        worker, team = signal_recipient_get(child_id=child_id, today=today)
        if team is None:
            # Logged by id only: logs never carry case content.
            logger.warning("signal for child %s has no team to go to", child_id)
        signals = [
            _raise(child_id=child_id, finding=f, today=today, worker=worker, team=team)
            for f in fresh
        ]
        return [s for s in signals if s is not None]


def signals_candidates(*, today: date) -> list[int]:
    """The children some rule could fire for today, found in SQL so the nightly run does not
    evaluate every child ever contacted: partner events in the last 90 days (SG01, SG04,
    SG06), three or more missed appointments in six months (SG02) or contacts in twelve
    (SG03), an open child protection plan (SG05), or living where a domestic abuse
    notification was made in the last 90 days (SG04). A superset: the rules decide."""
    recent = today - timedelta(days=RECENT_DAYS)
    ids = set(
        PartnerEvent.objects.filter(
            child__isnull=False, occurred_on__gte=recent, occurred_on__lte=today
        ).values_list("child_id", flat=True)
    )
    ids.update(
        PartnerEvent.objects.filter(
            child__isnull=False,
            event_type=MISSED_HEALTH_APPOINTMENT,
            occurred_on__gte=months_before(today, 6),
            occurred_on__lte=today,
        )
        .values("child_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=3)
        .values_list("child_id", flat=True)
    )
    # A day wider than twelve months: the rule counts local dates, the column is UTC.
    year_ago = months_before(today, 12) - timedelta(days=1)
    ids.update(
        Contact.objects.filter(received_at__date__gte=year_ago, child__isnull=False)
        .values("child_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=3)
        .values_list("child_id", flat=True)
    )
    ids.update(
        ChildProtectionPlan.objects.filter(start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values_list("child_id", flat=True)
    )
    postcodes = PartnerEvent.objects.filter(
        event_type=DOMESTIC_ABUSE_NOTIFICATION, occurred_on__gte=recent, occurred_on__lte=today
    ).exclude(postcode="")
    ids.update(
        Residence.objects.filter(
            address__postcode__in=postcodes.values("postcode"), person__is_child=True
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=recent))
        .values_list("person_id", flat=True)
    )
    return sorted(ids)


def signals_children_worth_evaluating(*, child_ids: Sequence[int], today: date) -> list[int]:
    """Of these children, those some rule could fire for: known to children's social care
    (a contact, a referral or a period of care: SG01 to SG05 all need one), under one or with
    no date of birth (SG06), or with an injury reported (SG06 also fires for a child the
    partner says is not mobile). A superset, found in a few queries, so a nightly file of
    100,000 school rows does not evaluate every pupil one by one; the rules decide."""
    ids = sorted(set(child_ids))
    worth: set[int] = set()
    # A day's margin: a first birthday today still counts under the rule's own arithmetic.
    born_after = today - timedelta(days=367)
    for chunk in in_chunks(ids):
        worth.update(Contact.objects.filter(child_id__in=chunk).values_list("child_id", flat=True))
        worth.update(Referral.objects.filter(child_id__in=chunk).values_list("child_id", flat=True))
        worth.update(
            LookedAfterPeriod.objects.filter(child_id__in=chunk).values_list("child_id", flat=True)
        )
        worth.update(
            Person.objects.filter(pk__in=chunk)
            .filter(Q(date_of_birth__isnull=True) | Q(date_of_birth__gte=born_after))
            .values_list("pk", flat=True)
        )
        worth.update(
            PartnerEvent.objects.filter(child_id__in=chunk, event_type=INJURY).values_list(
                "child_id", flat=True
            )
        )
    return sorted(worth)


def signals_evaluate_for_address(*, postcode: str, today: date | None = None) -> list[Signal]:
    """Evaluate every child living at a postcode now (a notification about an address, such
    as domestic abuse, concerns the children there even when it is linked to an adult)."""
    today = today or timezone.localdate()
    child_ids = sorted(
        set(
            Residence.objects.filter(
                address__postcode=normalise_postcode(postcode),
                person__is_child=True,
                start_date__lte=today,
            )
            .exclude(end_date__lt=today)
            .values_list("person_id", flat=True)
        )
    )
    signals: list[Signal] = []
    for child_id in child_ids:
        signals += signals_evaluate_for_child(child_id=child_id, today=today)
    return signals


def signals_on_contact_received(contact: Contact) -> None:
    """Front door hook (registered in apps.py), run in the contact's transaction: a contact
    about a known child, by any route, is news for the rules ("three contacts in twelve
    months" counts them all), so the child's rules run now rather than overnight. A contact
    not yet matched to a child waits: its child is evaluated once it is matched (a linkage
    review's decision, or the nightly run)."""
    if contact.child_id is None:
        return
    try:
        # A savepoint: a contact must never be lost because the rules could not run; the
        # nightly run evaluates the child again.
        with transaction.atomic():
            signals_evaluate_for_child(child_id=contact.child_id)
    except Exception as error:
        # Ids and the error's kind only: logs never carry case content.
        logger.error(
            "signals not evaluated for child %s after contact %s (%s)",
            contact.child_id,
            contact.pk,
            type(error).__name__,
        )


def _contact_concerns(signal: Signal, by: Worker, rationale: str) -> str:
    evidence = "\n".join(
        f"- {item['on'].day} {item['on']:%B %Y}: {item['description']}"
        for item in signal.evidence_items
    )
    return (
        f"Signal {signal.rule_id}: {signal.rule.title}.\n{signal.explanation}\n"
        f"Evidence:\n{evidence}\n"
        f"Treated as a contact by {by.full_name}: {rationale}"
    )


def _contact_from_signal(signal: Signal, by: Worker, rationale: str) -> Contact:
    """The contact a "treat as a contact for the front door" decision makes: about the
    signal's child, with its explanation, from the worker who decided (council social care,
    census source 5A). Once per signal, however often it is asked."""
    from safeguard.front_door.services import contact_receive

    try:
        received = contact_receive(
            route=codes.ContactRoute.SIGNAL,
            source=codes.ReferralSource.LA_SOCIAL_CARE,
            child=signal.child,
            concerns=_contact_concerns(signal, by, rationale),
            authority=by.authority,
            idempotency_key=CONTACT_KEY.format(pk=signal.pk),
            referrer=by.full_name,
            referrer_role=by.get_role_display(),
            referrer_organisation=by.authority.name,
        )
    except RuleViolation as error:
        raise ValidationError({"decision": [str(error)]}) from error
    if not received.replayed:
        audit_record(
            action=Action.CREATE,
            object_type="cases.contact",
            object_id=received.contact.pk,
            child_id=signal.child_id,
            details={"route": codes.ContactRoute.SIGNAL, "signal": signal.pk},
        )
    return received.contact


def signal_acknowledge(
    *,
    signal: Signal,
    by: Worker,
    decision: str,
    rationale: str,
    request: HttpRequest | None = None,
    actor: AnyUser | None = None,
) -> Signal:
    """Record that `by` has looked at the signal: their decision and why. Raises
    ValidationError naming each field at fault, and writes nothing, on bad input or when
    someone has already acknowledged it. The caller has checked `signal.acknowledge` for the
    child. "Treat as a contact for the front door" makes the contact in the same transaction
    (`signal_contact_get` finds it); if the front door cannot receive it, nothing is
    written."""
    errors: dict[str, list[str]] = {}
    if decision not in Signal.Decision.values:
        errors["decision"] = [ERROR_DECISION_MISSING]
    rationale = rationale.strip()
    if not rationale:
        errors["rationale"] = [ERROR_RATIONALE_MISSING]
    elif len(rationale) < RATIONALE_MIN_LENGTH:
        errors["rationale"] = [ERROR_RATIONALE_SHORT]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Signal.objects.select_for_update().get(pk=signal.pk)
        if locked.acknowledged_at is not None:
            raise ValidationError({"decision": [ERROR_ALREADY_ACKNOWLEDGED]})
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = by
        locked.decision = decision
        locked.rationale = rationale
        locked.full_clean(exclude=["child", "recipient_worker", "recipient_team"])
        locked.save(
            update_fields=[
                "acknowledged_at",
                "acknowledged_by",
                "decision",
                "rationale",
                "updated_at",
            ]
        )
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            request=request,
            object_type="signals.signal",
            object_id=locked.pk,
            child_id=locked.child_id,
            details={"acknowledged": True, "rule": locked.rule_id, "decision": decision},
        )
        if decision == Signal.Decision.FRONT_DOOR_CONTACT:
            _contact_from_signal(locked, by, rationale)
        # Close the loop now, not when the partner next asks: each partner whose event was
        # evidence here is told the outcome once every signal citing it is acknowledged.
        from safeguard.agencies.models import PartnerSubmission
        from safeguard.agencies.services.submissions import submission_outcome_refresh

        event_ids = [item["id"] for item in locked.evidence if item.get("kind") == "partner_event"]
        for submission in PartnerSubmission.objects.filter(
            events__pk__in=event_ids, status=PartnerSubmission.Status.LINKED
        ).distinct():
            submission_outcome_refresh(submission)
    return locked
