"""Child protection: strategy discussion, section 47 enquiry, initial and review conferences,
the plan and its core group (Children Act 1989 s.47; Working Together 2023, ch. 2; CIN
census Section47 and ChildProtectionPlans)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safeguard.common import codes

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
