"""`workflow.next_steps` for a looked-after child (no database): becoming looked after is
offered inside the open referral, and the period of care's steps while it is open, each
exactly when the rule its service checks holds."""

from __future__ import annotations

from datetime import date

from safeguard.cases.workflow.next_steps import (
    CaseState,
    NextStep,
    PlanState,
    ReferralState,
    Step,
    next_steps,
)

TODAY = date(2025, 3, 14)
REFERRAL = ReferralState(id=10, referral_date=date(2025, 3, 3))
CARE = PlanState(id=30, start_date=date(2025, 3, 5))
CARE_STEPS = [Step.RECORD_CARE_PLAN, Step.CHANGE_PLACEMENT, Step.CARE_REVIEW, Step.END_CARE]


def steps(**facts: object) -> list[Step]:
    return [s.step for s in next_steps(CaseState(today=TODAY, **facts))]  # type: ignore[arg-type]


def test_a_child_becomes_looked_after_from_their_open_referral() -> None:
    assert NextStep(Step.START_CARE, 10) in next_steps(CaseState(today=TODAY, referral=REFERRAL))
    assert Step.START_CARE not in steps()  # no referral: nothing to start it in


def test_a_referral_accepted_tomorrow_has_nothing_to_start_care_in_today() -> None:
    tomorrow = ReferralState(id=10, referral_date=date(2025, 3, 15))

    assert Step.START_CARE not in steps(referral=tomorrow)


def test_a_looked_after_child_is_not_offered_a_second_period_of_care() -> None:
    assert Step.START_CARE not in steps(referral=REFERRAL, care_period=CARE)


def test_the_open_period_offers_its_care_plan_moves_reviews_and_ending_on_the_child() -> None:
    offered = [
        s for s in next_steps(CaseState(today=TODAY, care_period=CARE)) if s.step in CARE_STEPS
    ]

    assert offered == [NextStep(step, None) for step in CARE_STEPS]


def test_a_care_plan_already_recorded_is_not_offered_again() -> None:
    planned = PlanState(id=30, start_date=date(2025, 3, 5), care_plan_date=date(2025, 3, 4))

    assert steps(care_period=planned) == [
        Step.OPEN_REFERRAL,
        Step.CHANGE_PLACEMENT,
        Step.CARE_REVIEW,
        Step.END_CARE,
    ]


def test_a_child_not_looked_after_is_offered_none_of_the_periods_steps() -> None:
    assert set(steps(referral=REFERRAL)).isdisjoint(CARE_STEPS)


def test_the_referral_is_not_offered_for_closing_while_the_child_is_looked_after() -> None:
    # A looked-after child is a child in need: their episode stays open while they are in care.
    assert Step.CLOSE_REFERRAL not in steps(referral=REFERRAL, care_period=CARE)
    ended = PlanState(id=30, start_date=date(2025, 3, 5), end_date=date(2025, 3, 12))
    assert Step.CLOSE_REFERRAL in steps(referral=REFERRAL, care_period=ended)
