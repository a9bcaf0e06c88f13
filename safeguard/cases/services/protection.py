"""Child protection: strategy discussions, section 47 enquiries, conferences, plans, core groups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max

from safeguard.organisation.models import Worker
from safeguard.timescales.clocks import clocks_with_local_overrides, local_timescales

from ..models import (
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    CoreGroupMeeting,
    ManagementDecision,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
)
from ..workflow import rules
from ..workflow.rules import ConferenceFacts, check
from ._base import (
    _dates_ok,
    _decision,
    _lock_child,
    _save,
    _today,
    referral_facts,
)

__all__ = [
    "core_group_record",
    "initial_conference_record",
    "review_conference_record",
    "section47_complete",
    "strategy_discussion_record",
]


def strategy_discussion_record(
    *,
    referral: Referral,
    discussion_date: date,
    section47_started: bool,
    agencies_present: str = "",
    rationale: str = "",
) -> StrategyDiscussion:
    """Record a strategy discussion; if it starts a section 47 enquiry, the enquiry starts on
    the same day (census S47ActualStartDate)."""
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        child = referral.child
        violations = _dates_ok(child, {"discussion_date": discussion_date})
        if section47_started:
            violations += rules.section47_requires_open_referral(
                referral_facts(referral), discussion_date
            )
        else:
            violations += rules.within_open_referral(
                referral_facts(referral), "discussion_date", discussion_date
            )
        check(violations)
        discussion = StrategyDiscussion(
            referral=referral,
            child=child,
            discussion_date=discussion_date,
            section47_started=section47_started,
            agencies_present=agencies_present,
            rationale=rationale,
        )
        _save(discussion)
        if section47_started:
            enquiry = Section47Enquiry(
                referral=referral,
                child=child,
                strategy_discussion=discussion,
                start_date=discussion_date,
            )
            _save(enquiry)
        return discussion


def section47_complete(
    *,
    enquiry: Section47Enquiry,
    completed_date: date,
    outcome: str,
    conference_required: bool,
) -> Section47Enquiry:
    with transaction.atomic():
        enquiry = Section47Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        violations = rules.dates_not_in_future(_today(), {"completed_date": completed_date})
        violations += rules.section47_completed_not_before_start(enquiry.start_date, completed_date)
        violations += rules.section47_completed_once(enquiry.completed_date)
        check(violations)
        enquiry.completed_date = completed_date
        enquiry.outcome = outcome
        enquiry.conference_required = conference_required
        _save(enquiry)
        return enquiry


def initial_conference_record(
    *,
    enquiry: Section47Enquiry,
    conference_date: date,
    outcome: str,
    chair: Worker | None,
    category: str = "",
    is_transfer_in: bool = False,
    agencies_present: str = "",
    reports_from: str = "",
    attendees: str = "",
    parents_participation: str = "",
    child_participation: str = "",
    plan_outline: str = "",
    next_core_group_date: date | None = None,
    next_review_date: date | None = None,
) -> ChildProtectionConference:
    """Record an initial child protection conference; a 'plan' outcome starts the plan that day
    (Working Together 2023, ch. 2), with the outline plan it agreed, the first core group
    (within the `first_core_group` clock) and the first review (`first_review_conference`)."""
    with transaction.atomic():
        child = _lock_child(enquiry.child)
        enquiry = Section47Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        referral = enquiry.referral
        violations = _dates_ok(child, {"conference_date": conference_date})
        violations += rules.initial_conference_dates(
            referral_facts(referral), enquiry.start_date, conference_date
        )
        # The same rule decides whether the record offers the initial conference.
        held = enquiry.initial_conferences.aggregate(m=Max("conference_date"))["m"]
        violations += rules.initial_conference_awaited(
            conference_required=enquiry.conference_required, initial_conference_date=held
        )
        if outcome == ChildProtectionConference.Outcome.PLAN:
            open_plan = ChildProtectionPlan.objects.filter(
                child=child, end_date__isnull=True
            ).first()
            violations += rules.one_open_protection_plan(
                open_plan.start_date if open_plan else None
            )
            violations += rules.plan_starts_at_initial_conference(
                ConferenceFacts("initial", conference_date, outcome), conference_date
            )
            # The plan ends the open child in need plan on this date, which cannot be before
            # that plan started (without this, the end date breaks a check constraint).
            open_cin_plan = ChildInNeedPlan.objects.filter(
                child=child, end_date__isnull=True
            ).first()
            violations += rules.protection_plan_not_before_cin_plan(
                open_cin_plan.start_date if open_cin_plan else None, conference_date
            )
            violations += rules.plan_has_category(category)
        taking_part = _TakingPart(
            agencies_present, reports_from, attendees, parents_participation, child_participation
        )
        agreed = _PlanAgreed(plan_outline, next_core_group_date, next_review_date)
        violations += _conference_checks(
            "initial", conference_date, outcome, taking_part, agreed, referral
        )
        check(violations)
        conference = ChildProtectionConference(
            kind=ChildProtectionConference.Kind.INITIAL,
            referral=referral,
            child=child,
            section47_enquiry=enquiry,
            conference_date=conference_date,
            outcome=outcome,
            chair=chair,
            is_transfer_in=is_transfer_in,
            **taking_part.fields(),
            **agreed.fields(),
        )
        _save(conference)
        if outcome == ChildProtectionConference.Outcome.PLAN:
            plan = ChildProtectionPlan(
                child=child,
                referral=referral,
                initial_conference=conference,
                start_date=conference_date,
                initial_category=category,
                latest_category=category,
            )
            _save(plan)
            # Census 4000s: a child in need plan does not run alongside a protection plan.
            for cin_plan in ChildInNeedPlan.objects.filter(child=child, end_date__isnull=True):
                cin_plan.end_date = conference_date
                _save(cin_plan)
        return conference


def review_conference_record(
    *,
    plan: ChildProtectionPlan,
    conference_date: date,
    outcome: str,
    chair: Worker | None,
    latest_category: str = "",
    rationale: str = "",
    agencies_present: str = "",
    reports_from: str = "",
    attendees: str = "",
    parents_participation: str = "",
    child_participation: str = "",
    plan_outline: str = "",
    next_core_group_date: date | None = None,
    next_review_date: date | None = None,
) -> ChildProtectionConference:
    """A review conference continues the plan (optionally with a new category), revising its
    outline and setting the next core group and review (within `later_review_conference`),
    or ends it. Ending it is a step-down decision: with a chair named, its rationale is
    recorded (Working Together 2023, ch. 2)."""
    with transaction.atomic():
        plan = ChildProtectionPlan.objects.select_for_update().get(pk=plan.pk)
        child = plan.child
        violations = _dates_ok(child, {"conference_date": conference_date})
        violations += rules.review_needs_open_plan(plan.end_date)
        last = plan.review_conferences.aggregate(m=Max("conference_date"))["m"] or plan.start_date
        violations += rules.review_after_previous_conference(last, conference_date)
        violations += rules.review_category_known(latest_category)
        ending = outcome == ChildProtectionConference.Outcome.END_PLAN
        if ending and chair is not None:
            violations += rules.decision_needs_rationale(rationale)
        taking_part = _TakingPart(
            agencies_present, reports_from, attendees, parents_participation, child_participation
        )
        agreed = _PlanAgreed(plan_outline, next_core_group_date, next_review_date)
        violations += _conference_checks(
            "review", conference_date, outcome, taking_part, agreed, plan.referral
        )
        check(violations)
        conference = ChildProtectionConference(
            kind=ChildProtectionConference.Kind.REVIEW,
            referral=plan.referral,
            child=child,
            plan=plan,
            conference_date=conference_date,
            outcome=outcome,
            chair=chair,
            **taking_part.fields(),
            **agreed.fields(),
        )
        _save(conference)
        if latest_category:
            plan.latest_category = latest_category
        if ending:
            plan.end_date = conference_date
        _save(plan)
        if ending and chair is not None:
            _decision(
                child=child,
                kind=ManagementDecision.Kind.STEP_DOWN,
                decision="Child protection plan ended at review conference",
                rationale=rationale,
                decided_by=chair,
                subject=conference,
            )
        return conference


@dataclass(frozen=True)
class _TakingPart:
    """Who took part in a conference, as the record keeps it."""

    agencies_present: str
    reports_from: str
    attendees: str
    parents_participation: str
    child_participation: str

    def fields(self) -> dict[str, str]:
        return {
            "agencies_present": self.agencies_present.strip(),
            "reports_from": self.reports_from.strip(),
            "attendees": self.attendees.strip(),
            "parents_participation": self.parents_participation,
            "child_participation": self.child_participation,
        }


@dataclass(frozen=True)
class _PlanAgreed:
    """The outline plan a conference agreed and the dates it set."""

    plan_outline: str
    next_core_group_date: date | None
    next_review_date: date | None

    def fields(self) -> dict[str, Any]:
        return {
            "plan_outline": self.plan_outline.strip(),
            "next_core_group_date": self.next_core_group_date,
            "next_review_date": self.next_review_date,
        }


def _conference_checks(
    kind: str,
    conference_date: date,
    outcome: str,
    taking_part: _TakingPart,
    agreed: _PlanAgreed,
    referral: Referral,
) -> list[rules.Violation]:
    """What every conference records: who took part and, when the plan starts or goes on,
    the plan and its next dates within the clocks in the authority's own lengths."""
    clocks = clocks_with_local_overrides(local_timescales(referral.team.authority))
    return (
        rules.conference_agencies_present(taking_part.agencies_present)
        + rules.conference_attendees_given(taking_part.attendees)
        + rules.conference_participation_given(
            taking_part.parents_participation, taking_part.child_participation
        )
        + rules.conference_plan_given(
            kind=kind,
            outcome=outcome,
            plan_outline=agreed.plan_outline,
            next_core_group_date=agreed.next_core_group_date,
            next_review_date=agreed.next_review_date,
        )
        + rules.conference_planned_dates(
            kind=kind,
            conference_date=conference_date,
            next_core_group_date=agreed.next_core_group_date,
            next_review_date=agreed.next_review_date,
            clocks=clocks,
        )
    )


def core_group_record(
    *, plan: ChildProtectionPlan, meeting_date: date, notes: str = ""
) -> CoreGroupMeeting:
    """Record a core group meeting of an open child protection plan, from the day the plan
    started (Working Together 2023, ch. 2: the first within the `first_core_group` clock)."""
    with transaction.atomic():
        plan = ChildProtectionPlan.objects.select_for_update().get(pk=plan.pk)
        check(
            rules.core_group_needs_open_plan(plan.end_date),
            _dates_ok(plan.child, {"meeting_date": meeting_date}),
            rules.core_group_within_plan(plan.start_date, meeting_date),
        )
        meeting = CoreGroupMeeting(
            plan=plan, child=plan.child, meeting_date=meeting_date, notes=notes
        )
        _save(meeting)
        return meeting
