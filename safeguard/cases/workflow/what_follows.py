"""What follows a recorded outcome: the next statutory step with its due date, or why a step
the outcome seems to call for is not needed.

Shown once the outcome is recorded (the page that recorded it returns to the child's record
with these sentences under the confirmation). The due dates come from the clocks
(`timescales.clocks`, with the authority's local lengths where it sets them), the "not
needed" reasons from the same facts the rules ask. Plain Python: no ORM, tested in
`cases/tests/workflow/test_what_follows.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from safeguard.common import codes
from safeguard.timescales.clocks import CLOCKS, Clock

from .next_steps import CaseState
from .rules.core import fmt

Outcome = codes.AssessmentOutcome


def _due(clocks: Mapping[str, Clock], code: str, start: date, today: date, since: str) -> str:
    """The due phrase: 'is due by 28 March 2025, 10 working days from the conference', or,
    once that day has passed, that it was due and is overdue."""
    clock = clocks[code]
    due = clock.due_from(start)
    if due < today:
        return f"was due by {fmt(due)}, {clock.period} from {since}, and is overdue"
    return f"is due by {fmt(due)}, {clock.period} from {since}"


def after_assessment_submitted(
    *, referral_date: date, today: date, clocks: Mapping[str, Clock] = CLOCKS
) -> list[str]:
    """The manager decides next: authorises the assessment or returns it."""
    return [
        "Your manager authorises it or returns it to you. The assessment "
        + _due(clocks, "assessment", referral_date, today, "the referral")
        + "."
    ]


def after_assessment_authorised(
    *, outcome: str, state: CaseState, clocks: Mapping[str, Clock] = CLOCKS
) -> list[str]:
    """What the authorised assessment's outcome leads to, on this child's case (Working
    Together 2023, ch. 3). A plan or period of care the child already has comes first: a
    child in need plan does not run alongside a protection plan (census rule 4003)."""
    plan, cin_plan, care = state.protection_plan, state.cin_plan, state.care_period
    if outcome == Outcome.NO_FURTHER_ACTION:
        return [
            "Next, close the referral with the reason "
            f"'{codes.ReasonForClosure.RC8.label}' once any work in it is finished."
        ]
    if outcome == Outcome.EARLY_HELP:
        return [
            "Next, refer the family to early help, then close the referral with the reason "
            f"'{codes.ReasonForClosure.RC9.label}'."
        ]
    if outcome == Outcome.CHILD_IN_NEED_PLAN:
        if plan is not None:
            return [
                f"The child is on a child protection plan (since {fmt(plan.start_date)}): a "
                "child in need plan is not needed while that plan lasts. If a review "
                "conference ends the plan, a child in need plan can follow."
            ]
        if cin_plan is not None:
            return [
                f"The child already has a child in need plan (since "
                f"{fmt(cin_plan.start_date)}): no new plan is needed. Review it with the "
                "family in the light of the assessment."
            ]
        period = clocks["cin_plan_review"].period
        return [
            "Next, a child in need plan with the family. Its first review is due within "
            f"{period} of the day it starts."
        ]
    if outcome == Outcome.STRATEGY_DISCUSSION:
        if plan is not None:
            return [
                f"The child is already on a child protection plan (since "
                f"{fmt(plan.start_date)}): bring the assessment to the next review conference."
            ]
        period = clocks["initial_conference"].period
        return [
            "Next, a strategy discussion with the police and health. If it starts a section "
            "47 enquiry, the initial child protection conference is due within "
            f"{period} of it."
        ]
    if outcome == Outcome.LOOKED_AFTER:
        if care is not None:
            return [f"The child is already looked after (since {fmt(care.start_date)})."]
        period = clocks["lac_first_review"].period
        return [
            "Next, record the child becoming looked after. The first looked-after review is "
            f"due within {period} of that day."
        ]
    return []


def after_strategy_discussion(
    *,
    discussion_date: date,
    section47_started: bool,
    today: date,
    clocks: Mapping[str, Clock] = CLOCKS,
) -> list[str]:
    """A section 47 enquiry started at the discussion sets the initial conference's clock
    (census InitialCPCtarget)."""
    if not section47_started:
        return []
    return [
        "If the enquiry finds the child is at continuing risk of significant harm, the "
        "initial child protection conference "
        + _due(clocks, "initial_conference", discussion_date, today, "the strategy discussion")
        + "."
    ]


def after_section47(
    *,
    start_date: date,
    conference_required: bool,
    today: date,
    clocks: Mapping[str, Clock] = CLOCKS,
) -> list[str]:
    """An enquiry that needs a conference hands over to it; one that does not leaves the
    assessment to decide what support follows."""
    if conference_required:
        return [
            "Next, the initial child protection conference. It "
            + _due(clocks, "initial_conference", start_date, today, "the strategy discussion")
            + "."
        ]
    return [
        "No initial conference is needed. The assessment decides what support, if any, "
        "follows, such as a child in need plan."
    ]


def _planned(on: date | None) -> str:
    """Where the conference set the meeting's date: 'is planned for 20 March 2025 and '."""
    return f"is planned for {fmt(on)} and " if on is not None else ""


def after_initial_conference(
    *,
    conference_date: date,
    plan_started: bool,
    today: date,
    clocks: Mapping[str, Clock] = CLOCKS,
    next_core_group_date: date | None = None,
    next_review_date: date | None = None,
) -> list[str]:
    """A plan starts the core group, review and visit clocks (Working Together 2023, ch. 3);
    the conference set the first core group's and review's dates within them."""
    if not plan_started:
        return [
            "No child protection plan. The assessment decides whether a child in need plan "
            "supports the family."
        ]
    since = "the conference"
    return [
        "The first core group meeting "
        + _planned(next_core_group_date)
        + _due(clocks, "first_core_group", conference_date, today, since)
        + ". The first review conference "
        + _planned(next_review_date)
        + _due(clocks, "first_review_conference", conference_date, today, since)
        + ".",
        f"Visit the child at least every {clocks['cp_visit'].period}, seeing them alone "
        "where appropriate.",
    ]


def after_review_conference(
    *,
    conference_date: date,
    plan_ended: bool,
    today: date,
    clocks: Mapping[str, Clock] = CLOCKS,
    next_core_group_date: date | None = None,
    next_review_date: date | None = None,
) -> list[str]:
    """A continuing plan is reviewed again, on the date the conference set within the clock;
    an ended one steps down or closes."""
    if not plan_ended:
        core_group = (
            f"The next core group meeting is planned for {fmt(next_core_group_date)}. "
            if next_core_group_date is not None
            else ""
        )
        return [
            core_group
            + "The next review conference "
            + _planned(next_review_date)
            + _due(clocks, "later_review_conference", conference_date, today, "this one")
            + "."
        ]
    return [
        "If the child still needs support, a child in need plan follows, with its first "
        f"review within {clocks['cin_plan_review'].period} of its start. If not, close the "
        "referral once its work is finished."
    ]


def after_cin_plan_started(
    *, start_date: date, today: date, clocks: Mapping[str, Clock] = CLOCKS
) -> list[str]:
    """A child in need plan starts its review and visit clocks (local policy, the authority's
    own lengths: `cin_plan_review`, `cin_visit`)."""
    return [
        "The first review of the plan "
        + _due(clocks, "cin_plan_review", start_date, today, "the start of the plan")
        + f". Visit the child at least every {clocks['cin_visit'].period}."
    ]


def after_cin_plan_review(
    *,
    review_date: date,
    plan_ended: bool,
    today: date,
    clocks: Mapping[str, Clock] = CLOCKS,
) -> list[str]:
    """Reviews chain from the previous one; a review that ends the plan hands over to
    closing the referral."""
    if plan_ended:
        return after_cin_plan_ended()
    return [
        "The next review of the plan "
        + _due(clocks, "cin_plan_review", review_date, today, "this one")
        + "."
    ]


def after_cin_plan_ended() -> list[str]:
    """An ended plan leaves the referral to close once nothing else is open in it."""
    return [
        "If the child needs no more support from children's social care, close the referral "
        "once its work is finished."
    ]


def after_core_group(
    *,
    plan_start: date,
    meeting_date: date,
    earlier_meetings: Iterable[date],
    clocks: Mapping[str, Clock] = CLOCKS,
) -> list[str]:
    """Whether the plan's first core group met its clock (`first_core_group`, from the initial
    conference: the plan's start). Later meetings follow the authority's own procedures, which
    set no clock here."""
    if any(plan_start <= held <= meeting_date for held in earlier_meetings):
        return []
    clock = clocks["first_core_group"]
    due = clock.due_from(plan_start)
    when = "in time" if meeting_date <= due else "late"
    return [
        f"This was the plan's first core group meeting, held {when}: it was due by {fmt(due)}, "
        f"{clock.period} from the initial conference."
    ]


# --- Looked-after children (the Care Planning, Placement and Case Review (England)
# Regulations 2010) ---


def _care_plan_kept(clocks: Mapping[str, Clock], start_date: date, care_plan_date: date) -> str:
    clock = clocks["lac_care_plan"]
    due = clock.due_from(start_date)
    when = "in time" if care_plan_date <= due else "late"
    return (
        f"The care plan was agreed {when}: it was due by {fmt(due)}, {clock.period} from the "
        "start of the first placement."
    )


def after_care_started(
    *,
    start_date: date,
    care_plan_date: date | None,
    today: date,
    clocks: Mapping[str, Clock] = CLOCKS,
) -> list[str]:
    """Becoming looked after starts the care plan, review and visit clocks (regs. 4(2), 33(1)
    and 28(2)(a))."""
    since = "the start of the first placement"
    if care_plan_date is None:
        plan = "The care plan " + _due(clocks, "lac_care_plan", start_date, today, since) + "."
    else:
        plan = _care_plan_kept(clocks, start_date, care_plan_date)
    return [
        plan,
        "The first looked-after review "
        + _due(
            clocks, "lac_first_review", start_date, today, "the day the child became looked after"
        )
        + ". The first visit in the placement "
        + _due(clocks, "lac_first_visit", start_date, today, "its start")
        + ".",
    ]


def after_care_plan(
    *, start_date: date, care_plan_date: date, clocks: Mapping[str, Clock] = CLOCKS
) -> list[str]:
    """Whether the care plan met its clock (reg. 4(2)); the looked-after reviews keep it
    under review from now on (reg. 6)."""
    return [
        _care_plan_kept(clocks, start_date, care_plan_date)
        + " Each looked-after review considers it from now on."
    ]


def after_placement_change(
    *, change_date: date, moved: bool, today: date, clocks: Mapping[str, Clock] = CLOCKS
) -> list[str]:
    """A new placement is visited within a week of its start (reg. 28(2)(a)); a change of
    legal status alone sets no clock."""
    if not moved:
        return []
    return [
        "Visit the child in the new placement: the visit "
        + _due(clocks, "lac_first_visit", change_date, today, "the move")
        + "."
    ]


def after_care_review(
    *,
    review_date: date,
    earlier_reviews: int,
    today: date,
    clocks: Mapping[str, Clock] = CLOCKS,
) -> list[str]:
    """The next review: the second within 3 months of the first, then every 6 months
    (reg. 33(2))."""
    code = "lac_second_review" if earlier_reviews == 0 else "lac_later_review"
    return [
        "The next looked-after review " + _due(clocks, code, review_date, today, "this one") + "."
    ]


def after_care_ended() -> list[str]:
    """Care has ended: the referral closes once nothing else is open in it."""
    return [
        "If the child needs no more support from children's social care, close the referral "
        "once its work is finished."
    ]
