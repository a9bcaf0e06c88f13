"""Child protection: strategy discussion, section 47 enquiry, conferences and the plan."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from safeguard.access.roles import Role
from safeguard.accounts.access import requires
from safeguard.common import codes
from safeguard.common.forms import day_text
from safeguard.organisation.models import Worker
from safeguard.timescales.clocks import Clock, clocks_with_local_overrides, local_timescales

from ... import selectors, services
from ...forms_actions import (
    CoreGroupForm,
    InitialConferenceForm,
    ReviewConferenceForm,
    Section47OutcomeForm,
    StrategyDiscussionForm,
    agencies_present,
    reports_from,
)
from ...models import ChildProtectionConference, ChildProtectionPlan, Referral, Section47Enquiry
from ...workflow import rules, what_follows
from .flow import Answers, StatutoryAction, run, signed_in_worker

MANAGE = "child.manage_episodes"
CONFERENCE = "conference.record"
Outcome = codes.ConferenceOutcome


def _chair(request: HttpRequest) -> tuple[Worker | None, dict[str, Any]]:
    """A conference chair records their own conference; anyone else chooses who chaired it.
    Returns the chair (if known now) and the form's arguments."""
    worker = signed_in_worker(request)
    if worker.role == Role.CONFERENCE_CHAIR:
        return worker, {}
    return None, {"chairs": selectors.conference_chairs_list(authority=worker.authority)}


def _enquiry_facts(enquiry: Section47Enquiry) -> list[tuple[str, str]]:
    return [
        ("Referral date", day_text(enquiry.referral.referral_date)),
        ("Section 47 enquiry started", day_text(enquiry.start_date)),
    ]


@requires(MANAGE)
def strategy_discussion_record(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.referral_get_for_action(
        user=request.user, referral_id=referral_id, permission=MANAGE, request=request
    )

    def record(answers: dict[str, Any]) -> str:
        services.strategy_discussion_record(
            referral=referral,
            discussion_date=answers["discussion_date"],
            section47_started=answers["section47_started"],
            agencies_present=agencies_present(answers),
            rationale=answers["rationale"],
        )
        if answers["section47_started"]:
            return "Strategy discussion recorded. The section 47 enquiry has started."
        return "Strategy discussion recorded. No section 47 enquiry started."

    return run(
        request,
        StatutoryAction(
            child=referral.child,
            title="Record a strategy discussion",
            form_class=StrategyDiscussionForm,
            record=record,
            draft_key=f"strategy-discussion-{referral.pk}",
            facts=[("Referral date", day_text(referral.referral_date))],
            # A section 47 enquiry starts on the day of the discussion (census S47ActualStartDate).
            field_map={"start_date": "discussion_date"},
            checks=lambda answers: _within_referral(referral, "discussion_date", answers),
            follows=lambda answers: what_follows.after_strategy_discussion(
                discussion_date=answers["discussion_date"],
                section47_started=answers["section47_started"],
                today=timezone.localdate(),
            ),
        ),
    )


@requires(MANAGE)
def section47_complete(request: HttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = selectors.section47_enquiry_get_for_action(
        user=request.user, enquiry_id=enquiry_id, permission=MANAGE, request=request
    )

    def record(answers: dict[str, Any]) -> str:
        services.section47_complete(
            enquiry=enquiry,
            completed_date=answers["completed_date"],
            outcome=answers["outcome"],
            conference_required=answers["conference_required"],
        )
        return "Section 47 enquiry outcome recorded"

    return run(
        request,
        StatutoryAction(
            child=enquiry.child,
            title="Record the outcome of the section 47 enquiry",
            form_class=Section47OutcomeForm,
            record=record,
            facts=_enquiry_facts(enquiry),
            checks=lambda answers: _completion_dates(enquiry, answers),
            follows=lambda answers: what_follows.after_section47(
                start_date=enquiry.start_date,
                conference_required=answers["conference_required"],
                today=timezone.localdate(),
            ),
        ),
    )


@requires(CONFERENCE)
def initial_conference_record(request: HttpRequest, enquiry_id: int) -> HttpResponse:
    """An initial child protection conference; a plan decision starts the plan that day."""
    enquiry = selectors.section47_enquiry_get_for_action(
        user=request.user, enquiry_id=enquiry_id, permission=CONFERENCE, request=request
    )
    chair, form_kwargs = _chair(request)

    def record(answers: dict[str, Any]) -> str:
        services.initial_conference_record(
            enquiry=enquiry,
            conference_date=answers["conference_date"],
            outcome=answers["outcome"],
            chair=chair or answers["chair"],
            category=answers["category"],
            **_conference_answers(answers),
        )
        if answers["outcome"] == Outcome.PLAN:
            return "Initial conference recorded. The child protection plan has started."
        return "Initial conference recorded. No child protection plan."

    return run(
        request,
        StatutoryAction(
            child=enquiry.child,
            title="Record the initial child protection conference",
            form_class=InitialConferenceForm,
            form_kwargs=form_kwargs,
            record=record,
            facts=_enquiry_facts(enquiry) + _chair_fact(chair),
            # The plan starts on the conference date (census rule 2885).
            field_map={"start_date": "conference_date", **CONFERENCE_FIELDS},
            draft_key=selectors.conference_draft_key(selectors.CONFERENCE_INITIAL, enquiry.pk),
            checks=lambda answers: (
                _initial_conference_dates(enquiry, answers)
                + _planned_dates("initial", answers, request)
            ),
            follows=lambda answers: what_follows.after_initial_conference(
                conference_date=answers["conference_date"],
                plan_started=answers["outcome"] == Outcome.PLAN,
                today=timezone.localdate(),
                clocks=_clocks(request),
                **_planned(answers),
            ),
        ),
    )


@requires(CONFERENCE)
def review_conference_record(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A review conference continues the plan or ends it (a step-down, with its reasons)."""
    plan = selectors.protection_plan_get_for_action(
        user=request.user, plan_id=plan_id, permission=CONFERENCE, request=request
    )
    chair, form_kwargs = _chair(request)

    def record(answers: dict[str, Any]) -> str:
        services.review_conference_record(
            plan=plan,
            conference_date=answers["conference_date"],
            outcome=answers["outcome"],
            chair=chair or answers["chair"],
            latest_category=answers["latest_category"],
            rationale=answers["rationale"],
            **_conference_answers(answers),
        )
        if answers["outcome"] == Outcome.END_PLAN:
            return "Review conference recorded. The child protection plan has ended."
        return "Review conference recorded. The child protection plan continues."

    return run(
        request,
        StatutoryAction(
            child=plan.child,
            title="Record a review child protection conference",
            form_class=ReviewConferenceForm,
            form_kwargs=form_kwargs,
            initial={"latest_category": plan.latest_category},
            record=record,
            facts=_plan_facts(plan) + _chair_fact(chair),
            field_map=CONFERENCE_FIELDS,
            draft_key=selectors.conference_draft_key(selectors.CONFERENCE_REVIEW, plan.pk),
            checks=lambda answers: (
                _not_in_future("conference_date", answers)
                + _planned_dates("review", answers, request)
            ),
            follows=lambda answers: what_follows.after_review_conference(
                conference_date=answers["conference_date"],
                plan_ended=answers["outcome"] == Outcome.END_PLAN,
                today=timezone.localdate(),
                clocks=_clocks(request),
                **_planned(answers),
            ),
        ),
    )


@requires(MANAGE)
def core_group_record(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A core group meeting of the plan: who attended and what was agreed; the first one is
    told whether it met its clock."""
    plan = selectors.protection_plan_get_for_action(
        user=request.user, plan_id=plan_id, permission=MANAGE, request=request
    )
    # Read before recording: whether this meeting is the plan's first.
    held = selectors.core_group_dates_list(plan=plan)
    latest = selectors.protection_plan_latest_conference(plan=plan)

    def record(answers: dict[str, Any]) -> str:
        services.core_group_record(
            plan=plan, meeting_date=answers["meeting_date"], notes=answers["notes"].strip()
        )
        return "Core group meeting recorded"

    return run(
        request,
        StatutoryAction(
            child=plan.child,
            title="Record a core group meeting",
            form_class=CoreGroupForm,
            record=record,
            draft_key=f"core-group-{plan.pk}",
            facts=[
                *_plan_facts(plan),
                ("Last core group meeting", day_text(held[-1]) if held else "None recorded"),
                *_planned_meeting_fact(latest),
            ],
            checks=lambda answers: (
                rules.core_group_within_plan(plan.start_date, answers.get("meeting_date"))
                + _not_in_future("meeting_date", answers)
            ),
            follows=lambda answers: what_follows.after_core_group(
                plan_start=plan.start_date,
                meeting_date=answers["meeting_date"],
                earlier_meetings=held,
                clocks=_clocks(request),
            ),
        ),
    )


def _plan_facts(plan: ChildProtectionPlan) -> list[tuple[str, str]]:
    return [
        ("Plan started", day_text(plan.start_date)),
        ("Category of abuse", plan.get_latest_category_display()),
    ]


def _planned_meeting_fact(latest: ChildProtectionConference | None) -> list[tuple[str, str]]:
    """The core group meeting the plan's latest conference planned, if it set one."""
    if latest is None or latest.next_core_group_date is None:
        return []
    return [
        (
            "Meeting planned at the last conference",
            f"{day_text(latest.next_core_group_date)} (set at the "
            f"{latest.get_kind_display().lower()} on {day_text(latest.conference_date)})",
        )
    ]


def _chair_fact(chair: Worker | None) -> list[tuple[str, str]]:
    return [("Chair", chair.full_name)] if chair else []


def _not_in_future(name: str, answers: Answers) -> list[rules.Violation]:
    return rules.dates_not_in_future(timezone.localdate(), {name: answers.get(name)})


def _completion_dates(enquiry: Section47Enquiry, answers: Answers) -> list[rules.Violation]:
    completed = answers.get("completed_date")
    return rules.section47_completed_not_before_start(
        enquiry.start_date, completed
    ) + _not_in_future("completed_date", answers)


def _initial_conference_dates(enquiry: Section47Enquiry, answers: Answers) -> list[rules.Violation]:
    """As `initial_conference_record` checks them: not before the enquiry, inside the
    referral, not in the future."""
    return rules.initial_conference_dates(
        services.referral_facts(enquiry.referral),
        enquiry.start_date,
        answers.get("conference_date"),
    ) + _not_in_future("conference_date", answers)


# The conference services' names for what the forms ask as ticked agencies.
CONFERENCE_FIELDS = {"agencies_present": "agencies", "reports_from": "report_agencies"}


def _planned(answers: Answers) -> dict[str, date | None]:
    """The dates a conference set; a hidden question (no plan, or the plan ends) reads as
    blank, so as none."""
    return {
        "next_core_group_date": answers.get("next_core_group_date") or None,
        "next_review_date": answers.get("next_review_date") or None,
    }


def _conference_answers(answers: Answers) -> dict[str, Any]:
    """Who took part and the plan agreed, as the conference services take them."""
    return {
        "agencies_present": agencies_present(answers),
        "reports_from": reports_from(answers),
        "attendees": answers["attendees"],
        "parents_participation": answers["parents_participation"],
        "child_participation": answers["child_participation"],
        "plan_outline": answers["plan_outline"],
        **_planned(answers),
    }


def _planned_dates(kind: str, answers: Answers, request: HttpRequest) -> list[rules.Violation]:
    """The dates the conference set, against its date and the clocks, as the service checks
    them."""
    return rules.conference_planned_dates(
        kind=kind,
        conference_date=answers.get("conference_date"),
        clocks=_clocks(request),
        **_planned(answers),
    )


def _within_referral(referral: Referral, name: str, answers: Answers) -> list[rules.Violation]:
    """The date falls inside the open referral, as the service checks it."""
    on = answers.get(name)
    if on is None:
        return []
    facts = services.referral_facts(referral)
    return rules.within_open_referral(facts, name, on) + _not_in_future(name, answers)


def _clocks(request: HttpRequest) -> dict[str, Clock]:
    """The clocks in the signed-in worker's authority's own lengths (visits, reviews)."""
    return clocks_with_local_overrides(local_timescales(signed_in_worker(request).authority))
