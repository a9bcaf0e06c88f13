"""Child protection: strategy discussion, section 47 enquiry, initial and review conferences,
the plan and its core group (Children Act 1989 s.47; Working Together 2023, ch. 2; CIN
census Section47 and ChildProtectionPlans)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from safeguard.common import codes
from safeguard.timescales.clocks import CLOCKS, Clock

from .core import (
    ReferralFacts,
    Violation,
    first_per_field,
    fmt,
    not_before,
    violation,
    within_open_referral,
)
from .names import Rule

INITIAL_OUTCOMES = frozenset({"plan", "no_plan"})
REVIEW_OUTCOMES = frozenset({"continue_plan", "end_plan"})


@dataclass(frozen=True)
class ConferenceFacts:
    kind: str  # "initial" or "review"
    conference_date: date
    outcome: str  # "plan", "no_plan", "continue_plan", "end_plan"


def section47_requires_open_referral(referral: ReferralFacts, start_date: date) -> list[Violation]:
    """A section 47 enquiry is made within an open children-in-need episode (Children Act 1989
    s.47; census rules 2889, 8565)."""
    return within_open_referral(
        referral, "start_date", start_date, rule=Rule.SECTION47_REQUIRES_OPEN_REFERRAL
    )


def section47_starts_at_strategy(discussion_date: date, start_date: date) -> list[Violation]:
    """A section 47 enquiry starts at the strategy discussion that decided on it (Working
    Together 2023, ch. 2; census S47ActualStartDate)."""
    if start_date == discussion_date:
        return []
    return [
        violation(
            Rule.SECTION47_STARTS_AT_STRATEGY,
            f"A section 47 enquiry starts on the day of its strategy discussion "
            f"({fmt(discussion_date)}), not {fmt(start_date)}.",
            "start_date",
        )
    ]


def one_open_section47(open_in_referral: bool) -> list[Violation]:
    """One section 47 enquiry at a time in a referral (census rules 8839, 8890, 8896)."""
    if not open_in_referral:
        return []
    return [
        violation(
            Rule.ONE_OPEN_SECTION47,
            "A section 47 enquiry is already open in this referral.",
            "start_date",
        )
    ]


def section47_completed_not_before_start(
    start_date: date, completed_date: date | None
) -> list[Violation]:
    """An enquiry is completed on or after the day it started."""
    return not_before(
        earlier=("start_date", start_date),
        later=("completed_date", completed_date),
        rule=Rule.SECTION47_COMPLETED_NOT_BEFORE_START,
        earlier_is="the date the enquiry started",
    )


def section47_completed_once(completed_date: date | None) -> list[Violation]:
    """An enquiry is completed once; its outcome then stands."""
    if completed_date is None:
        return []
    return [
        violation(
            Rule.SECTION47_COMPLETED_ONCE, "This enquiry is already completed.", "completed_date"
        )
    ]


def conference_not_before_section47(
    section47_start: date, conference_date: date
) -> list[Violation]:
    """An initial conference follows the section 47 enquiry that called it (census rule 8615)."""
    return not_before(
        earlier=("start_date", section47_start),
        later=("conference_date", conference_date),
        rule=Rule.CONFERENCE_NOT_BEFORE_SECTION47,
        earlier_is="the date the section 47 enquiry started",
    )


def initial_conference_awaited(
    *, conference_required: bool | None, initial_conference_date: date | None
) -> list[Violation]:
    """An enquiry has one initial conference, and none once it found that none is needed
    (Working Together 2023, ch. 3; census rule 2884, ICPCnotRequired). While the enquiry is
    open the conference may already be called. The record offers "Record the initial child
    protection conference" exactly when this holds."""
    if initial_conference_date is not None:
        return [
            violation(
                Rule.INITIAL_CONFERENCE_AWAITED,
                f"The initial conference for this enquiry was held on "
                f"{fmt(initial_conference_date)}. Record later conferences as reviews of the "
                "plan.",
                "conference_date",
            )
        ]
    if conference_required is False:
        return [
            violation(
                Rule.INITIAL_CONFERENCE_AWAITED,
                "The section 47 enquiry found that no initial conference is needed. If the "
                "child is now at risk of significant harm, hold a new strategy discussion.",
                "conference_date",
            )
        ]
    return []


def initial_conference_dates(
    referral: ReferralFacts, section47_start: date, conference_date: date | None
) -> list[Violation]:
    """The dates an initial conference is checked against: not before its enquiry started,
    within the open referral. Asked by `initial_conference_record` and on the first page."""
    if conference_date is None:
        return []
    return first_per_field(
        conference_not_before_section47(section47_start, conference_date)
        + within_open_referral(referral, "conference_date", conference_date)
    )


def conference_outcome_fits_kind(
    kind: str, outcome: str, *, has_enquiry: bool, has_plan: bool
) -> list[Violation]:
    """An initial conference follows an enquiry and decides on a plan or none; a review
    conference reviews a plan and continues or ends it (Working Together 2023, ch. 2)."""
    if kind == "initial" and (outcome not in INITIAL_OUTCOMES or not has_enquiry):
        return [
            violation(
                Rule.CONFERENCE_OUTCOME_FITS_KIND,
                "An initial conference follows a section 47 enquiry and decides on a plan or "
                "no plan.",
                "outcome",
            )
        ]
    if kind == "review" and (outcome not in REVIEW_OUTCOMES or not has_plan):
        return [
            violation(
                Rule.CONFERENCE_REVIEW_HAS_PLAN,
                "A review conference reviews an open plan and continues or ends it.",
                "plan",
            )
        ]
    return []


def plan_starts_at_initial_conference(
    conference: ConferenceFacts, plan_start: date
) -> list[Violation]:
    """A child protection plan starts at an initial conference that decided on a plan
    (Working Together 2023, ch. 2; census rule 2885: CPP start date equals the ICPC date)."""
    violations: list[Violation] = []
    if conference.kind != "initial":
        violations.append(
            violation(
                Rule.PLAN_STARTS_AT_INITIAL_CONFERENCE,
                "A child protection plan can only start at an initial child protection conference.",
                "initial_conference",
            )
        )
    elif conference.outcome != "plan":
        violations.append(
            violation(
                Rule.PLAN_STARTS_AT_INITIAL_CONFERENCE,
                "The initial conference did not decide on a child protection plan, so no plan "
                "can start from it.",
                "initial_conference",
                "outcome",
            )
        )
    if plan_start != conference.conference_date:
        violations.append(
            violation(
                Rule.PLAN_STARTS_AT_INITIAL_CONFERENCE,
                f"A child protection plan starts on the day of the initial conference "
                f"({fmt(conference.conference_date)}), not {fmt(plan_start)}.",
                "start_date",
            )
        )
    return violations


def initial_conference_started_a_plan(outcome: str, plan_started: bool) -> list[Violation]:
    """A 'plan' outcome starts a plan and no other outcome does (census rule 2883)."""
    if plan_started == (outcome == "plan"):
        return []
    return [
        violation(
            Rule.PLAN_STARTS_AT_INITIAL_CONFERENCE,
            "An initial conference starts a plan exactly when it decides on one.",
            "outcome",
        )
    ]


def one_open_protection_plan(open_plan_start: date | None) -> list[Violation]:
    """A child has at most one open child protection plan (census rule 8935)."""
    if open_plan_start is None:
        return []
    return [
        violation(
            Rule.ONE_OPEN_PROTECTION_PLAN,
            f"The child already has a child protection plan open since {fmt(open_plan_start)}. "
            "End it at a review conference before starting another.",
            "start_date",
        )
    ]


def protection_plan_not_before_cin_plan(
    cin_plan_start: date | None, conference_date: date
) -> list[Violation]:
    """A protection plan ends the open child in need plan on its first day, which cannot be
    before that plan started (census rule 4003: the two plans do not run together)."""
    return not_before(
        earlier=("child_in_need_plan_start", cin_plan_start),
        later=("conference_date", conference_date),
        rule=Rule.PROTECTION_PLAN_NOT_BEFORE_CIN_PLAN,
        earlier_is="the date the child in need plan started (a protection plan ends "
        "that plan on its first day)",
    )


def plan_has_category(category: str) -> list[Violation]:
    """A plan records the category of abuse (census rules 8905, 8910)."""
    if category in codes.CategoryOfAbuse.values:
        return []
    return [
        violation(
            Rule.PLAN_NEEDS_CATEGORY, "Choose the category of abuse for the plan.", "category"
        )
    ]


def review_category_known(latest_category: str) -> list[Violation]:
    """A review may change the plan's category, to another census category (rule 8910)."""
    if not latest_category or latest_category in codes.CategoryOfAbuse.values:
        return []
    return [
        violation(
            Rule.PLAN_NEEDS_CATEGORY,
            "Choose a category of abuse from the list.",
            "latest_category",
        )
    ]


# --- Who took part in a conference, and the plan it agrees -------------------------------------

# A conference that starts the plan (initial, "plan") or keeps it going (review,
# "continue_plan") agrees the outline plan and sets the next core group and review.
PLAN_GOES_ON = frozenset({"plan", "continue_plan"})
# The clock each kind of conference sets the next meeting's latest date by (`timescales`).
_CORE_GROUP_CLOCK = {"initial": "first_core_group"}
_REVIEW_CLOCK = {"initial": "first_review_conference", "review": "later_review_conference"}
# An initial conference sets the plan's first meetings; a review, the next ones.
_WHICH = {"initial": "first", "review": "next"}


def conference_agencies_present(agencies_present: str) -> list[Violation]:
    """A conference brings together the family and the professionals working with the child
    (Working Together 2023, ch. 2): the agencies present are recorded, at least one."""
    if agencies_present.strip():
        return []
    return [
        violation(
            Rule.CONFERENCE_AGENCIES_PRESENT,
            "Select the agencies present at the conference.",
            "agencies_present",
        )
    ]


def conference_attendees_given(attendees: str) -> list[Violation]:
    """Who was at the conference, by name and role, so the plan's core group is known
    (Working Together 2023, ch. 2)."""
    if attendees.strip():
        return []
    return [
        violation(
            Rule.CONFERENCE_ATTENDEES_GIVEN,
            "Enter who attended the conference, with their roles.",
            "attendees",
        )
    ]


def conference_participation_given(
    parents_participation: str, child_participation: str
) -> list[Violation]:
    """How the parents took part, and how the child's wishes and feelings were heard
    (Working Together 2023, ch. 2: parents are supported to take part; the child's voice
    informs the plan)."""
    violations = []
    if not parents_participation:
        violations.append(
            violation(
                Rule.CONFERENCE_PARTICIPATION_GIVEN,
                "Select how the parents took part in the conference.",
                "parents_participation",
            )
        )
    if not child_participation:
        violations.append(
            violation(
                Rule.CONFERENCE_PARTICIPATION_GIVEN,
                "Select how the child took part or shared their views.",
                "child_participation",
            )
        )
    return violations


def conference_plan_given(
    *,
    kind: str,
    outcome: str,
    plan_outline: str,
    next_core_group_date: date | None,
    next_review_date: date | None,
) -> list[Violation]:
    """A conference that starts or continues a plan agrees its outline and sets the dates of
    the next core group meeting and review conference (Working Together 2023, ch. 2); one
    that decides on no plan, or ends it, sets none of them."""
    which = _WHICH[kind]
    if outcome in PLAN_GOES_ON:
        missing = [
            (
                not plan_outline.strip(),
                "Enter the outline plan the conference agreed.",
                "plan_outline",
            ),
            (
                next_core_group_date is None,
                f"Enter the date of the {which} core group meeting.",
                "next_core_group_date",
            ),
            (
                next_review_date is None,
                f"Enter the date of the {which} review conference.",
                "next_review_date",
            ),
        ]
        return [
            violation(Rule.CONFERENCE_PLAN_GIVEN, message, name)
            for absent, message, name in missing
            if absent
        ]
    given = [
        name
        for name, value in (
            ("plan_outline", plan_outline.strip()),
            ("next_core_group_date", next_core_group_date),
            ("next_review_date", next_review_date),
        )
        if value
    ]
    if not given:
        return []
    return [
        violation(
            Rule.CONFERENCE_PLAN_ONLY_WITH_PLAN,
            "A conference that does not start or continue a child protection plan sets no "
            "outline plan, core group meeting or review conference.",
            *given,
        )
    ]


def _planned_after(
    rule: Rule,
    meeting: str,
    name: str,
    conference_date: date,
    planned: date,
    clock: Clock | None,
) -> list[Violation]:
    """`planned` is after the conference and, where a clock runs from it, on or before its
    due date; the message names the date limit in words."""
    if planned <= conference_date:
        return [
            violation(
                rule,
                f"The date of the {meeting} must be after {fmt(conference_date)}, the "
                "date of the conference.",
                name,
            )
        ]
    if clock is None or planned <= (due := clock.due_from(conference_date)):
        return []
    return [
        violation(
            rule,
            f"The date of the {meeting} must be on or before {fmt(due)}, {clock.period} after "
            "the conference.",
            name,
        )
    ]


def conference_next_core_group_in_time(
    *,
    kind: str,
    conference_date: date | None,
    next_core_group_date: date | None,
    clocks: Mapping[str, Clock] = CLOCKS,
) -> list[Violation]:
    """The next core group meets after the conference; after an initial conference, within the
    `first_core_group` clock (Working Together 2023, ch. 2: within 10 working days). A later
    core group follows the authority's own procedures. A missing date is not checked."""
    if conference_date is None or next_core_group_date is None:
        return []
    code = _CORE_GROUP_CLOCK.get(kind)
    return _planned_after(
        Rule.CONFERENCE_NEXT_CORE_GROUP_IN_TIME,
        f"{_WHICH[kind]} core group meeting",
        "next_core_group_date",
        conference_date,
        next_core_group_date,
        clocks[code] if code else None,
    )


def conference_next_review_in_time(
    *,
    kind: str,
    conference_date: date | None,
    next_review_date: date | None,
    clocks: Mapping[str, Clock] = CLOCKS,
) -> list[Violation]:
    """The next review conference is after this one and within its clock: the first within
    3 months of the initial conference, later ones within 6 months of the last review
    (Working Together 2023, ch. 2). A missing date is not checked."""
    if conference_date is None or next_review_date is None:
        return []
    return _planned_after(
        Rule.CONFERENCE_NEXT_REVIEW_IN_TIME,
        f"{_WHICH[kind]} review conference",
        "next_review_date",
        conference_date,
        next_review_date,
        clocks[_REVIEW_CLOCK[kind]],
    )


def conference_planned_dates(
    *,
    kind: str,
    conference_date: date | None,
    next_core_group_date: date | None,
    next_review_date: date | None,
    clocks: Mapping[str, Clock] = CLOCKS,
) -> list[Violation]:
    """The dates a conference sets, checked against its date and the clocks: asked by the
    conference services and on the conference form's first page."""
    return conference_next_core_group_in_time(
        kind=kind,
        conference_date=conference_date,
        next_core_group_date=next_core_group_date,
        clocks=clocks,
    ) + conference_next_review_in_time(
        kind=kind,
        conference_date=conference_date,
        next_review_date=next_review_date,
        clocks=clocks,
    )


def review_needs_open_plan(plan_end_date: date | None) -> list[Violation]:
    """A review conference reviews an open plan (Working Together 2023, ch. 2)."""
    if plan_end_date is None:
        return []
    return [
        violation(
            Rule.REVIEW_NEEDS_OPEN_PLAN,
            f"This plan ended on {plan_end_date:%d %B %Y}; a review conference needs an open plan.",
            "plan",
        )
    ]


def review_after_previous_conference(
    previous_conference: date, conference_date: date
) -> list[Violation]:
    """Reviews follow one another and the initial conference (census rules 8840-8842Q)."""
    return not_before(
        earlier=("previous_conference_date", previous_conference),
        later=("conference_date", conference_date),
        rule=Rule.REVIEW_AFTER_PREVIOUS_CONFERENCE,
        earlier_is="the date of the previous conference",
    )


def plan_ends_at_review(*, ends_here: bool, plan_ends_on_this_date: bool) -> list[Violation]:
    """A plan ends at a review conference that decided to end it, on that day (Working
    Together 2023, ch. 2; census CPPendDate)."""
    if ends_here == plan_ends_on_this_date:
        return []
    return [
        violation(
            Rule.PLAN_ENDS_AT_REVIEW,
            "A child protection plan ends on the day of the review conference that ends it.",
            "end_date",
        )
    ]


def core_group_within_plan(plan_start: date, meeting_date: date | None) -> list[Violation]:
    """The core group meets while the plan runs, from its start (Working Together 2023,
    ch. 2: first within 10 working days of the initial conference)."""
    return not_before(
        earlier=("start_date", plan_start),
        later=("meeting_date", meeting_date),
        rule=Rule.CORE_GROUP_WITHIN_PLAN,
        earlier_is="the date the plan started",
    )


def core_group_needs_open_plan(plan_end_date: date | None) -> list[Violation]:
    """The core group develops and carries out the plan, so it meets while the plan lasts
    (Working Together 2023, ch. 2). The record offers "Record a core group meeting" exactly
    when this holds."""
    if plan_end_date is None:
        return []
    return [
        violation(
            Rule.CORE_GROUP_NEEDS_OPEN_PLAN,
            f"This child protection plan ended on {fmt(plan_end_date)}; a core group meets "
            "while the plan lasts.",
            "meeting_date",
        )
    ]
