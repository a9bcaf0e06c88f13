"""Receiving what partners send: one submission, a bulk request or a nightly file; linking
the people in it; telling social care; and what the partner is told back.

Lawful basis (docs/information-sharing.md): partners share under Children Act 2004 s.11 and,
where a child may be suffering significant harm, to support enquiries under Children Act
1989 s.47; processing is a public task (UK GDPR Art. 6(1)(e)) and, for health and criminal
offence data, substantial public interest in safeguarding (Art. 9(2)(g), DPA 2018 Sch. 1
para. 18).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from pydantic import ValidationError as PydanticValidationError

from safeguard.access.permissions import allowed
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.models import Allocation, Contact
from safeguard.common import codes
from safeguard.common.batching import in_chunks
from safeguard.common.types import AnyUser

from ..linkage.services import LinkageError, person_link, person_link_batch
from ..linkage.types import IncomingPerson, MatchOutcome
from ..models import (
    PartnerBatch,
    PartnerEvent,
    PartnerEventAdult,
    PartnerOrganisation,
    PartnerSubmission,
    PartnerToken,
)
from ..schemas import PersonIn, SubmissionIn, error_messages, submission_adapter
from .concerns import (
    FrontDoorUnavailable,
    contacts_make,
    contacts_on_review_decided,
    is_concern,
    submission_contact_reference,
    submissions_on_feedback_given,
)

__all__ = [
    "IDEMPOTENCY_KEY_REUSED",
    "LINKAGE_UNAVAILABLE_FOR_ROW",
    "OUTCOME_WITHOUT_STATUS",
    "SIGNIFICANT_TYPES",
    "BatchResult",
    "FrontDoorUnavailable",
    "IdempotencyKeyReused",
    "LinkageUnavailable",
    "PersonRefused",
    "Received",
    "RowsStored",
    "UnreadableRow",
    "batch_receive",
    "partner_may_learn_child_status",
    "rows_store",
    "submission_outcome_refresh",
    "submission_outcome_text",
    "submission_receive",
    "submission_reply",
    "submission_response",
    "submissions_on_feedback_given",
    "submissions_on_review_decided",
]

IDEMPOTENCY_KEY_REUSED = (
    "Idempotency-Key: this key was already used for a different submission; "
    "use a new key for new content"
)
LINKAGE_UNAVAILABLE_FOR_ROW = (
    "not stored: matching people to records is not available yet; send this row again later"
)
LINKAGE_SOURCE = "partner:{kind}"
# Types that are significant in the child's chronology whatever the partner says: each is a
# statutory step or a recognised marker of risk in serious case reviews.
SIGNIFICANT_TYPES = frozenset(
    {
        PartnerEvent.EventType.CHILD_MISSING_EDUCATION,
        PartnerEvent.EventType.REMOVED_FROM_ROLL,
        PartnerEvent.EventType.ELECTIVE_HOME_EDUCATION,
        PartnerEvent.EventType.INJURY,
        PartnerEvent.EventType.DOMESTIC_ABUSE_NOTIFICATION,
        PartnerEvent.EventType.POLICE_PROTECTION,
        PartnerEvent.EventType.MISSING_EPISODE,
    }
)
# Events about an address: the children living there are evaluated too.
ADDRESS_TYPES = frozenset(
    {PartnerEvent.EventType.DOMESTIC_ABUSE_NOTIFICATION, PartnerEvent.EventType.EVICTION}
)
# What the partner reads before a decision, by status (fixed words, no case content).
_STATUS_TEXT = {
    PartnerSubmission.Status.RECEIVED: "Received.",
    PartnerSubmission.Status.AWAITING_REVIEW: (
        "Received; children's social care is confirming which child this is about."
    ),
    PartnerSubmission.Status.LINKED: (
        "Received and matched to a child; being considered by children's social care."
    ),
}


class IdempotencyKeyReused(Exception):
    pass


class PersonRefused(Exception):
    """Linkage refused a person in the submission (e.g. a last name with no letters in it);
    `field` names it in the submission's own terms (child.last_name, adults.0.last_name)."""

    def __init__(self, field: str, message: str) -> None:
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}" if field else message)


class LinkageUnavailable(Exception):
    """Linkage cannot run at all (no trained model yet): nothing is stored, except a concern,
    which still becomes a contact for the front door to match by hand."""


# A person linkage could not place: like a review, without one to wait for.
NOT_LINKED = MatchOutcome("review", None, None, None)


def _link_one(
    incoming: IncomingPerson, *, where: str, organisation: PartnerOrganisation, source: str
) -> MatchOutcome:
    try:
        return person_link(incoming=incoming, authority=organisation.authority, source=source)
    except LinkageError as error:
        if not error.field:
            raise LinkageUnavailable(error.message) from error
        raise PersonRefused(f"{where}.{error.field}", error.message) from error


@dataclass(frozen=True)
class Received:
    submission: PartnerSubmission
    # True when this was a retry of a submission already stored under the same key.
    replayed: bool


@dataclass(frozen=True)
class UnreadableRow:
    """A row of a file that could not even be read (not JSON, a broken CSV line): it is
    reported as rejected with this reason, like a row that fails the schema."""

    reason: str


@dataclass(frozen=True)
class BatchResult:
    batch: PartnerBatch
    replayed: bool


def _hash(data: Any) -> str:
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, separators=(",", ":"), default=str).encode()
    ).hexdigest()


def _incoming(person: PersonIn) -> IncomingPerson:
    return IncomingPerson(
        first_name=person.first_name,
        last_name=person.last_name,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        postcode=person.postcode,
        address_line=person.address_line,
        nhs_number=person.nhs_number,
        upn=person.upn,
    )


def submission_outcome_text(submission: PartnerSubmission) -> str:
    # A concern has an outcome before it is decided: it is with the front door.
    if submission.status == PartnerSubmission.Status.DECIDED or submission.outcome:
        return submission.outcome_text
    return _STATUS_TEXT[PartnerSubmission.Status(submission.status)]


# Outcomes that tell the partner whether the child is allocated (and so known) to children's
# social care, and the words a partner not allowed the partner check reads instead: the
# check answers an unknown child and a known child without flags alike, and the reply to an
# event must not undo that.
_OUTCOMES_TELLING_STATUS = frozenset(
    str(outcome.label)
    for outcome in (
        PartnerSubmission.Outcome.PASSED_TO_ALLOCATED_TEAM,
        PartnerSubmission.Outcome.RECORDED,
    )
)
OUTCOME_WITHOUT_STATUS = "Recorded on the child's multi-agency chronology."


def partner_may_learn_child_status(
    *, token: PartnerToken | None = None, user: AnyUser | None = None
) -> bool:
    """Whether a partner may be told if the child they wrote about is allocated: only one
    allowed the partner check (a token with the scope check:read, a user the rule
    `partner.check` admits), who could ask it anyway."""
    if token is not None:
        return PartnerToken.Scope.CHECK_READ in token.scopes and token.organisation.is_active
    return allowed(user, "partner.check")


def submission_reply(body: dict[str, Any], *, may_learn_child_status: bool) -> dict[str, Any]:
    """A submission's answer (`submission_response`, or the first answer kept for a retry)
    as this partner may read it."""
    if may_learn_child_status or body.get("outcome") not in _OUTCOMES_TELLING_STATUS:
        return body
    return {**body, "outcome": OUTCOME_WITHOUT_STATUS}


def submission_response(submission: PartnerSubmission) -> dict[str, Any]:
    """What the partner is told about a submission (API shape SubmissionOut), before
    `submission_reply` leaves out what this partner may not learn."""
    return {
        "id": submission.pk,
        "reference": submission.partner_reference,
        "status": submission.status,
        "received_at": submission.received_at.isoformat(),
        "decided_at": submission.decided_at.isoformat() if submission.decided_at else None,
        "outcome": submission_outcome_text(submission),
        "contact_reference": submission_contact_reference(submission),
    }


def _store(
    *,
    organisation: PartnerOrganisation,
    token: PartnerToken | None,
    payload: SubmissionIn,
    child: MatchOutcome | None,
    adults: Sequence[MatchOutcome],
    received_at: datetime,
    idempotency_key: str = "",
    request_hash: str = "",
    batch: PartnerBatch | None = None,
    row_number: int | None = None,
) -> tuple[PartnerSubmission, PartnerEvent]:
    """Write one submission and its event, in the caller's transaction. `child` is None
    for a notification about a household that names no child."""
    event_in = payload.event
    linked = child is not None and child.decision != "review"
    if child is None:
        status = PartnerSubmission.Status.RECEIVED
    elif linked:
        status = PartnerSubmission.Status.LINKED
    else:
        status = PartnerSubmission.Status.AWAITING_REVIEW
    submission = PartnerSubmission.objects.create(
        organisation=organisation,
        token=token,
        batch=batch,
        row_number=row_number,
        idempotency_key=idempotency_key,
        request_hash=request_hash,
        partner_reference=payload.reference,
        received_at=received_at,
        status=status,
    )
    postcode, address_line = event_in.event_address()
    if payload.child is not None:
        postcode = postcode or payload.child.postcode
        address_line = address_line or payload.child.address_line
    details = event_in.model_dump(mode="json", exclude={"event_type", "summary", "significant"})
    event = PartnerEvent.objects.create(
        organisation=organisation,
        submission=submission,
        event_type=event_in.event_type,
        occurred_on=event_in.event_date(),
        received_at=received_at,
        child_id=child.person_id if linked and child is not None else None,
        match_review_id=child.review_id if child is not None and not linked else None,
        postcode=postcode,
        address_line=address_line,
        summary=event_in.summary,
        details=details,
        significant=event_in.significant or event_in.event_type in SIGNIFICANT_TYPES,
    )
    PartnerEventAdult.objects.bulk_create(
        PartnerEventAdult(
            event=event,
            person_id=outcome.person_id if outcome.decision != "review" else None,
            match_review_id=outcome.review_id if outcome.decision == "review" else None,
            role=adult.role,
        )
        for adult, outcome in zip(payload.adults, adults, strict=True)
    )
    return submission, event


def _evidence_refs(signal: Any) -> set[str]:
    return set(signal.evidence_key.split(","))


def _event_ref(event_id: int) -> str:
    # How the signals app names a partner event in a signal's evidence.
    return f"partner_event:{event_id}"


def _settle(
    linked: Sequence[tuple[int, PartnerSubmission, PartnerEvent]],
    households: Sequence[PartnerEvent] = (),
) -> None:
    """After events are linked to children (child id, submission, event): run the signals
    for each child (and for the children at an address an event is about, including
    `households`, the events that named no child), then decide what each partner is told. A
    submission whose event is evidence for a new signal stays "linked" (being considered)
    until the signal is acknowledged; a concern waits for the front door's feedback; the
    others are decided now: the allocated team sees them in the child's chronology, or they
    are recorded there. A fixed number of queries here, whatever the number of rows, besides
    the signals'."""
    from ..signals.services import (
        signals_children_worth_evaluating,
        signals_evaluate_for_address,
        signals_evaluate_for_child,
    )

    raised = []
    # Most of a school's nightly file is children no rule can fire for (not known to social
    # care, not babies): asked in a few queries instead of evaluating each (19 ms a child).
    for child_id in signals_children_worth_evaluating(
        child_ids=[child_id for child_id, _, _ in linked], today=timezone.localdate()
    ):
        raised += signals_evaluate_for_child(child_id=child_id)
    postcodes = {
        e.postcode
        for e in [*(e for _, _, e in linked), *households]
        if e.event_type in ADDRESS_TYPES and e.postcode
    }
    for postcode in sorted(postcodes):
        raised += signals_evaluate_for_address(postcode=postcode)
    cited: set[str] = set()
    for signal in raised:
        cited |= _evidence_refs(signal)
    to_decide = [(c, s.pk) for c, s, e in linked if _event_ref(e.pk) not in cited]
    allocated: set[int] = set()
    for chunk in in_chunks(sorted({c for c, _ in to_decide})):
        allocated.update(
            Allocation.objects.filter(child_id__in=chunk, end_date__isnull=True).values_list(
                "child_id", flat=True
            )
        )
    now = timezone.now()
    for outcome, ids in (
        (
            PartnerSubmission.Outcome.PASSED_TO_ALLOCATED_TEAM,
            [s for c, s in to_decide if c in allocated],
        ),
        (PartnerSubmission.Outcome.RECORDED, [s for c, s in to_decide if c not in allocated]),
    ):
        for chunk in in_chunks(ids):
            # outcome="": a concern is with the front door, whose feedback decides it.
            PartnerSubmission.objects.filter(
                pk__in=chunk, status=PartnerSubmission.Status.LINKED, outcome=""
            ).update(status=PartnerSubmission.Status.DECIDED, outcome=outcome, decided_at=now)


# A worker's acknowledgement of a signal, as the partner may hear it: never which decision
# in the worker's words, never a plan, a strategy discussion or a referral by name.
_OUTCOME_OF_DECISION = {
    "action_taken": PartnerSubmission.Outcome.ACTION_TAKEN,
    "strategy_discussion": PartnerSubmission.Outcome.ACTION_TAKEN,
    "contact_or_referral": PartnerSubmission.Outcome.ACTION_TAKEN,
    "front_door_contact": PartnerSubmission.Outcome.ACTION_TAKEN,
    "already_known": PartnerSubmission.Outcome.PASSED_TO_ALLOCATED_TEAM,
    "no_action": PartnerSubmission.Outcome.NO_FURTHER_ACTION,
    "not_about_this_child": PartnerSubmission.Outcome.NOT_MATCHED,
}
# When several signals cite one event, the partner hears the weightiest decision.
_OUTCOME_WEIGHT = [
    PartnerSubmission.Outcome.NOT_MATCHED,
    PartnerSubmission.Outcome.NO_FURTHER_ACTION,
    PartnerSubmission.Outcome.PASSED_TO_ALLOCATED_TEAM,
    PartnerSubmission.Outcome.ACTION_TAKEN,
]


def submission_outcome_refresh(submission: PartnerSubmission) -> PartnerSubmission:
    """A submission being considered (its event is evidence for signals) is decided once
    every such signal has been acknowledged: read the acknowledgements and record the
    outcome the partner is told. Idempotent; a no-op for any other status, and for a
    concern, which the front door's feedback decides."""
    if submission.status != PartnerSubmission.Status.LINKED or submission.outcome:
        return submission
    from ..signals.models import Signal

    event = submission.events.first()
    if event is None or event.child_id is None:
        return submission
    ref = _event_ref(event.pk)
    citing = [
        s
        for s in Signal.objects.filter(child_id=event.child_id, evidence_key__contains=ref)
        if ref in _evidence_refs(s)
    ]
    if not citing or any(s.acknowledged_at is None for s in citing):
        return submission
    outcomes = [
        _OUTCOME_OF_DECISION.get(s.decision, PartnerSubmission.Outcome.ACTION_TAKEN) for s in citing
    ]
    with transaction.atomic():
        updated = PartnerSubmission.objects.filter(
            pk=submission.pk, status=PartnerSubmission.Status.LINKED
        ).update(
            status=PartnerSubmission.Status.DECIDED,
            outcome=max(outcomes, key=_OUTCOME_WEIGHT.index),
            decided_at=max(s.acknowledged_at for s in citing if s.acknowledged_at),
        )
        if updated:
            audit_record(
                action=Action.UPDATE,
                object_type="agencies.partnersubmission",
                object_id=submission.pk,
                child_id=event.child_id,
                details={"decided": True, "signals": [s.pk for s in citing]},
            )
    submission.refresh_from_db()
    return submission


def _audit_stored(
    submission: PartnerSubmission, token: PartnerToken | None, request: HttpRequest | None
) -> None:
    event = submission.events.get()
    audit_record(
        action=Action.CREATE,
        actor=None,
        request=request,
        object_type="agencies.partnersubmission",
        object_id=submission.pk,
        child_id=event.child_id,
        details={
            "organisation": submission.organisation_id,
            "token": token.prefix if token else "",
            "event_type": event.event_type,
            "batch": submission.batch_id,
            "row": submission.row_number,
        },
    )


def submission_receive(
    *,
    token: PartnerToken,
    payload: SubmissionIn,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> Received:
    """Store one event from a partner, link the child (and adults) to the people we know,
    and run the signals for a linked child. A retry with the same `idempotency_key` and
    content returns the first submission and stores nothing; the same key with different
    content raises IdempotencyKeyReused."""
    organisation = token.organisation
    request_hash = _hash(payload.model_dump(mode="json"))
    if idempotency_key:
        existing = PartnerSubmission.objects.filter(
            organisation=organisation, idempotency_key=idempotency_key
        ).first()
        if existing is not None:
            return _replay(existing, request_hash)
    source = LINKAGE_SOURCE.format(kind=organisation.kind)
    concern = is_concern(payload)
    try:
        with transaction.atomic():
            try:
                child = (
                    _link_one(
                        _incoming(payload.child),
                        where="child",
                        organisation=organisation,
                        source=source,
                    )
                    if payload.child is not None
                    else None
                )
                adults = [
                    _link_one(
                        _incoming(a), where=f"adults.{n}", organisation=organisation, source=source
                    )
                    for n, a in enumerate(payload.adults)
                ]
            except LinkageUnavailable:
                if not concern:
                    raise
                # Never a silent drop: the concern waits for the front door to match it.
                child = NOT_LINKED if payload.child is not None else None
                adults = [NOT_LINKED for _ in payload.adults]
            submission, event = _store(
                organisation=organisation,
                token=token,
                payload=payload,
                child=child,
                adults=adults,
                received_at=timezone.now(),
                idempotency_key=idempotency_key,
                request_hash=request_hash,
            )
            if concern:
                contacts_make(
                    submission=submission,
                    event=event,
                    payload=payload,
                    child=child,
                    adults=adults,
                    route=codes.ContactRoute.PARTNER_API,
                )
            if child is None:
                _settle([], households=[event])
            elif child.decision != "review" and child.person_id is not None:
                _settle([(child.person_id, submission, event)])
            submission.refresh_from_db(fields=["status", "outcome", "decided_at"])
            submission.response_body = submission_response(submission)
            submission.response_status = 201
            submission.save(update_fields=["response_body", "response_status"])
            _audit_stored(submission, token, request)
    except IntegrityError:
        # Two retries racing with one key: the first stored it, this one replays it.
        existing = PartnerSubmission.objects.filter(
            organisation=organisation, idempotency_key=idempotency_key
        ).first()
        if not idempotency_key or existing is None:
            raise
        return _replay(existing, request_hash)
    return Received(submission=submission, replayed=False)


def _replay(existing: PartnerSubmission, request_hash: str) -> Received:
    if existing.request_hash != request_hash:
        raise IdempotencyKeyReused(IDEMPOTENCY_KEY_REUSED)
    return Received(submission=existing, replayed=True)


def batch_receive(
    *,
    organisation: PartnerOrganisation,
    rows: Sequence[Any],
    token: PartnerToken | None = None,
    idempotency_key: str = "",
    file_name: str = "",
    request: HttpRequest | None = None,
    actor: AnyUser | None = None,
    row_numbers: Sequence[int] | None = None,
) -> BatchResult:
    """Store many submissions (a bulk request or a small extract), in one transaction. Every
    row is either stored or rejected with its reasons in the report; a bad row never stops
    the good ones. People are linked in one batch (linkage's batch mode), not row by row.
    Retries with the same `idempotency_key`, however many arrive at once, all get the first
    batch's report (IdempotencyKeyReused if the rows differ)."""
    request_hash = _hash([r.reason if isinstance(r, UnreadableRow) else r for r in rows])
    numbers = list(row_numbers) if row_numbers is not None else list(range(1, len(rows) + 1))
    if len(numbers) != len(rows):
        raise ValueError("row_numbers must give one number per row")
    if idempotency_key:
        existing = PartnerBatch.objects.filter(
            organisation=organisation, idempotency_key=idempotency_key
        ).first()
        if existing is not None:
            return _batch_replay(existing, request_hash)
    try:
        with transaction.atomic():
            # First, so that a concurrent retry with the same key waits here (the unique
            # index) until this one commits, then replays it.
            batch = PartnerBatch.objects.create(
                organisation=organisation,
                token=token,
                idempotency_key=idempotency_key,
                request_hash=request_hash,
                file_name=file_name[:255],
                received_at=timezone.now(),
            )
            stored = rows_store(
                batch=batch, rows=list(zip(numbers, rows, strict=True)), token=token
            )
            ordered = [stored.reports[n] for n in sorted(stored.reports)]
            count = sum(1 for r in ordered if r["stored"])
            batch.report = {
                "batch_id": batch.pk,
                "received": len(rows),
                "stored": count,
                "rejected": len(rows) - count,
                "rows": ordered,
            }
            batch.save(update_fields=["report"])
            audit_record(
                action=Action.CREATE,
                actor=actor,
                request=request,
                object_type="agencies.partnerbatch",
                object_id=batch.pk,
                details={
                    "organisation": organisation.pk,
                    "token": token.prefix if token else "",
                    "file": file_name,
                    "received": len(rows),
                    "stored": count,
                    # Which children were written about, without naming them.
                    "children": sorted(stored.children),
                },
            )
    except IntegrityError:
        # Retries racing with one key: the first stored the batch, this one replays it.
        existing = (
            PartnerBatch.objects.filter(
                organisation=organisation, idempotency_key=idempotency_key
            ).first()
            if idempotency_key
            else None
        )
        if existing is None:
            raise
        return _batch_replay(existing, request_hash)
    return BatchResult(batch=batch, replayed=False)


def _batch_replay(existing: PartnerBatch, request_hash: str) -> BatchResult:
    if existing.request_hash != request_hash:
        raise IdempotencyKeyReused(IDEMPOTENCY_KEY_REUSED)
    return BatchResult(batch=existing, replayed=True)


@dataclass(frozen=True)
class RowsStored:
    # Each row's report ({"row", "stored", "submission_id", "contact_reference"} or
    # {"row", "stored": False, "errors"}), by row number.
    reports: dict[int, dict[str, Any]]
    # The children the stored rows were linked to.
    children: set[int]


def rows_store(
    *,
    batch: PartnerBatch,
    rows: Sequence[tuple[int, Any]],
    token: PartnerToken | None = None,
) -> RowsStored:
    """Check, link and store numbered rows of a batch, in the caller's transaction: each row
    is stored whole (with its contact) or rejected with its reasons, then the signals run
    and the partner's answers are decided (`_settle`). Used for a bulk request (all its
    rows) and for a partner file (a chunk at a time)."""
    organisation = batch.organisation
    reports: dict[int, dict[str, Any]] = {}
    valid: list[tuple[int, SubmissionIn]] = []
    for number, row in rows:
        try:
            if isinstance(row, UnreadableRow):
                raise ValueError(row.reason)
            if not isinstance(row, dict):
                raise ValueError("Each row must be an object of fields")
            valid.append((number, submission_adapter.validate_python(row)))
        except PydanticValidationError as error:
            reports[number] = {"row": number, "stored": False, "errors": error_messages(error)}
        except ValueError as error:
            reports[number] = {"row": number, "stored": False, "errors": [str(error)]}

    try:
        valid, outcomes = _link_batch(valid, reports, organisation)
    except LinkageUnavailable:
        # Never a silent drop: concerns wait for the front door to match them; the other
        # rows are reported, to be sent again once people can be matched.
        for number, payload in valid:
            if not is_concern(payload):
                reports[number] = {
                    "row": number,
                    "stored": False,
                    "errors": [LINKAGE_UNAVAILABLE_FOR_ROW],
                }
        valid = [(n, p) for n, p in valid if is_concern(p)]
        people = sum((p.child is not None) + len(p.adults) for _, p in valid)
        outcomes = iter([NOT_LINKED] * people)
    linked: list[tuple[int, PartnerSubmission, PartnerEvent]] = []
    households: list[PartnerEvent] = []
    for number, payload in valid:
        child = next(outcomes) if payload.child is not None else None
        adults = [next(outcomes) for _ in payload.adults]
        contacts: list[Contact] = []
        try:
            # The row's own savepoint: its contacts are made with it, or neither is.
            with transaction.atomic():
                submission, event = _store(
                    organisation=organisation,
                    token=token,
                    payload=payload,
                    child=child,
                    adults=adults,
                    received_at=batch.received_at,
                    batch=batch,
                    row_number=number,
                )
                if is_concern(payload):
                    contacts = contacts_make(
                        submission=submission,
                        event=event,
                        payload=payload,
                        child=child,
                        adults=adults,
                        route=codes.ContactRoute.PARTNER_FILE,
                    )
        except FrontDoorUnavailable as error:
            reports[number] = {"row": number, "stored": False, "errors": [str(error)]}
            continue
        except IntegrityError as error:  # pragma: no cover - schema limits prevent it
            reports[number] = {
                "row": number,
                "stored": False,
                "errors": [f"could not be stored ({type(error).__name__})"],
            }
            continue
        reports[number] = {
            "row": number,
            "stored": True,
            "submission_id": submission.pk,
            "contact_reference": contacts[0].reference if contacts else None,
        }
        if child is None:
            households.append(event)
        elif child.decision != "review" and child.person_id is not None:
            linked.append((child.person_id, submission, event))
    _settle(linked, households)
    return RowsStored(reports=reports, children={child_id for child_id, _, _ in linked})


def _link_batch(
    valid: list[tuple[int, SubmissionIn]],
    reports: dict[int, dict[str, Any]],
    organisation: PartnerOrganisation,
) -> tuple[list[tuple[int, SubmissionIn]], Iterator[MatchOutcome]]:
    """One linkage call for every person in the file: each row's child, then its adults.
    Linkage refuses the whole call for one person it cannot take; that row is rejected with
    linkage's reason and the rest are linked again without it."""
    while True:
        incomings: list[IncomingPerson] = []
        owner: list[tuple[int, str]] = []  # (row, where in the row) for each incoming
        for number, payload in valid:
            if payload.child is not None:
                incomings.append(_incoming(payload.child))
                owner.append((number, "child"))
            incomings.extend(_incoming(a) for a in payload.adults)
            owner.extend((number, f"adults.{n}") for n in range(len(payload.adults)))
        if not incomings:
            return valid, iter([])
        try:
            outcomes = person_link_batch(
                incomings=incomings,
                authority=organisation.authority,
                source=LINKAGE_SOURCE.format(kind=organisation.kind),
            )
        except LinkageError as error:
            if error.row is None or not 1 <= error.row <= len(owner):
                raise LinkageUnavailable(error.message) from error
            number, where = owner[error.row - 1]
            field = f"{where}.{error.field}" if error.field else where
            reports[number] = {
                "row": number,
                "stored": False,
                "errors": [f"{field}: {error.message}"],
            }
            valid = [(n, p) for n, p in valid if n != number]
            continue
        return valid, iter(outcomes)


def submissions_on_review_decided(review_id: int, person_id: int) -> None:
    """Linkage callback: a reviewer decided who an incoming person is. Attach the waiting
    events (and adults) to that person, match the contacts waiting on the review to them,
    then settle the submissions as if just linked."""
    PartnerEventAdult.objects.filter(match_review_id=review_id, person__isnull=True).update(
        person_id=person_id
    )
    contacts_on_review_decided(review_id, person_id)
    events = list(
        PartnerEvent.objects.filter(match_review_id=review_id, child__isnull=True).select_related(
            "submission"
        )
    )
    if not events:
        return
    PartnerEvent.objects.filter(pk__in=[e.pk for e in events]).update(child_id=person_id)
    PartnerSubmission.objects.filter(
        pk__in=[e.submission_id for e in events], status=PartnerSubmission.Status.AWAITING_REVIEW
    ).update(status=PartnerSubmission.Status.LINKED)
    audit_record(
        action=Action.UPDATE,
        object_type="agencies.partnerevent",
        object_id=",".join(str(e.pk) for e in events),
        child_id=person_id,
        details={"match_review": review_id, "linked": True},
    )
    _settle([(person_id, e.submission, e) for e in events])
