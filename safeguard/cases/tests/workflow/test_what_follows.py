"""`workflow.what_follows`: what the record says follows an outcome (no database).

Due dates are worked by hand from the working-day calendar: Friday 14 March 2025 plus 10
working days is Friday 28 March; plus 15 is Friday 4 April; 3 months is 14 June.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from safeguard.cases.workflow import what_follows
from safeguard.cases.workflow.next_steps import CaseState, PlanState
from safeguard.common import codes
from safeguard.timescales.clocks import CLOCKS, clocks_with_local_overrides

TODAY = date(2025, 3, 14)
Outcome = codes.AssessmentOutcome
CASE = CaseState(today=TODAY)
ON_PLAN = replace(CASE, protection_plan=PlanState(id=1, start_date=date(2025, 1, 31)))


def test_a_child_in_need_plan_is_not_needed_for_a_child_on_a_protection_plan() -> None:
    [said] = what_follows.after_assessment_authorised(
        outcome=Outcome.CHILD_IN_NEED_PLAN, state=ON_PLAN
    )

    assert said == (
        "The child is on a child protection plan (since 31 January 2025): a child in need plan "
        "is not needed while that plan lasts. If a review conference ends the plan, a child in "
        "need plan can follow."
    )


def test_a_child_in_need_plan_follows_with_its_review_clock_in_the_authoritys_length() -> None:
    clocks = clocks_with_local_overrides({"CIN_REVIEW_MONTHS": 2})

    [said] = what_follows.after_assessment_authorised(
        outcome=Outcome.CHILD_IN_NEED_PLAN, state=CASE, clocks=clocks
    )

    assert said == (
        "Next, a child in need plan with the family. Its first review is due within 2 months "
        "of the day it starts."
    )


def test_a_child_who_has_a_child_in_need_plan_needs_no_new_one() -> None:
    state = replace(CASE, cin_plan=PlanState(id=2, start_date=date(2024, 11, 4)))

    [said] = what_follows.after_assessment_authorised(
        outcome=Outcome.CHILD_IN_NEED_PLAN, state=state
    )

    assert said.startswith("The child already has a child in need plan (since 4 November 2024)")


@pytest.mark.parametrize(
    ("outcome", "words"),
    [
        (Outcome.NO_FURTHER_ACTION, "'Closed after assessment, no further action'"),
        (Outcome.EARLY_HELP, "'Closed after assessment, referred to early help'"),
        (Outcome.STRATEGY_DISCUSSION, "due within 15 working days of it"),
        (Outcome.LOOKED_AFTER, "due within 20 working days of that day"),
    ],
)
def test_each_assessment_outcome_names_its_next_step(outcome: str, words: str) -> None:
    [said] = what_follows.after_assessment_authorised(outcome=outcome, state=CASE)

    assert said.startswith("Next, ") and words in said


def test_a_child_already_looked_after_is_told_so() -> None:
    state = replace(CASE, care_period=PlanState(id=3, start_date=date(2024, 6, 3)))

    assert what_follows.after_assessment_authorised(outcome=Outcome.LOOKED_AFTER, state=state) == [
        "The child is already looked after (since 3 June 2024)."
    ]


def test_the_submitted_assessment_is_due_from_the_referral() -> None:
    [said] = what_follows.after_assessment_submitted(referral_date=date(2025, 3, 3), today=TODAY)

    due = CLOCKS["assessment"].due_from(date(2025, 3, 3))
    assert said == (
        "Your manager authorises it or returns it to you. The assessment is due by "
        f"{due.day} {due:%B %Y}, 45 working days from the referral."
    )


def test_an_enquiry_started_at_a_strategy_discussion_sets_the_conference_due_date() -> None:
    [said] = what_follows.after_strategy_discussion(
        discussion_date=TODAY, section47_started=True, today=TODAY
    )

    assert "initial child protection conference is due by 4 April 2025, 15 working days" in said
    assert (
        what_follows.after_strategy_discussion(
            discussion_date=TODAY, section47_started=False, today=TODAY
        )
        == []
    )


def test_a_conference_due_date_already_passed_is_called_overdue() -> None:
    [said] = what_follows.after_section47(
        start_date=date(2025, 1, 13), conference_required=True, today=TODAY
    )

    assert said == (
        "Next, the initial child protection conference. It was due by 3 February 2025, 15 "
        "working days from the strategy discussion, and is overdue."
    )


def test_an_enquiry_that_needs_no_conference_leaves_the_support_to_the_assessment() -> None:
    [said] = what_follows.after_section47(
        start_date=date(2025, 3, 5), conference_required=False, today=TODAY
    )

    assert said.startswith("No initial conference is needed.")


def test_a_plan_starts_the_core_group_review_and_visit_clocks() -> None:
    said = what_follows.after_initial_conference(
        conference_date=TODAY, plan_started=True, today=TODAY
    )

    assert said == [
        "The first core group meeting is due by 28 March 2025, 10 working days from the "
        "conference. The first review conference is due by 14 June 2025, 3 months from the "
        "conference.",
        "Visit the child at least every 10 working days, seeing them alone where appropriate.",
    ]


def test_a_plan_says_the_dates_the_conference_set_within_the_clocks() -> None:
    said = what_follows.after_initial_conference(
        conference_date=TODAY,
        plan_started=True,
        today=TODAY,
        next_core_group_date=date(2025, 3, 21),
        next_review_date=date(2025, 6, 6),
    )

    assert said[0] == (
        "The first core group meeting is planned for 21 March 2025 and is due by 28 March "
        "2025, 10 working days from the conference. The first review conference is planned "
        "for 6 June 2025 and is due by 14 June 2025, 3 months from the conference."
    )


def test_a_continuing_plan_says_its_next_core_group_and_review_dates() -> None:
    assert what_follows.after_review_conference(
        conference_date=TODAY,
        plan_ended=False,
        today=TODAY,
        next_core_group_date=date(2025, 4, 11),
        next_review_date=date(2025, 9, 5),
    ) == [
        "The next core group meeting is planned for 11 April 2025. The next review conference "
        "is planned for 5 September 2025 and is due by 14 September 2025, 6 months from this "
        "one."
    ]


def test_no_plan_at_the_initial_conference_leaves_the_support_to_the_assessment() -> None:
    [said] = what_follows.after_initial_conference(
        conference_date=TODAY, plan_started=False, today=TODAY
    )

    assert said.startswith("No child protection plan.")


def test_a_continuing_plan_is_reviewed_again_within_six_months() -> None:
    assert what_follows.after_review_conference(
        conference_date=TODAY, plan_ended=False, today=TODAY
    ) == ["The next review conference is due by 14 September 2025, 6 months from this one."]


def test_an_ended_plan_steps_down_to_a_child_in_need_plan_or_closes() -> None:
    [said] = what_follows.after_review_conference(
        conference_date=TODAY, plan_ended=True, today=TODAY
    )

    assert "a child in need plan follows" in said and "close the referral" in said


# --- Child in need plans and core groups -------------------------------------------------------


def test_a_child_in_need_plan_starts_its_review_and_visit_clocks_in_the_authoritys_lengths():
    clocks = clocks_with_local_overrides({"CIN_REVIEW_MONTHS": 2, "CIN_VISIT_WORKING_DAYS": 15})

    [said] = what_follows.after_cin_plan_started(start_date=TODAY, today=TODAY, clocks=clocks)

    # Two months from Friday 14 March 2025; the visit length as the authority sets it.
    assert said == (
        "The first review of the plan is due by 14 May 2025, 2 months from the start of the "
        "plan. Visit the child at least every 15 working days."
    )


def test_a_child_in_need_plan_started_long_ago_says_its_first_review_is_overdue() -> None:
    [said] = what_follows.after_cin_plan_started(start_date=date(2024, 11, 1), today=TODAY)

    assert said.startswith(
        "The first review of the plan was due by 1 February 2025, 3 months from the start of "
        "the plan, and is overdue."
    )


def test_a_review_that_continues_the_plan_sets_the_next_review_and_one_that_ends_it_does_not():
    [continues] = what_follows.after_cin_plan_review(
        review_date=TODAY, plan_ended=False, today=TODAY
    )
    [ends] = what_follows.after_cin_plan_review(review_date=TODAY, plan_ended=True, today=TODAY)

    assert (
        continues == "The next review of the plan is due by 14 June 2025, 3 months from this one."
    )
    assert ends == what_follows.after_cin_plan_ended()[0]
    assert ends.startswith("If the child needs no more support from children's social care")


@pytest.mark.parametrize(
    ("meeting", "when"),
    # 10 working days from Monday 3 February 2025 is Monday 17 February.
    [(date(2025, 2, 17), "in time"), (date(2025, 2, 18), "late")],
)
def test_the_first_core_group_is_told_whether_it_met_its_clock(meeting: date, when: str) -> None:
    [said] = what_follows.after_core_group(
        plan_start=date(2025, 2, 3), meeting_date=meeting, earlier_meetings=()
    )

    assert said == (
        f"This was the plan's first core group meeting, held {when}: it was due by 17 February "
        f"2025, {CLOCKS['first_core_group'].period} from the initial conference."
    )


def test_a_later_core_group_meeting_has_no_clock_to_report() -> None:
    assert (
        what_follows.after_core_group(
            plan_start=date(2025, 2, 3),
            meeting_date=date(2025, 3, 10),
            earlier_meetings=[date(2025, 2, 12)],
        )
        == []
    )
    # A meeting recorded late, dated before the earliest one held, is the first.
    assert what_follows.after_core_group(
        plan_start=date(2025, 2, 3),
        meeting_date=date(2025, 2, 10),
        earlier_meetings=[date(2025, 2, 12)],
    )
