"""The named rules family help keeps. Plain functions over dates and counts: the services,
the pages and the demo generator ask the same ones.

Each returns the violations found (empty when the rule holds), named in the one registry of
rules (`cases.workflow.rules.names.Rule`), as every statutory rule is. Family help is
voluntary and local: these are the service's own rules (the Families First and Supporting
Families guidance set no timescales), not statute.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from safeguard.cases.workflow.rules import Violation
from safeguard.cases.workflow.rules.core import fmt, violation
from safeguard.cases.workflow.rules.names import Rule
from safeguard.common import codes

__all__ = [
    "action_done_once",
    "assessment_completed_after_start",
    "assessment_one_open",
    "close_needs_actions_done",
    "consent_before_start",
    "date_within_family_help",
    "family_help_from_early_help_decision",
    "family_help_keeps_a_child",
    "family_help_open",
    "lead_not_before_current",
    "lead_practitioner_fits",
    "one_open_early_help_per_child",
    "plan_has_outcomes",
    "plan_needs_completed_assessment",
    "progress_on_plan_outcomes",
    "review_meeting_of_the_family",
    "review_needs_plan",
    "step_down_fits",
    "step_up_fits",
]


def date_within_family_help(
    started_on: date, ended_on: date | None, field: str, on: date | None
) -> list[Violation]:
    """Whatever is recorded of the family's help happened while it was open: the SSD's
    episode dates bound the child rows, and the assessment, plan and meetings belong to it."""
    if on is None:
        return []
    if on < started_on:
        return [
            violation(
                Rule.FAMILY_HELP_DATE_WITHIN_EPISODE,
                f"The date must be on or after {fmt(started_on)}, when family help started.",
                field,
            )
        ]
    if ended_on is not None and on > ended_on:
        return [
            violation(
                Rule.FAMILY_HELP_DATE_WITHIN_EPISODE,
                f"The date must be on or before {fmt(ended_on)}, when family help ended.",
                field,
            )
        ]
    return []


def family_help_open(ended_on: date | None) -> list[Violation]:
    """Nothing more is recorded on family help that has closed: a family that needs help
    again starts anew (so the SSD counts a new episode, and a return is seen)."""
    if ended_on is None:
        return []
    return [
        violation(
            Rule.FAMILY_HELP_OPEN,
            f"Family help ended on {fmt(ended_on)}: start family help again instead.",
            "family_help",
        )
    ]


def consent_before_start(consent_given_on: date | None, started_on: date) -> list[Violation]:
    """Family help is help a family agrees to: consent comes first (Working Together 2023,
    chapter 3: early help is voluntary)."""
    if consent_given_on is None:
        return [
            violation(
                Rule.FAMILY_HELP_CONSENT_BEFORE_START,
                "Enter the date the family agreed to family help.",
                "consent_given_on",
            )
        ]
    if consent_given_on > started_on:
        return [
            violation(
                Rule.FAMILY_HELP_CONSENT_BEFORE_START,
                f"The family's agreement must be on or before {fmt(started_on)}, when family "
                "help started.",
                "consent_given_on",
            )
        ]
    return []


def one_open_early_help_per_child(open_since: date | None) -> list[Violation]:
    """A child is in one family's help at a time (SSD `ssd_early_help_episodes`: episodes of
    one child do not overlap)."""
    if open_since is None:
        return []
    return [
        violation(
            Rule.EARLY_HELP_ONE_OPEN_PER_CHILD,
            f"The child has had family help open since {fmt(open_since)}: end it first.",
            "child",
        )
    ]


def family_help_keeps_a_child(children_open: int, leaving: int) -> list[Violation]:
    """Family help is for children: it starts with at least one child and the last child
    does not leave it (close the family's help instead)."""
    if children_open - leaving >= 1:
        return []
    return [
        violation(
            Rule.FAMILY_HELP_KEEPS_A_CHILD,
            "Family help needs at least one child: add a child, or close family help instead.",
            "children",
        )
    ]


def lead_not_before_current(current_start: date | None, start_date: date) -> list[Violation]:
    """A new lead practitioner takes over on or after the day the current one started, so
    the history has no overlap (as cases' allocations)."""
    if current_start is None or start_date >= current_start:
        return []
    return [
        violation(
            Rule.LEAD_PRACTITIONER_NOT_BEFORE_CURRENT,
            f"The new lead practitioner must start on or after {fmt(current_start)}, when the "
            "current one started.",
            "start_date",
        )
    ]


def lead_practitioner_fits(chosen: int, active: bool) -> list[Violation]:
    """The lead is one person (a council worker or a partner's practitioner, not both), still
    working for the council or for a partner organisation that still shares with it."""
    if chosen != 1:
        return [
            violation(
                Rule.LEAD_PRACTITIONER_FITS,
                "Choose one lead practitioner: a council worker or a partner's practitioner.",
                "lead",
            )
        ]
    if not active:
        return [
            violation(
                Rule.LEAD_PRACTITIONER_FITS,
                "The lead practitioner no longer works for the council or for an organisation "
                "that shares with it on that date.",
                "lead",
            )
        ]
    return []


def assessment_one_open(open_since: date | None) -> list[Violation]:
    """One family help assessment at a time: the next starts once this one is complete."""
    if open_since is None:
        return []
    return [
        violation(
            Rule.FAMILY_HELP_ASSESSMENT_ONE_OPEN,
            f"An assessment started on {fmt(open_since)} is not complete yet: complete it first.",
            "start_date",
        )
    ]


def assessment_completed_after_start(
    start_date: date, completed_on: date, needs: int, already_completed_on: date | None = None
) -> list[Violation]:
    """An assessment is completed once, on or after it started, and names at least one need
    (an assessment with none is a reason to close, not a completed assessment to plan from)."""
    if already_completed_on is not None:
        return [
            violation(
                Rule.FAMILY_HELP_ASSESSMENT_COMPLETE_FITS,
                f"The assessment was completed on {fmt(already_completed_on)}.",
                "completed_on",
            )
        ]
    found: list[Violation] = []
    if completed_on < start_date:
        found.append(
            violation(
                Rule.FAMILY_HELP_ASSESSMENT_COMPLETE_FITS,
                f"The completion date must be on or after {fmt(start_date)}, when the "
                "assessment started.",
                "completed_on",
            )
        )
    if needs < 1:
        found.append(
            violation(
                Rule.FAMILY_HELP_ASSESSMENT_COMPLETE_FITS,
                "Record at least one need the assessment found.",
                "needs",
            )
        )
    return found


def plan_needs_completed_assessment(completed_on: date | None, agreed_on: date) -> list[Violation]:
    """The family plan follows from the assessment: one must be complete on or before the day
    the plan is agreed."""
    if completed_on is not None and completed_on <= agreed_on:
        return []
    return [
        violation(
            Rule.FAMILY_PLAN_NEEDS_ASSESSMENT,
            "Complete the family help assessment before agreeing the plan.",
            "agreed_on",
        )
    ]


def plan_has_outcomes(outcomes: int) -> list[Violation]:
    """A plan says what will change: at least one outcome."""
    if outcomes >= 1:
        return []
    return [
        violation(
            Rule.FAMILY_PLAN_HAS_OUTCOMES,
            "Add at least one outcome the family wants to achieve.",
            "outcomes",
        )
    ]


def action_done_once(done_on: date | None, agreed_on: date, on: date) -> list[Violation]:
    """An action is marked done once, on or after the plan that set it was agreed."""
    if done_on is not None:
        return [
            violation(
                Rule.PLAN_ACTION_DONE_ONCE,
                f"The action was marked done on {fmt(done_on)}.",
                "done_on",
            )
        ]
    if on < agreed_on:
        return [
            violation(
                Rule.PLAN_ACTION_DONE_ONCE,
                f"The date must be on or after {fmt(agreed_on)}, when the plan was agreed.",
                "done_on",
            )
        ]
    return []


def review_needs_plan(agreed_on: date | None, reviewed_on: date) -> list[Violation]:
    """A review is of a plan: the family plan was agreed on or before the review."""
    if agreed_on is not None and agreed_on <= reviewed_on:
        return []
    return [
        violation(
            Rule.FAMILY_PLAN_REVIEW_NEEDS_PLAN,
            "Agree the family plan before reviewing it.",
            "reviewed_on",
        )
    ]


def review_meeting_of_the_family(same_family: bool) -> list[Violation]:
    """A review held at a team around the family meeting names one of this family's."""
    if same_family:
        return []
    return [
        violation(
            Rule.FAMILY_PLAN_REVIEW_MEETING_OF_FAMILY,
            "Choose a meeting held about this family.",
            "meeting",
        )
    ]


def progress_on_plan_outcomes(
    plan_outcomes: Iterable[int], reviewed: Iterable[int]
) -> list[Violation]:
    """A review records progress against the plan's own outcomes, each once, and every one of
    them (progress over time is the series of reviews)."""
    wanted = set(plan_outcomes)
    given = list(reviewed)
    if len(given) == len(set(given)) and set(given) == wanted:
        return []
    return [
        violation(
            Rule.FAMILY_PLAN_PROGRESS_ON_OUTCOMES,
            "Record progress once for each outcome in the family plan, and for no other.",
            "progress",
        )
    ]


def close_needs_actions_done(end_reason: str, actions_open: int) -> list[Violation]:
    """Family help closes as "needs met" only when every action in the plan is done;
    otherwise the reason says why it ended (declined, moved away, stepped up)."""
    if end_reason != "needs_met" or actions_open == 0:
        return []
    return [
        violation(
            Rule.FAMILY_HELP_CLOSE_NEEDS_ACTIONS_DONE,
            f"{actions_open} action(s) in the family plan are not done: mark them done, or "
            "choose another reason for closing.",
            "end_reason",
        )
    ]


# Moving between the front door, children's social care and family help ----------------------


def family_help_from_early_help_decision(
    decision: str, decided_on: date | None, started_on: date, started_already: bool
) -> list[Violation]:
    """Family help starts from a contact only once the front door has decided "early help"
    for it, on or after that day, and once per contact. The decision offers help; the family
    help team starts it when the family agrees (Working Together 2023, ch. 1 and 3: early help
    is voluntary, given with the family's consent)."""
    if decision != codes.ContactDecision.EARLY_HELP or decided_on is None:
        return [
            violation(
                Rule.FAMILY_HELP_FROM_EARLY_HELP_DECISION,
                "Family help starts from a contact the front door decided was for early help.",
                "contact",
            )
        ]
    if started_already:
        return [
            violation(
                Rule.FAMILY_HELP_FROM_EARLY_HELP_DECISION,
                "Family help has already started from this contact.",
                "contact",
            )
        ]
    if started_on < decided_on:
        return [
            violation(
                Rule.FAMILY_HELP_FROM_EARLY_HELP_DECISION,
                f"Family help must start on or after {fmt(decided_on)}, when the front door "
                "decided the contact.",
                "started_on",
            )
        ]
    return []


def step_up_fits(
    *, chosen: int, not_in_family: int, waiting: int, has_lead: bool, reason: str
) -> list[Violation]:
    """A step up asks the front door about children whose family help is open in this
    family, one request at a time per child, from the lead practitioner (the referrer the
    front door calls back), saying why family help is no longer enough (Working Together
    2023, ch. 3: a practitioner who thinks a child may be in need refers to the local
    authority)."""
    found: list[Violation] = []
    if chosen < 1:
        found.append(
            violation(Rule.FAMILY_HELP_STEP_UP_FITS, "Choose the children to step up.", "children")
        )
    elif not_in_family:
        found.append(
            violation(
                Rule.FAMILY_HELP_STEP_UP_FITS,
                "Choose children whose family help is open in this family.",
                "children",
            )
        )
    elif waiting:
        found.append(
            violation(
                Rule.FAMILY_HELP_STEP_UP_FITS,
                f"The front door has not yet decided the step up of {waiting} of these "
                "children: wait for its decision.",
                "children",
            )
        )
    if not has_lead:
        found.append(
            violation(
                Rule.FAMILY_HELP_STEP_UP_FITS,
                "Choose a lead practitioner first: the front door is told who asks for the "
                "step up and calls them back.",
                "lead",
            )
        )
    if not reason.strip():
        found.append(
            violation(
                Rule.FAMILY_HELP_STEP_UP_FITS,
                "Enter what has changed and why the family needs children's social care.",
                "reason",
            )
        )
    return found


def step_down_fits(
    *,
    referral_of_child: bool,
    closure_date: date | None,
    closure_reason: str,
    cin_plan_ended: bool,
    started_on: date,
) -> list[Violation]:
    """Family help after social care follows a referral of this child that closed "after
    assessment, referred to early help" (census RC9), or closed when its child in need plan
    ended and the child stepped down (RC7 after the plan); it starts once the referral has
    closed, so one service holds the child at a time."""
    if not referral_of_child:
        return [
            violation(
                Rule.FAMILY_HELP_STEP_DOWN_FITS, "Choose a referral of this child.", "referral"
            )
        ]
    if closure_date is None:
        return [
            violation(
                Rule.FAMILY_HELP_STEP_DOWN_FITS,
                "Close the referral first: the child steps down when social care closes.",
                "referral",
            )
        ]
    stepping_down = closure_reason == codes.ReasonForClosure.RC9 or (
        closure_reason == codes.ReasonForClosure.RC7 and cin_plan_ended
    )
    if not stepping_down:
        return [
            violation(
                Rule.FAMILY_HELP_STEP_DOWN_FITS,
                "The referral did not close with a step down: it must close after assessment "
                "and referred to early help (RC9), or when its child in need plan ended (RC7).",
                "referral",
            )
        ]
    if started_on < closure_date:
        return [
            violation(
                Rule.FAMILY_HELP_STEP_DOWN_FITS,
                f"Family help must start on or after {fmt(closure_date)}, when the referral "
                "closed.",
                "started_on",
            )
        ]
    return []
