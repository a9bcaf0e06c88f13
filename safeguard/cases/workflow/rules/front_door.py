"""The front door: a contact arrives, is matched to a child, rated, checked with partners,
decided within one working day, and the sender is told the outcome (Working Together 2023,
ch. 2: "Responding to a concern"; local MASH procedures)."""

from __future__ import annotations

from datetime import date, datetime

from safeguard.common import codes

from .core import Violation, violation
from .names import Rule

CONTACT_NOT_MATCHED = (
    "Match this contact to a child (a child already known, or a new record) before deciding it."
)
CONTACT_ALREADY_DECIDED = "This contact has already been decided, so this can no longer change."
NO_FRONT_DOOR_TEAM = (
    "The authority has no front door team to receive contacts. Ask your system administrator "
    "to create a team of the kind 'Front door / MASH'."
)
RATER_NOT_FRONT_DOOR_MANAGER = (
    "Only a manager of the front door team (its team manager, or the head of service over it) "
    "rates a contact."
)
CONSENT_NOT_OVERRIDABLE = (
    "Consent can only be overridden when the family refused it or it was not sought."
)
NO_TEAM_FOR_REFERRAL = (
    "The contact has no front door team and you are in no team, so the referral has no team "
    "to open in. Ask your system administrator to put you in a team."
)
NO_REFERRER_TO_TELL = (
    "The person who made this contact did not give their name, so there is nobody to tell "
    "the outcome."
)
FEEDBACK_OUTCOME_MISMATCH = (
    "What the referrer is told must match the decision on the contact (or, before the "
    "decision, that it is still being considered)."
)

# The consent positions a front door may override, for a recorded reason.
CONSENT_OVERRIDABLE = frozenset({codes.ContactConsent.REFUSED, codes.ContactConsent.NOT_SOUGHT})


def _at(when: datetime) -> str:
    return f"{when:%H:%M} on {when.day} {when:%B %Y}"


def answer_given(text: str, field: str, message: str) -> list[Violation]:
    """A step the front door records needs the words it is about (a reason, a question...)."""
    return [] if text.strip() else [violation(Rule.REQUIRED, message, field)]


def moment_not_in_future(when: datetime, now: datetime, field: str, what: str) -> list[Violation]:
    """Nothing is recorded as having happened after now (the time-of-day twin of
    `dates_not_in_future`)."""
    if when <= now:
        return []
    return [
        violation(
            Rule.DATE_NOT_IN_FUTURE,
            f"The {what} cannot be in the future: enter today's date or an earlier one.",
            field,
        )
    ]


# --- the contact on the case record -----------------------------------------------------------


def contact_child_fixed_once_decided(decided: bool) -> list[Violation]:
    """The child a contact is about is fixed by its decision: the decision was made about that
    child (Working Together 2023, ch. 2: the decision is recorded on the child's record)."""
    if not decided:
        return []
    return [
        violation(
            Rule.CONTACT_DECIDED_ONCE,
            "This contact has already been decided, so the child it is about cannot change.",
            "child",
        )
    ]


def contact_decided_once(decided: bool) -> list[Violation]:
    """A contact is decided once; a change of mind is a new contact or a referral's own steps."""
    if not decided:
        return []
    return [
        violation(Rule.CONTACT_DECIDED_ONCE, "This contact has already been decided.", "decision")
    ]


def contact_undecided(decided: bool, field: str) -> list[Violation]:
    """The front door's work on a contact (rating, consent, partner checks) stops at its
    decision: after it, the referral's own steps take over."""
    return [violation(Rule.CONTACT_DECIDED_ONCE, CONTACT_ALREADY_DECIDED, field)] if decided else []


def contact_matched_before_decision(matched: bool) -> list[Violation]:
    """A contact is decided about a child: the decision opens that child's referral (census
    CINdetails) and is recorded on their record."""
    return [] if matched else [violation(Rule.CONTACT_NOT_MATCHED, CONTACT_NOT_MATCHED, "child")]


def contact_decided_after_received(received_at: datetime, decided_at: datetime) -> list[Violation]:
    """The decision follows the contact's arrival (Working Together 2023, ch. 2: decided within
    one working day of receipt)."""
    if decided_at >= received_at:
        return []
    return [
        violation(
            Rule.CONTACT_DECIDED_AFTER_RECEIVED,
            "The decision cannot be made before the contact was received.",
            "decided_at",
        )
    ]


def contact_decision_has_date(decision: str, decided_at: datetime | None) -> list[Violation]:
    """A decision and its time are recorded together (what `contact_decide` writes)."""
    if (decided_at is None) == (decision == ""):
        return []
    return [
        violation(
            Rule.CONTACT_DECISION_HAS_DATE,
            "A decision has a time and a time a decision.",
            "decision",
        )
    ]


def front_door_team_exists(exists: bool) -> list[Violation]:
    """Every contact is received by the authority's front door team (Working Together 2023,
    ch. 2: one point of contact for concerns about a child)."""
    return [] if exists else [violation(Rule.NO_FRONT_DOOR_TEAM, NO_FRONT_DOOR_TEAM)]


def referral_needs_team(has_team: bool) -> list[Violation]:
    """A referral opens in a team, so someone is responsible for it from the start."""
    return [] if has_team else [violation(Rule.REFERRAL_NEEDS_TEAM, NO_TEAM_FOR_REFERRAL)]


# --- a child the authority did not know ------------------------------------------------------


def new_child_birth_dates(
    date_of_birth: date | None, expected_date_of_birth: date | None, today: date
) -> list[Violation]:
    """An unborn child has an expected date of birth and no date of birth (census N00098;
    rule 8525Q: one or the other); a date of birth is not in the future."""
    violations: list[Violation] = []
    if expected_date_of_birth is not None and date_of_birth is not None:
        violations.append(
            violation(
                Rule.UNBORN_HAS_NO_BIRTH_DATE,
                "An unborn child has an expected date of birth, not a date of birth.",
                "date_of_birth",
            )
        )
    if date_of_birth is not None and date_of_birth > today:
        violations.append(
            violation(
                Rule.DATE_NOT_IN_FUTURE,
                "The date of birth cannot be in the future. If the child is not born yet, "
                "say so and give the expected date of birth.",
                "date_of_birth",
            )
        )
    return violations


# --- the RAG rating --------------------------------------------------------------------------


def contact_rating_changes(rating: str, current: str, current_label: str) -> list[Violation]:
    """A rating is red, amber or green, and a revision changes it (local MASH procedures: the
    latest rating orders the queue; each revision is kept with its reason)."""
    if rating not in codes.RagRating.values:
        return [violation(Rule.RATING_REQUIRED, "Select red, amber or green", "rating")]
    if rating == current:
        return [
            violation(
                Rule.RATING_UNCHANGED,
                f"The contact is already rated {current_label.lower()}: choose another rating "
                "to revise it.",
                "rating",
            )
        ]
    return []


def rater_manages_front_door(manages: bool) -> list[Violation]:
    """Only a manager over the front door team rates its contacts (local MASH procedures)."""
    if manages:
        return []
    return [violation(Rule.RATER_MANAGES_FRONT_DOOR, RATER_NOT_FRONT_DOOR_MANAGER, "rating")]


# --- consent ---------------------------------------------------------------------------------


def consent_overridable(consent: str, already_overridden: bool) -> list[Violation]:
    """Consent is overridden only where the family refused it or it was not sought, and once
    (Working Together 2023, ch. 1; the government's information sharing advice, 2024)."""
    if consent not in CONSENT_OVERRIDABLE:
        return [violation(Rule.CONSENT_NOT_OVERRIDABLE, CONSENT_NOT_OVERRIDABLE, "reason")]
    if already_overridden:
        return [
            violation(
                Rule.CONSENT_OVERRIDDEN_ONCE,
                "Consent has already been overridden for this contact.",
                "reason",
            )
        ]
    return []


# --- multi-agency information requests ------------------------------------------------------


def information_request_agency(partner_found: bool | None, typed_agency: str) -> list[Violation]:
    """A question goes to a named agency: one of the authority's active partners
    (`partner_found`; None when no partner was chosen) or one typed by name."""
    if partner_found is False:
        return [
            violation(
                Rule.UNKNOWN_PARTNER,
                "Choose one of the authority's partner agencies",
                "partner_organisation",
            )
        ]
    if partner_found is None and not typed_agency.strip():
        return [
            violation(
                Rule.AGENCY_REQUIRED,
                "Choose the agency from the list, or type its name",
                "agency",
            )
        ]
    return []


def information_request_answered_once(answered: bool) -> list[Violation]:
    """What an agency said is recorded once; a further answer is a new request."""
    if not answered:
        return []
    return [violation(Rule.ANSWERED_ONCE, "This request has already been answered.", "answer")]


def information_request_answered_after_asked(
    requested_at: datetime, answered_at: datetime
) -> list[Violation]:
    """An answer comes after its question. `requested_at` is in local time, as the message
    shows it."""
    if answered_at >= requested_at:
        return []
    return [
        violation(
            Rule.ANSWERED_AFTER_ASKED,
            "The answer cannot have come before the question was asked (asked at "
            f"{_at(requested_at)}).",
            "answered_at",
        )
    ]


# --- feedback to the referrer ----------------------------------------------------------------


def referrer_feedback_allowed(
    *,
    anonymous: bool,
    outcome: str,
    outcome_for_decision: str,
    method_known: bool,
    received_at: datetime,
    given_at: datetime,
) -> list[Violation]:
    """The referrer is told the outcome in the fixed words for the decision, by a known
    method, after the contact arrived; nobody is told when the sender gave no name (Working
    Together 2023, ch. 2: the referrer is told the outcome). `received_at` is in local
    time, as the message shows it."""
    violations: list[Violation] = []
    if anonymous:
        violations.append(violation(Rule.REFERRER_ANONYMOUS, NO_REFERRER_TO_TELL, "method"))
    if outcome != outcome_for_decision:
        violations.append(
            violation(Rule.FEEDBACK_MATCHES_DECISION, FEEDBACK_OUTCOME_MISMATCH, "outcome")
        )
    if not method_known:
        violations.append(
            violation(Rule.METHOD_REQUIRED, "Select how the referrer was told", "method")
        )
    if given_at < received_at:
        violations.append(
            violation(
                Rule.FEEDBACK_AFTER_CONTACT,
                "The referrer cannot have been told before the contact was received "
                f"(received at {_at(received_at)}).",
                "given_at",
            )
        )
    return violations
