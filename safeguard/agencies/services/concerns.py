"""A partner's concern becomes a contact at the front door, in the same request.

Which events are concerns: a free concern, an injury, a domestic abuse notification and a
missing episode; any event the partner marks significant; and any notification about a
household that names no child. Each becomes a contact through the one service every route
uses (`front_door.services.contact_receive`), so it is in the front door's queue with its
reference and its one-working-day clock (Working Together 2023, ch. 2), whether or not the
child could be matched: never a silent drop.

- A named child that linkage linked (or recorded as new): the contact is about that child.
- A named child linkage sent for review, or could not link at all: the contact waits
  unmatched with what the partner said about the child; a reviewer's decision later matches
  it (`contacts_on_review_decided`), or a front-door worker does.
- No child named (a police notification naming only the address, or only the adults): one
  contact for each child living at the household's address, or at the named adults' home;
  if no child can be found there, one contact for the front door to resolve.

What the partner is told back follows the front door's feedback to the referrer
(`submissions_on_feedback_given`), in fixed words only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.models import Contact
from safeguard.cases.services import contact_match_child
from safeguard.cases.workflow.rules import RuleViolation
from safeguard.front_door.models import ReferrerFeedback
from safeguard.front_door.services import contact_receive, source_for_organisation_kind
from safeguard.people.identifiers import normalise_postcode
from safeguard.people.models import Person, Residence

from ..linkage.types import MatchOutcome
from ..models import PartnerEvent, PartnerOrganisation, PartnerSubmission
from ..schemas import PersonIn, SubmissionIn
from ..selectors import partner_event_detail
from ..signals.rules import same_home

__all__ = [
    "CONTACT_EVENT_TYPES",
    "FrontDoorUnavailable",
    "contacts_make",
    "contacts_on_review_decided",
    "household_children",
    "is_concern",
    "submission_contact_reference",
    "submissions_on_feedback_given",
]

EventType = PartnerEvent.EventType
Outcome = PartnerSubmission.Outcome

# Event types that are a worry about a child in themselves, whatever else is known.
CONTACT_EVENT_TYPES = frozenset(
    {
        EventType.CONCERN,
        EventType.INJURY,
        EventType.DOMESTIC_ABUSE_NOTIFICATION,
        EventType.MISSING_EPISODE,
    }
)

# The event's own fields the chronology's detail does not already read out.
_EXTRA_LABELS: tuple[tuple[str, str], ...] = (
    ("harm_type", "Harm"),
    ("missing_from", "Missing from"),
    ("went_missing_at", "Went missing"),
    ("returned_at", "Returned"),
    ("where_found", "Where found"),
)


class FrontDoorUnavailable(Exception):
    """The front door cannot receive the contact (e.g. the authority has no front door
    team): nothing is stored, and the partner is told to phone."""


def is_concern(payload: SubmissionIn) -> bool:
    """The submission becomes a contact for the front door."""
    return (
        payload.child is None
        or payload.event.event_type in CONTACT_EVENT_TYPES
        or payload.event.significant
    )


def _day(on: date) -> str:
    return f"{on.day} {on:%B %Y}"


def _extra_value(key: str, value: Any) -> str:
    if key in ("went_missing_at", "returned_at") and isinstance(value, str):
        moment = timezone.localtime(datetime.fromisoformat(value))
        return f"{_day(moment.date())} {moment:%H:%M}"
    return str(value).replace("_", " ")


def _concerns(event: PartnerEvent, payload: SubmissionIn, organisation: PartnerOrganisation) -> str:
    """What the front door reads: the event as the child's chronology reads it, and what it
    is about when no child was named."""
    lines = [
        f"{event.get_event_type_display()} on {_day(event.occurred_on)}, from {organisation.name}."
    ]
    if payload.event.significant:
        lines.append("The partner marked this significant.")
    details = [
        f"{label}: {_extra_value(key, event.details[key])}"
        for key, label in _EXTRA_LABELS
        if event.details.get(key) not in (None, "")
    ]
    described = ". ".join(part for part in (partner_event_detail(event), *details) if part)
    if described:
        lines.append(described.rstrip(".") + ".")
    if payload.child is None:
        if event.address_line and event.postcode:
            lines.append(
                f"About the household at {event.address_line}, {event.postcode}: no child "
                "was named."
            )
        else:
            lines.append("About the household of the adults named: no child was named.")
    if payload.reference:
        lines.append(f"Partner's reference: {payload.reference}.")
    return "\n".join(lines)


def _as_described(person: PersonIn) -> dict[str, Any]:
    return {k: v for k, v in person.model_dump(mode="json").items() if v not in ("", None)}


def _household_as_described(payload: SubmissionIn) -> list[dict[str, Any]]:
    household = []
    for adult in payload.adults:
        described = _as_described(adult)
        name = " ".join(
            p for p in (described.pop("first_name", ""), described.pop("last_name", "")) if p
        )
        role = described.pop("role", "")
        household.append({"name": name, "relationship": role, **described})
    return household


def household_children(
    *, postcode: str, address_line: str, adult_ids: Sequence[int], since: date
) -> list[Person]:
    """The children living at the household's address, or at the home of any of the named
    adults, at some time from `since` (the day it happened) to today. The same address means
    the signals' test (`rules.same_home`): the same postcode and the same first line; a
    postcode alone is never enough, since it covers about fifteen homes."""
    today = timezone.localdate()
    homes: list[tuple[str, str]] = []
    if postcode and address_line:
        homes.append((normalise_postcode(postcode), address_line))
    if adult_ids:
        homes += [
            (normalise_postcode(p), line)
            for p, line in Residence.objects.filter(person_id__in=adult_ids, start_date__lte=today)
            .exclude(end_date__lt=since)
            .values_list("address__postcode", "address__line_1")
            if p and line
        ]
    if not homes:
        return []
    living = Residence.objects.filter(
        address__postcode__in=sorted({p for p, _ in homes}),
        person__is_child=True,
        person__date_of_death__isnull=True,
        start_date__lte=today,
    ).exclude(end_date__lt=since)
    ids = {
        person_id
        for person_id, their_postcode, their_line in living.values_list(
            "person_id", "address__postcode", "address__line_1"
        )
        if any(same_home(their_postcode, their_line, p, line) for p, line in homes)
    }
    return list(Person.objects.filter(pk__in=ids).order_by("pk"))


def _receive(*, child: Person | None, **fields: Any) -> Contact:
    try:
        received = contact_receive(child=child, **fields)
    except RuleViolation as error:
        if child is None:
            raise FrontDoorUnavailable(str(error)) from error
        # The matched record refuses a contact dated today (say, a date of death before
        # it): the concern still reaches the front door, to be matched by a person.
        fields["match_review_id"] = None
        return _receive(child=None, **fields)
    contact = received.contact
    if not received.replayed:
        audit_record(
            action=Action.CREATE,
            object_type="cases.contact",
            object_id=contact.pk,
            child_id=contact.child_id,
            details={
                "route": contact.route,
                "partner_organisation": contact.partner_organisation_id,
                "partner_submission": contact.partner_submission_id,
                "matched": contact.child_id is not None,
            },
        )
    return contact


def contacts_make(
    *,
    submission: PartnerSubmission,
    event: PartnerEvent,
    payload: SubmissionIn,
    child: MatchOutcome | None,
    adults: Sequence[MatchOutcome],
    route: str,
) -> list[Contact]:
    """The contacts a concern makes (module docstring), in the caller's transaction; the
    submission's outcome becomes "passed to the front door". A retry with the same
    submission replays the same contacts. Raises FrontDoorUnavailable, having stored none,
    when the front door cannot receive them."""
    organisation = submission.organisation
    fields: dict[str, Any] = {
        "route": route,
        "source": source_for_organisation_kind(organisation.kind),
        "concerns": _concerns(event, payload, organisation),
        "received_at": submission.received_at,
        "authority": organisation.authority,
        "referrer": organisation.name,
        "referrer_organisation": organisation.name,
        "partner_organisation_id": organisation.pk,
        "partner_submission_id": submission.pk,
        "household_as_described": _household_as_described(payload),
    }
    key = f"submission:{submission.pk}"
    if payload.child is not None:
        assert child is not None  # a named child is always linked, reviewed or unlinkable
        person_id = child.person_id if child.decision != "review" else None
        contacts = [
            _receive(
                child=Person.objects.get(pk=person_id) if person_id is not None else None,
                child_as_described=_as_described(payload.child),
                match_review_id=child.review_id if person_id is None else None,
                idempotency_key=key,
                **fields,
            )
        ]
    else:
        fields |= {"address_line": event.address_line, "postcode": event.postcode}
        children = household_children(
            postcode=event.postcode,
            address_line=event.address_line,
            adult_ids=[a.person_id for a in adults if a.decision != "review" and a.person_id],
            since=event.occurred_on,
        )
        contacts = [
            _receive(child=c, idempotency_key=f"{key}:child:{c.pk}", **fields) for c in children
        ] or [_receive(child=None, idempotency_key=key, **fields)]
    PartnerSubmission.objects.filter(pk=submission.pk).update(outcome=Outcome.PASSED_TO_FRONT_DOOR)
    submission.outcome = Outcome.PASSED_TO_FRONT_DOOR
    return contacts


def submission_contact_reference(submission: PartnerSubmission) -> str | None:
    """The reference the partner is given: the first contact the submission made. When a
    household notification made one for each child living there, the partner still reads
    one reference, so the reply does not tell them how many children live there; the front
    door finds the others from it (they share the submission)."""
    return (
        Contact.objects.filter(partner_submission_id=submission.pk)
        .order_by("pk")
        .values_list("reference", flat=True)
        .first()
    )


def contacts_on_review_decided(review_id: int, person_id: int) -> None:
    """A reviewer decided who a partner's child is: match the contacts waiting on that
    review to them (`cases.services.contact_match_child`)."""
    waiting = list(Contact.objects.filter(match_review_id=review_id, child__isnull=True))
    if not waiting:
        return
    child = Person.objects.get(pk=person_id)
    for contact in waiting:
        try:
            contact_match_child(contact=contact, child=child)
        except RuleViolation:
            # The decided person's record refuses it (dates): it stays in the front door's
            # queue unmatched, for a front-door worker to match.
            continue
        audit_record(
            action=Action.UPDATE,
            object_type="cases.contact",
            object_id=contact.pk,
            child_id=person_id,
            details={"match_review": review_id, "matched": True},
        )


# --- Feedback to the partner ------------------------------------------------------------------

_OUTCOME_OF_FEEDBACK: dict[str, str] = {
    ReferrerFeedback.Outcome.NO_FURTHER_ACTION: Outcome.NO_FURTHER_ACTION,
    ReferrerFeedback.Outcome.ADVICE: Outcome.ADVICE_GIVEN,
    ReferrerFeedback.Outcome.EARLY_HELP: Outcome.EARLY_HELP,
    ReferrerFeedback.Outcome.REFERRAL: Outcome.REFERRAL_ACCEPTED,
    ReferrerFeedback.Outcome.MORE_INFORMATION: Outcome.MORE_INFORMATION,
}
# A household notification made several contacts: the partner hears the weightiest.
_FEEDBACK_WEIGHT: list[str] = [
    Outcome.NO_FURTHER_ACTION,
    Outcome.ADVICE_GIVEN,
    Outcome.EARLY_HELP,
    Outcome.REFERRAL_ACCEPTED,
]


def submissions_on_feedback_given(feedback: ReferrerFeedback) -> None:
    """Front door hook: feedback was given on a contact. If a partner's submission made it,
    the partner now reads the matching fixed outcome (Working Together 2023: the referrer is
    told the decision). "More information" keeps the submission open; it is decided once
    every contact it made has had a decision, hearing the weightiest of them. Idempotent."""
    submission_id = feedback.contact.partner_submission_id
    if submission_id is None:
        return
    with transaction.atomic():
        submission = PartnerSubmission.objects.select_for_update().filter(pk=submission_id).first()
        if submission is None:
            return
        contact_ids = list(
            Contact.objects.filter(partner_submission_id=submission_id).values_list("pk", flat=True)
        )
        latest: dict[int, tuple[str, datetime]] = {}
        for contact_id, outcome, given_at in (
            ReferrerFeedback.objects.filter(contact_id__in=contact_ids)
            .order_by("given_at", "pk")
            .values_list("contact_id", "outcome", "given_at")
        ):
            latest[contact_id] = (_OUTCOME_OF_FEEDBACK[outcome], given_at)
        decided = [(o, at) for o, at in latest.values() if o != Outcome.MORE_INFORMATION]
        outcome = (
            max((o for o, _ in decided), key=_FEEDBACK_WEIGHT.index)
            if decided
            else Outcome.MORE_INFORMATION
        )
        everyone_told = len(decided) == len(contact_ids)
        submission.outcome = outcome
        if everyone_told:
            submission.status = PartnerSubmission.Status.DECIDED
            submission.decided_at = max(at for _, at in decided)
        submission.save(update_fields=["outcome", "status", "decided_at"])
        audit_record(
            action=Action.UPDATE,
            object_type="agencies.partnersubmission",
            object_id=submission.pk,
            child_id=feedback.contact.child_id,
            details={"feedback": feedback.pk, "outcome": outcome, "decided": everyone_told},
        )
