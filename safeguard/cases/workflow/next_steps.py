"""What may be done next on a child's case: one answer, asked by the page and the service.

`next_steps(state)` lists the statutory steps that may be recorded now, each on the episode
it acts on. The child record offers exactly these; each step's service refuses the same step
when the same named rule (`workflow.rules`) does not hold. Both ask the rule, neither
re-writes it, so the record never offers what the last click would refuse.

Plain facts in (`CaseState`: what is open on the case, read by the selectors), plain answers
out: no ORM, tested in milliseconds (`cases/tests/workflow/test_next_steps.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .rules import (
    OpenWork,
    ReferralFacts,
    assessment_awaiting_authorisation,
    assessment_may_start,
    assessment_open_to_change,
    care_period_ended_once,
    care_plan_recorded_once,
    care_review_before_care_ended,
    cin_plan_not_during_protection_plan,
    cin_plan_still_open,
    core_group_needs_open_plan,
    holds,
    initial_conference_awaited,
    one_open_care_period,
    one_open_cin_plan,
    one_open_referral,
    placement_needs_open_period,
    referral_closed_once,
    referral_work_finished,
    review_needs_open_plan,
    section47_completed_once,
    within_open_referral,
)


class Step(StrEnum):
    """A statutory step a page records (the record names each one's page)."""

    OPEN_REFERRAL = "open_referral"
    START_ASSESSMENT = "start_assessment"
    CONTINUE_ASSESSMENT = "continue_assessment"
    REVIEW_ASSESSMENT = "review_assessment"
    STRATEGY_DISCUSSION = "strategy_discussion"
    COMPLETE_SECTION47 = "complete_section47"
    INITIAL_CONFERENCE = "initial_conference"
    REVIEW_CONFERENCE = "review_conference"
    CORE_GROUP = "core_group"
    START_CIN_PLAN = "start_cin_plan"
    REVIEW_CIN_PLAN = "review_cin_plan"
    END_CIN_PLAN = "end_cin_plan"
    START_CARE = "start_care"
    RECORD_CARE_PLAN = "record_care_plan"
    CHANGE_PLACEMENT = "change_placement"
    CARE_REVIEW = "care_review"
    END_CARE = "end_care"
    CLOSE_REFERRAL = "close_referral"


@dataclass(frozen=True)
class ReferralState:
    id: int
    referral_date: date
    closure_date: date | None = None

    @property
    def facts(self) -> ReferralFacts:
        return ReferralFacts(self.referral_date, self.closure_date)


@dataclass(frozen=True)
class AssessmentState:
    id: int
    start_date: date
    submitted_date: date | None = None
    authorised_date: date | None = None
    outcome: str = ""


@dataclass(frozen=True)
class EnquiryState:
    id: int
    start_date: date
    completed_date: date | None = None
    conference_required: bool | None = None
    initial_conference_date: date | None = None


@dataclass(frozen=True)
class PlanState:
    """A child protection plan, child in need plan or period of care."""

    id: int
    start_date: date
    end_date: date | None = None
    # A period of care only: the day its first care plan was agreed.
    care_plan_date: date | None = None


@dataclass(frozen=True)
class CaseState:
    """What is open on a child's case today: the open referral with the assessments and
    section 47 enquiries recorded in it, and the child's open plans and period of care."""

    today: date
    referral: ReferralState | None = None
    assessments: tuple[AssessmentState, ...] = ()
    enquiries: tuple[EnquiryState, ...] = ()
    protection_plan: PlanState | None = None
    cin_plan: PlanState | None = None
    care_period: PlanState | None = None

    @property
    def assessment_in_progress(self) -> AssessmentState | None:
        return next((a for a in self.assessments if a.authorised_date is None), None)

    @property
    def assessment_authorised(self) -> date | None:
        """When the referral's assessment was authorised, if it was."""
        return max((a.authorised_date for a in self.assessments if a.authorised_date), default=None)

    def open_work(self) -> OpenWork:
        """The facts `rules.referral_work_finished` asks, as `referral_close` reads them."""
        return OpenWork(
            assessments_unauthorised=sum(1 for a in self.assessments if a.authorised_date is None),
            section47_enquiries_open=sum(1 for e in self.enquiries if e.completed_date is None),
            protection_plans_open=int(self.protection_plan is not None),
            cin_plans_open=int(self.cin_plan is not None),
            care_periods_open=int(
                self.care_period is not None and self.care_period.end_date is None
            ),
        )


@dataclass(frozen=True)
class NextStep:
    step: Step
    # The referral, assessment, enquiry or plan the step acts on; None: the child.
    subject_id: int | None


def next_steps(state: CaseState) -> list[NextStep]:
    """The steps that may be recorded next on this case, in the order of the statutory
    journey (Working Together 2023, ch. 3): each offered exactly when the rule its service
    checks holds on these facts."""
    steps: list[NextStep] = []
    referral = state.referral
    if holds(one_open_referral(referral.referral_date if referral else None)):
        steps.append(NextStep(Step.OPEN_REFERRAL, None))
    if referral is not None:
        in_progress = state.assessment_in_progress
        if holds(
            assessment_may_start(
                in_progress=in_progress is not None,
                authorised_date=state.assessment_authorised,
            )
        ):
            steps.append(NextStep(Step.START_ASSESSMENT, referral.id))
        if in_progress is not None:
            submitted, authorised = in_progress.submitted_date, in_progress.authorised_date
            if holds(assessment_awaiting_authorisation(submitted, authorised)):
                steps.append(NextStep(Step.REVIEW_ASSESSMENT, in_progress.id))
            elif holds(assessment_open_to_change(submitted, authorised)):
                steps.append(NextStep(Step.CONTINUE_ASSESSMENT, in_progress.id))
        if holds(within_open_referral(referral.facts, "discussion_date", state.today)):
            steps.append(NextStep(Step.STRATEGY_DISCUSSION, referral.id))
        for enquiry in state.enquiries:
            if holds(section47_completed_once(enquiry.completed_date)):
                steps.append(NextStep(Step.COMPLETE_SECTION47, enquiry.id))
        for enquiry in state.enquiries:
            if holds(
                initial_conference_awaited(
                    conference_required=enquiry.conference_required,
                    initial_conference_date=enquiry.initial_conference_date,
                )
            ):
                steps.append(NextStep(Step.INITIAL_CONFERENCE, enquiry.id))
        # A child in need plan (Children Act 1989 s.17) starts inside the open referral, not
        # alongside a protection plan and not beside another open one (census 4003, 4010-4017).
        if holds(
            within_open_referral(referral.facts, "start_date", state.today),
            cin_plan_not_during_protection_plan(state.protection_plan is not None),
            one_open_cin_plan(state.cin_plan is not None),
        ):
            steps.append(NextStep(Step.START_CIN_PLAN, referral.id))
        # A looked-after child is a child in need: care starts inside the open referral, and
        # a child is in one period of care at a time (SSDA903 episodes do not overlap).
        if holds(
            within_open_referral(referral.facts, "start_date", state.today),
            one_open_care_period(state.care_period is not None),
        ):
            steps.append(NextStep(Step.START_CARE, referral.id))
    plan = state.protection_plan
    if plan is not None and holds(review_needs_open_plan(plan.end_date)):
        steps.append(NextStep(Step.REVIEW_CONFERENCE, plan.id))
    if plan is not None and holds(core_group_needs_open_plan(plan.end_date)):
        steps.append(NextStep(Step.CORE_GROUP, plan.id))
    cin_plan = state.cin_plan
    if cin_plan is not None and holds(cin_plan_still_open(cin_plan.end_date)):
        steps.append(NextStep(Step.REVIEW_CIN_PLAN, cin_plan.id))
        steps.append(NextStep(Step.END_CIN_PLAN, cin_plan.id))
    # The open period of care's steps act on the child's period (their pages find it).
    care = state.care_period
    if care is not None and holds(care_plan_recorded_once(care.care_plan_date)):
        steps.append(NextStep(Step.RECORD_CARE_PLAN, None))
    if care is not None and holds(placement_needs_open_period(care.end_date)):
        steps.append(NextStep(Step.CHANGE_PLACEMENT, None))
    if care is not None and holds(care_review_before_care_ended(care.end_date, state.today)):
        steps.append(NextStep(Step.CARE_REVIEW, None))
    if care is not None and holds(care_period_ended_once(care.end_date)):
        steps.append(NextStep(Step.END_CARE, None))
    if (
        referral is not None
        and holds(referral_closed_once(referral.closure_date))
        and holds(referral_work_finished(state.open_work()))
    ):
        steps.append(NextStep(Step.CLOSE_REFERRAL, referral.id))
    return steps
