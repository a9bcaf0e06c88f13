"""What the MASH does to a contact once it has arrived: finds the child it is about (or records
a new one), rates its risk, records a consent override, asks partner agencies what they know,
decides it within one working day, and tells the sender the outcome.

Each service is keyword-only, checks its rules against the database, writes all or nothing and
audits what it wrote. The contact itself belongs to the statutory record (`cases.Contact`);
the decision and the referral it opens are written by the case record's own services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from safeguard.access.queries import team_ids_overseen
from safeguard.access.roles import MANAGER_ROLES
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases import services as case_services
from safeguard.cases.models import Contact, Referral
from safeguard.cases.workflow import rules
from safeguard.cases.workflow.rules import RuleViolation, Violation, check
from safeguard.common import codes
from safeguard.organisation.models import Worker
from safeguard.people.models import Person

from ..models import ContactRating, InformationRequest, ReferrerFeedback

__all__ = [
    "CONTACT_DECIDED_HOOKS",
    "FEEDBACK_GIVEN_HOOKS",
    "UNKNOWN_SURNAME",
    "ContactDecided",
    "contact_child_record",
    "contact_consent_override",
    "contact_decision_record",
    "contact_rate",
    "feedback_outcome_for",
    "information_request_answer",
    "information_request_make",
    "referrer_feedback_give",
    "register_contact_decided",
    "register_feedback_given",
]

# A child whose surname the sender did not know is recorded under this name, so the record
# can be found and corrected later (the census needs a surname on every child).
UNKNOWN_SURNAME = "Unknown"

# Called with each feedback given, inside its transaction: the partner hub registers one that
# sets the outcome of the partner's submission (`Contact.partner_submission_id`) from the
# fixed words, so the front door does not import the hub. Registered from AppConfig.ready().
FeedbackGivenHook = Callable[[ReferrerFeedback], None]
FEEDBACK_GIVEN_HOOKS: list[FeedbackGivenHook] = []


def register_feedback_given(hook: FeedbackGivenHook) -> None:
    if hook not in FEEDBACK_GIVEN_HOOKS:
        FEEDBACK_GIVEN_HOOKS.append(hook)


# --- Helpers ---------------------------------------------------------------------------------


def _save(instance: Model, *, update_fields: list[str] | None = None) -> None:
    """Validate, save and audit one row; a field the rules did not catch still comes back as a
    RuleViolation naming it, never a half-written record."""
    try:
        instance.full_clean()
    except ValidationError as error:
        raise RuleViolation(rules.invalid_values(error.message_dict)) from error
    adding = instance._state.adding
    instance.save(update_fields=None if adding else update_fields)
    audit_record(
        action=Action.CREATE if adding else Action.UPDATE,
        object_type=instance._meta.label_lower,
        object_id=instance.pk,
        child_id=_child_id_of(instance),
    )


def _child_id_of(instance: Model) -> int | None:
    if isinstance(instance, Contact):
        return instance.child_id
    if isinstance(instance, Person):
        return instance.pk
    contact = getattr(instance, "contact", None)
    return contact.child_id if contact is not None else None


def _locked(contact: Contact) -> Contact:
    # Two people working one contact at once queue behind each other.
    return Contact.objects.select_for_update().get(pk=contact.pk)


def _not_in_future(when: datetime, field: str, what: str) -> list[Violation]:
    return rules.moment_not_in_future(when, timezone.now(), field, what)


# --- Matching the child ----------------------------------------------------------------------


def contact_child_record(
    *,
    contact: Contact,
    first_name: str,
    last_name: str,
    date_of_birth: date | None = None,
    expected_date_of_birth: date | None = None,
    sex: str = codes.Sex.UNKNOWN,
) -> Person:
    """Record a child the authority did not know, from what the sender and the checks said,
    and match the contact to them. An unborn child has an expected date of birth and no date
    of birth (census N00098, rule 8750: sex unknown); a child whose surname nobody knows is
    recorded as "Unknown"."""
    unborn = expected_date_of_birth is not None
    check(rules.new_child_birth_dates(date_of_birth, expected_date_of_birth, timezone.localdate()))
    with transaction.atomic():
        child = Person(
            first_name=first_name.strip(),
            last_name=last_name.strip() or UNKNOWN_SURNAME,
            date_of_birth=date_of_birth,
            expected_date_of_birth=expected_date_of_birth,
            sex=codes.Sex.UNKNOWN if unborn else sex,
            is_child=True,
        )
        _save(child)
        case_services.contact_match_child(contact=contact, child=child)
        return child


# --- The RAG rating --------------------------------------------------------------------------


def contact_rate(
    *,
    contact: Contact,
    rating: str,
    reason: str,
    rated_by: Worker,
    rated_at: datetime | None = None,
) -> ContactRating:
    """Rate the contact red, amber or green, or revise the rating, with the reason. The
    earlier ratings are kept; the contact shows the latest. A judgement of the front door's
    managers (local MASH procedures: the manager RAG-rates each contact on arrival so the
    most urgent are worked first)."""
    rated_at = rated_at or timezone.now()
    with transaction.atomic():
        contact = _locked(contact)
        violations = rules.contact_undecided(bool(contact.decision), "rating")
        violations += rules.contact_rating_changes(rating, contact.rag, contact.get_rag_display())
        revising = bool(contact.rag)
        violations += rules.answer_given(
            reason,
            "reason",
            "Enter why you are changing the rating"
            if revising
            else "Enter the reason for the rating",
        )
        overseen = team_ids_overseen(rated_by.user) if rated_by.user else []
        violations += rules.rater_manages_front_door(
            rated_by.role in MANAGER_ROLES and contact.team_id in overseen
        )
        violations += _not_in_future(rated_at, "rated_at", "time of the rating")
        check(violations)
        record = ContactRating(
            contact=contact,
            rating=rating,
            reason=reason.strip(),
            rated_by=rated_by,
            rated_at=rated_at,
        )
        _save(record)
        contact.rag = rating
        _save(contact, update_fields=["rag", "updated_at"])
        return record


# --- Consent ---------------------------------------------------------------------------------


def contact_consent_override(
    *,
    contact: Contact,
    reason: str,
    overridden_by: Worker,
    overridden_at: datetime | None = None,
) -> Contact:
    """Proceed without the family's consent, for a recorded reason: lawful where asking would
    put the child at risk of significant harm, or the family refused and the concern is about
    significant harm (Working Together 2023, ch. 1; the government's information sharing
    advice, 2024)."""
    overridden_at = overridden_at or timezone.now()
    with transaction.atomic():
        contact = _locked(contact)
        violations = rules.contact_undecided(bool(contact.decision), "reason")
        violations += rules.consent_overridable(
            contact.consent, contact.consent_overridden_at is not None
        )
        violations += rules.answer_given(
            reason, "reason", "Enter why the front door proceeds without consent"
        )
        check(violations)
        contact.consent_override_reason = reason.strip()
        contact.consent_overridden_at = overridden_at
        contact.consent_overridden_by = overridden_by
        _save(
            contact,
            update_fields=[
                "consent_override_reason",
                "consent_overridden_at",
                "consent_overridden_by",
                "updated_at",
            ],
        )
        return contact


# --- Multi-agency information requests ------------------------------------------------------


def _partner_organisation_name(contact: Contact, partner_organisation_id: int) -> str | None:
    """The partner organisation's name, if it is one of the authority's active partners. A
    plain query by id: the front door does not import the hub."""
    if contact.team is None:
        return None
    partner = apps.get_model("agencies", "PartnerOrganisation")
    name: str | None = (
        partner.objects.filter(
            pk=partner_organisation_id, authority_id=contact.team.authority_id, is_active=True
        )
        .values_list("name", flat=True)
        .first()
    )
    return name


def information_request_make(
    *,
    contact: Contact,
    question: str,
    requested_by: Worker,
    partner_organisation_id: int | None = None,
    agency: str = "",
    asked_of: str = "",
    requested_at: datetime | None = None,
) -> InformationRequest:
    """Ask a partner agency what it knows about the child and family (the MASH checks;
    Working Together 2023, ch. 2: agencies share information to decide the response). The
    agency is one of the authority's partner organisations, or named as typed."""
    requested_at = requested_at or timezone.now()
    with transaction.atomic():
        contact = _locked(contact)
        violations = rules.contact_undecided(bool(contact.decision), "question")
        agency = agency.strip()
        partner_found: bool | None = None
        if partner_organisation_id is not None:
            name = _partner_organisation_name(contact, partner_organisation_id)
            partner_found = name is not None
            agency = name or agency
        violations += rules.information_request_agency(partner_found, agency)
        violations += rules.answer_given(
            question, "question", "Enter what you are asking the agency"
        )
        violations += _not_in_future(requested_at, "requested_at", "time of the request")
        check(violations)
        request = InformationRequest(
            contact=contact,
            partner_organisation_id=partner_organisation_id,
            agency=agency,
            asked_of=asked_of.strip(),
            question=question.strip(),
            requested_at=requested_at,
            requested_by=requested_by,
        )
        _save(request)
        return request


def information_request_answer(
    *,
    information_request: InformationRequest,
    answer: str,
    answered_by: str,
    answered_at: datetime,
    recorded_by: Worker,
) -> InformationRequest:
    """Record what the agency said, who said it and when: never before it was asked, never
    in the future, and once."""
    with transaction.atomic():
        request = InformationRequest.objects.select_for_update().get(pk=information_request.pk)
        violations = rules.information_request_answered_once(request.answered_at is not None)
        violations += rules.answer_given(answer, "answer", "Enter what the agency said")
        violations += rules.answer_given(answered_by, "answered_by", "Enter who answered")
        violations += rules.information_request_answered_after_asked(
            timezone.localtime(request.requested_at), answered_at
        )
        violations += _not_in_future(answered_at, "answered_at", "time of the answer")
        check(violations)
        request.answer = answer.strip()
        request.answered_by = answered_by.strip()
        request.answered_at = answered_at
        request.recorded_by = recorded_by
        _save(request, update_fields=["answer", "answered_by", "answered_at", "recorded_by"])
        return request


# --- The decision ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactDecided:
    contact: Contact
    # The referral opened by a referral or strategy discussion decision.
    referral: Referral | None


# Called with each decision, inside its transaction: family help registers one that ends a
# child's early help as stepped up when the front door decides family help's request is a
# referral, so the front door does not import family help. Registered from AppConfig.ready().
ContactDecidedHook = Callable[[ContactDecided], None]
CONTACT_DECIDED_HOOKS: list[ContactDecidedHook] = []


def register_contact_decided(hook: ContactDecidedHook) -> None:
    if hook not in CONTACT_DECIDED_HOOKS:
        CONTACT_DECIDED_HOOKS.append(hook)


def contact_decision_record(
    *,
    contact: Contact,
    decision: str,
    rationale: str,
    decided_by: Worker,
    primary_need: str = "",
    decided_at: datetime | None = None,
) -> ContactDecided:
    """Decide the contact within one working day (Working Together 2023, ch. 3). A referral,
    or a referral with a strategy discussion (reasonable cause to suspect significant harm,
    ch. 2), opens the children-in-need episode in the same transaction, in the front door
    team, from the contact's census source, linked to the contact. Refused while the contact
    is not matched to a child."""
    decided_at = decided_at or timezone.now()
    with transaction.atomic():
        decided = case_services.contact_decide(
            contact=contact,
            decision=decision,
            decided_at=decided_at,
            decided_by=decided_by,
            rationale=rationale,
        )
        if decided.decision not in rules.REFERRAL_DECISIONS:
            return _decided(ContactDecided(contact=decided, referral=None))
        team = decided.team or decided_by.team
        check(rules.referral_needs_team(team is not None))
        assert team is not None  # checked above
        assert decided.child is not None  # contact_decide refuses an unmatched contact
        referral = case_services.referral_open(
            child=decided.child,
            referral_date=timezone.localtime(decided_at).date(),
            source=decided.source,
            team=team,
            primary_need=primary_need or codes.PrimaryNeed.N0,
            contact=decided,
        )
        return _decided(ContactDecided(contact=decided, referral=referral))


def _decided(decided: ContactDecided) -> ContactDecided:
    for hook in CONTACT_DECIDED_HOOKS:
        hook(decided)
    return decided


# --- Feedback to the referrer ----------------------------------------------------------------

_FEEDBACK_FOR_DECISION = {
    codes.ContactDecision.NO_FURTHER_ACTION: ReferrerFeedback.Outcome.NO_FURTHER_ACTION,
    codes.ContactDecision.ADVICE_AND_INFORMATION: ReferrerFeedback.Outcome.ADVICE,
    codes.ContactDecision.EARLY_HELP: ReferrerFeedback.Outcome.EARLY_HELP,
    codes.ContactDecision.REFERRAL: ReferrerFeedback.Outcome.REFERRAL,
    codes.ContactDecision.STRATEGY_DISCUSSION: ReferrerFeedback.Outcome.REFERRAL,
}


def feedback_outcome_for(contact: Contact) -> str:
    """The fixed words the referrer is told: the decision's, or "still considering" before
    it."""
    if not contact.decision:
        return ReferrerFeedback.Outcome.MORE_INFORMATION
    return _FEEDBACK_FOR_DECISION[codes.ContactDecision(contact.decision)]


def referrer_feedback_give(
    *,
    contact: Contact,
    outcome: str,
    method: str,
    given_by: Worker,
    given_at: datetime | None = None,
) -> ReferrerFeedback:
    """Record that the referrer was told the outcome, in fixed words so no case content
    reaches them (Working Together 2023, ch. 2: the referrer is told the outcome, and
    professionals follow up if they are not). A partner's submission gets its outcome
    through the hooks registered with `register_feedback_given`."""
    given_at = given_at or timezone.now()
    with transaction.atomic():
        contact = _locked(contact)
        violations = rules.referrer_feedback_allowed(
            anonymous=contact.referrer_anonymous,
            outcome=outcome,
            outcome_for_decision=feedback_outcome_for(contact),
            method_known=method in ReferrerFeedback.Method.values,
            received_at=timezone.localtime(contact.received_at),
            given_at=given_at,
        )
        violations += _not_in_future(given_at, "given_at", "time the referrer was told")
        check(violations)
        feedback = ReferrerFeedback(
            contact=contact,
            outcome=outcome,
            method=method,
            given_at=given_at,
            given_by=given_by,
        )
        _save(feedback)
        for hook in FEEDBACK_GIVEN_HOOKS:
            hook(feedback)
        return feedback
