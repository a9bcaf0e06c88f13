"""The named rules of family group conferences and pre-proceedings. Plain functions over dates,
answers and counts: the services (and any page offering a step) ask the same ones.

Each returns the violations found (empty when the rule holds), named in the one registry of
rules (`cases.workflow.rules.names.Rule`). Sources: the Public Law Outline's pre-proceedings
stage (Practice Direction 12A; Children Act 1989 guidance volume 1, court orders and
pre-proceedings; the Public Law Working Group's pre-proceedings best practice guidance) and
the CIN census's PreProceedings validation rules (9005-9015Q, 2025-26 onward).
"""

from __future__ import annotations

from datetime import date

from safeguard.cases.workflow.rules import Violation
from safeguard.cases.workflow.rules.core import fmt, violation
from safeguard.cases.workflow.rules.names import Rule

__all__ = [
    "conference_for_someone",
    "conference_needs_acceptance",
    "conference_network_attended",
    "conference_step_in_order",
    "court_dates_fit",
    "date_within_pre_proceedings",
    "initial_meeting_first",
    "letter_once",
    "meeting_after_letter",
    "one_open_pre_proceedings_per_child",
    "plan_review_after_agreed",
    "pre_proceedings_open",
]


# Family group conferences -----------------------------------------------------------------


def conference_for_someone(for_family: bool, for_child: bool) -> list[Violation]:
    """A conference is for a family in family help or for a child in social care (or both):
    otherwise no one's record would hold it."""
    if for_family or for_child:
        return []
    return [
        violation(
            Rule.FAMILY_GROUP_CONFERENCE_FOR_SOMEONE,
            "Choose the family in family help or the child the conference is for.",
            "child",
        )
    ]


def conference_step_in_order(
    previous_on: date | None, already_on: date | None, field: str, on: date, step: str
) -> list[Violation]:
    """Offered, answered, held, the plan agreed: each step once, after the one before it.
    `previous_on` is the day of the step before (None: not recorded yet), `already_on` this
    step's day if it was recorded already."""
    if already_on is not None:
        return [
            violation(
                Rule.FAMILY_GROUP_CONFERENCE_STEP_IN_ORDER,
                f"The {step} was already recorded on {fmt(already_on)}.",
                field,
            )
        ]
    if previous_on is None:
        return [
            violation(
                Rule.FAMILY_GROUP_CONFERENCE_STEP_IN_ORDER,
                f"The {step} cannot be recorded before the step it follows.",
                field,
            )
        ]
    if on < previous_on:
        return [
            violation(
                Rule.FAMILY_GROUP_CONFERENCE_STEP_IN_ORDER,
                f"The date must be on or after {fmt(previous_on)}, the step before the {step}.",
                field,
            )
        ]
    return []


def conference_needs_acceptance(answer: str) -> list[Violation]:
    """Family group decision-making is voluntary: a conference is held only when the family
    accepted the offer (a family that declines may be offered one again)."""
    if answer == "accepted":
        return []
    return [
        violation(
            Rule.FAMILY_GROUP_CONFERENCE_NEEDS_ACCEPTANCE,
            "The family did not accept the conference: record a new offer if they now want one.",
            "held_on",
        )
    ]


def conference_network_attended(attendees: int) -> list[Violation]:
    """The conference is the family network's meeting: at least one of them came, or it was
    not held."""
    if attendees > 0:
        return []
    return [
        violation(
            Rule.FAMILY_GROUP_CONFERENCE_NETWORK_ATTENDED,
            "Name at least one person of the family network who came to the conference.",
            "attendees",
        )
    ]


def plan_review_after_agreed(agreed_on: date, review_on: date | None) -> list[Violation]:
    """The family's plan says when it will be looked at again: a day after it was agreed."""
    if review_on is not None and review_on > agreed_on:
        return []
    return [
        violation(
            Rule.FAMILY_GROUP_PLAN_REVIEW_AFTER_AGREED,
            f"Enter when the family's plan will be reviewed, after {fmt(agreed_on)}.",
            "plan_review_on",
        )
    ]


# Pre-proceedings --------------------------------------------------------------------------


def one_open_pre_proceedings_per_child(open_since: date | None) -> list[Violation]:
    """A child is in one period of pre-proceedings at a time (SSD: one row per period)."""
    if open_since is None:
        return []
    return [
        violation(
            Rule.PRE_PROCEEDINGS_ONE_OPEN_PER_CHILD,
            f"The child has been in pre-proceedings since {fmt(open_since)}: record its outcome "
            "before starting again.",
            "outcome",
        )
    ]


def pre_proceedings_open(outcome: str) -> list[Violation]:
    """Nothing more is recorded once the outcome is decided: a new decision starts anew."""
    if not outcome:
        return []
    return [
        violation(
            Rule.PRE_PROCEEDINGS_OPEN,
            "Pre-proceedings have ended: a legal planning meeting must decide to start again.",
            "pre_proceedings",
        )
    ]


def date_within_pre_proceedings(started_on: date, field: str, on: date) -> list[Violation]:
    """The letter, the meetings and the decision to step down or issue fall on or after the
    decision to start (census rules 9006 and 9009)."""
    if on >= started_on:
        return []
    return [
        violation(
            Rule.PRE_PROCEEDINGS_DATE_WITHIN,
            f"The date must be on or after {fmt(started_on)}, when the legal planning meeting "
            "decided to start pre-proceedings.",
            field,
        )
    ]


def letter_once(sent_on: date | None) -> list[Violation]:
    """One letter before proceedings starts the period (a later letter is the letter to
    issue, recorded with the outcome)."""
    if sent_on is None:
        return []
    return [
        violation(
            Rule.PRE_PROCEEDINGS_LETTER_ONCE,
            f"The letter before proceedings was already sent on {fmt(sent_on)}.",
            "sent_on",
        )
    ]


def meeting_after_letter(letter_sent_on: date | None, held_on: date) -> list[Violation]:
    """The letter before proceedings invites the parents to the meeting (and gives them legal
    aid to bring a lawyer): no meeting before it is sent."""
    if letter_sent_on is not None and held_on >= letter_sent_on:
        return []
    message = (
        "Record the letter before proceedings first: it invites the parents to the meeting."
        if letter_sent_on is None
        else f"The meeting must be on or after {fmt(letter_sent_on)}, when the letter was sent."
    )
    return [violation(Rule.PRE_PROCEEDINGS_MEETING_AFTER_LETTER, message, "held_on")]


def initial_meeting_first(kind: str, initial_on: date | None, held_on: date) -> list[Violation]:
    """One initial meeting, then reviews after it (census InitialPPMeetingDate and
    ReviewMeetingsCount, rule 9015Q)."""
    if kind == "initial" and initial_on is not None:
        message = f"The initial meeting was already recorded on {fmt(initial_on)}."
    elif kind == "review" and initial_on is None:
        message = "Record the initial pre-proceedings meeting before a review meeting."
    elif kind == "review" and initial_on is not None and held_on < initial_on:
        message = f"A review meeting must be on or after {fmt(initial_on)}, the initial meeting."
    else:
        return []
    return [violation(Rule.PRE_PROCEEDINGS_INITIAL_MEETING_FIRST, message, "kind")]


def court_dates_fit(
    outcome: str,
    decided_on: date,
    court_application_on: date | None,
    care_proceedings_letter_on: date | None,
) -> list[Violation]:
    """Court dates belong to a decision to issue: the application on or after that decision
    (census rule 9012), the letter to the parents on or after the application (rule 9013)."""
    found: list[Violation] = []
    if outcome != "issue_care_proceedings":
        if court_application_on is not None or care_proceedings_letter_on is not None:
            found.append(
                violation(
                    Rule.PRE_PROCEEDINGS_COURT_DATES_FIT,
                    "Court dates are recorded only with a decision to issue care proceedings.",
                    "court_application_on",
                )
            )
        return found
    if court_application_on is not None and court_application_on < decided_on:
        found.append(
            violation(
                Rule.PRE_PROCEEDINGS_COURT_DATES_FIT,
                f"The court application must be on or after {fmt(decided_on)}, the decision.",
                "court_application_on",
            )
        )
    if care_proceedings_letter_on is not None and (
        court_application_on is None or care_proceedings_letter_on < court_application_on
    ):
        found.append(
            violation(
                Rule.PRE_PROCEEDINGS_COURT_DATES_FIT,
                "The letter starting care proceedings is sent on or after the court application.",
                "care_proceedings_letter_on",
            )
        )
    return found
