"""`workflow.next_steps`: what may be recorded next on a case (no database).

Each test sets the facts of one moment in the statutory journey and reads the steps offered.
The services refuse the same steps through the same rules (tested in `rules/` and
`cases/tests/services/`).
"""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from safeguard.cases.workflow.next_steps import (
    AssessmentState,
    CaseState,
    EnquiryState,
    NextStep,
    PlanState,
    ReferralState,
    Step,
    next_steps,
)
from safeguard.cases.workflow.rules import (
    assessment_may_start,
    cin_plan_not_during_protection_plan,
    holds,
    one_open_cin_plan,
    within_open_referral,
)

TODAY = date(2025, 3, 14)
REFERRAL = ReferralState(id=10, referral_date=date(2025, 3, 3))
STARTED = AssessmentState(id=20, start_date=date(2025, 3, 4))
SUBMITTED = AssessmentState(id=20, start_date=date(2025, 3, 4), submitted_date=date(2025, 3, 12))
AUTHORISED = AssessmentState(
    id=20,
    start_date=date(2025, 3, 4),
    submitted_date=date(2025, 3, 12),
    authorised_date=date(2025, 3, 13),
    outcome="child_in_need_plan",
)


def steps(**facts: object) -> list[Step]:
    return [s.step for s in next_steps(CaseState(today=TODAY, **facts))]  # type: ignore[arg-type]


def test_a_child_with_no_open_referral_may_have_one_opened_and_nothing_else() -> None:
    assert next_steps(CaseState(today=TODAY)) == [NextStep(Step.OPEN_REFERRAL, None)]


def test_an_open_referral_with_no_assessment_offers_its_start_a_strategy_discussion_and_closure():
    assert next_steps(CaseState(today=TODAY, referral=REFERRAL)) == [
        NextStep(Step.START_ASSESSMENT, 10),
        NextStep(Step.STRATEGY_DISCUSSION, 10),
        NextStep(Step.START_CIN_PLAN, 10),
        NextStep(Step.START_CARE, 10),
        NextStep(Step.CLOSE_REFERRAL, 10),
    ]


def test_an_assessment_being_written_is_continued_and_the_referral_cannot_close() -> None:
    offered = next_steps(CaseState(today=TODAY, referral=REFERRAL, assessments=(STARTED,)))

    assert NextStep(Step.CONTINUE_ASSESSMENT, 20) in offered
    assert Step.START_ASSESSMENT not in [s.step for s in offered]
    assert Step.CLOSE_REFERRAL not in [s.step for s in offered]


def test_a_submitted_assessment_is_for_the_manager_to_review_not_the_worker_to_change() -> None:
    offered = steps(referral=REFERRAL, assessments=(SUBMITTED,))

    assert Step.REVIEW_ASSESSMENT in offered
    assert Step.CONTINUE_ASSESSMENT not in offered


def test_a_referral_whose_assessment_is_authorised_is_not_offered_another() -> None:
    offered = steps(referral=REFERRAL, assessments=(AUTHORISED,))

    assert Step.START_ASSESSMENT not in offered
    assert Step.CONTINUE_ASSESSMENT not in offered and Step.REVIEW_ASSESSMENT not in offered
    # Its outcome's next steps remain: a strategy discussion, a child in need plan, or closing
    # when work is done.
    assert offered == [
        Step.STRATEGY_DISCUSSION,
        Step.START_CIN_PLAN,
        Step.START_CARE,
        Step.CLOSE_REFERRAL,
    ]


def test_an_open_enquiry_is_completed_and_awaits_its_initial_conference() -> None:
    enquiry = EnquiryState(id=30, start_date=date(2025, 3, 5))

    offered = next_steps(CaseState(today=TODAY, referral=REFERRAL, enquiries=(enquiry,)))

    assert NextStep(Step.COMPLETE_SECTION47, 30) in offered
    assert NextStep(Step.INITIAL_CONFERENCE, 30) in offered
    assert Step.CLOSE_REFERRAL not in [s.step for s in offered]


def test_an_enquiry_that_needs_no_conference_or_has_had_it_offers_none() -> None:
    no_need = EnquiryState(
        id=30,
        start_date=date(2025, 3, 5),
        completed_date=date(2025, 3, 10),
        conference_required=False,
    )
    held = EnquiryState(
        id=31,
        start_date=date(2025, 3, 5),
        completed_date=date(2025, 3, 10),
        conference_required=True,
        initial_conference_date=date(2025, 3, 12),
    )

    offered = steps(referral=REFERRAL, enquiries=(no_need, held))

    assert Step.INITIAL_CONFERENCE not in offered and Step.COMPLETE_SECTION47 not in offered


def test_a_child_on_a_plan_has_its_review_conference_offered_and_the_referral_stays_open() -> None:
    plan = PlanState(id=40, start_date=date(2025, 2, 3))

    offered = next_steps(CaseState(today=TODAY, referral=REFERRAL, protection_plan=plan))

    assert NextStep(Step.REVIEW_CONFERENCE, 40) in offered
    assert Step.CLOSE_REFERRAL not in [s.step for s in offered]


def test_a_child_in_need_plan_keeps_the_referral_open() -> None:
    plan = PlanState(id=50, start_date=date(2025, 3, 13))

    assert Step.CLOSE_REFERRAL not in steps(referral=REFERRAL, cin_plan=plan)


def test_a_strategy_discussion_is_not_offered_before_the_referral_opens() -> None:
    tomorrow = ReferralState(id=10, referral_date=date(2025, 3, 17))

    assert Step.STRATEGY_DISCUSSION not in steps(referral=tomorrow)


@given(
    statuses=st.lists(
        st.sampled_from(["started", "submitted", "authorised"]), min_size=0, max_size=3
    )
)
def test_start_an_assessment_is_offered_exactly_when_the_service_would_accept_it(
    statuses: list[str],
) -> None:
    kinds = {"started": STARTED, "submitted": SUBMITTED, "authorised": AUTHORISED}
    assessments = tuple(kinds[s] for s in statuses)
    state = CaseState(today=TODAY, referral=REFERRAL, assessments=assessments)

    accepted = holds(
        assessment_may_start(
            in_progress=any(a.authorised_date is None for a in assessments),
            authorised_date=max(
                (a.authorised_date for a in assessments if a.authorised_date), default=None
            ),
        )
    )

    assert (Step.START_ASSESSMENT in [s.step for s in next_steps(state)]) == accepted
    assert accepted == (not assessments)


# --- Child in need plans and core groups -------------------------------------------------------

CIN_PLAN = PlanState(id=50, start_date=date(2025, 3, 10))
PROTECTION_PLAN = PlanState(id=40, start_date=date(2025, 2, 3))


def test_a_child_in_need_plan_is_offered_inside_an_open_referral() -> None:
    offered = next_steps(CaseState(today=TODAY, referral=REFERRAL))

    assert NextStep(Step.START_CIN_PLAN, 10) in offered
    assert Step.START_CIN_PLAN not in steps()  # no referral: nothing to start it in


def test_no_child_in_need_plan_is_offered_during_a_protection_plan() -> None:
    offered = steps(referral=REFERRAL, protection_plan=PROTECTION_PLAN)

    assert Step.START_CIN_PLAN not in offered


def test_a_second_child_in_need_plan_is_not_offered_but_the_open_one_is_reviewed_and_ended():
    offered = next_steps(CaseState(today=TODAY, referral=REFERRAL, cin_plan=CIN_PLAN))

    assert Step.START_CIN_PLAN not in [s.step for s in offered]
    assert NextStep(Step.REVIEW_CIN_PLAN, 50) in offered
    assert NextStep(Step.END_CIN_PLAN, 50) in offered


def test_a_child_in_need_plan_is_reviewed_and_ended_even_after_its_referral_closed() -> None:
    # The plan is the child's: the steps act on it, whatever referral is open.
    offered = next_steps(CaseState(today=TODAY, cin_plan=CIN_PLAN))

    assert offered == [
        NextStep(Step.OPEN_REFERRAL, None),
        NextStep(Step.REVIEW_CIN_PLAN, 50),
        NextStep(Step.END_CIN_PLAN, 50),
    ]


def test_a_child_in_need_plan_is_not_offered_before_the_referral_opens() -> None:
    tomorrow = ReferralState(id=10, referral_date=date(2025, 3, 17))

    assert Step.START_CIN_PLAN not in steps(referral=tomorrow)


def test_an_ended_child_in_need_plan_offers_neither_its_review_nor_its_end() -> None:
    ended = PlanState(id=50, start_date=date(2025, 1, 10), end_date=date(2025, 3, 1))

    offered = steps(referral=REFERRAL, cin_plan=ended)

    assert Step.REVIEW_CIN_PLAN not in offered and Step.END_CIN_PLAN not in offered


def test_a_protection_plan_offers_its_core_group_meeting_and_an_ended_one_does_not() -> None:
    offered = next_steps(CaseState(today=TODAY, referral=REFERRAL, protection_plan=PROTECTION_PLAN))
    ended = PlanState(id=40, start_date=date(2025, 2, 3), end_date=date(2025, 3, 3))

    assert NextStep(Step.CORE_GROUP, 40) in offered
    assert Step.CORE_GROUP not in steps(referral=REFERRAL, protection_plan=ended)
    assert Step.CORE_GROUP not in steps(referral=REFERRAL, cin_plan=CIN_PLAN)


@given(
    referral_days=st.integers(min_value=-5, max_value=5),
    on_protection_plan=st.booleans(),
    has_cin_plan=st.booleans(),
)
def test_start_a_child_in_need_plan_is_offered_exactly_when_the_service_would_accept_today(
    referral_days: int, on_protection_plan: bool, has_cin_plan: bool
) -> None:
    referral = ReferralState(
        id=10, referral_date=date.fromordinal(TODAY.toordinal() + referral_days)
    )
    state = CaseState(
        today=TODAY,
        referral=referral,
        protection_plan=PROTECTION_PLAN if on_protection_plan else None,
        cin_plan=CIN_PLAN if has_cin_plan else None,
    )

    # What `services.cin_plan_start` asks, for a plan starting today.
    accepted = holds(
        within_open_referral(referral.facts, "start_date", TODAY),
        cin_plan_not_during_protection_plan(on_protection_plan),
        one_open_cin_plan(has_cin_plan),
    )

    assert (Step.START_CIN_PLAN in [s.step for s in next_steps(state)]) == accepted
    assert accepted == (referral_days <= 0 and not on_protection_plan and not has_cin_plan)
