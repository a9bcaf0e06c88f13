"""The pages that record a care leaver's needs assessment, pathway plan and its reviews,
personal adviser and contacts. Each checks the role (`child.manage_episodes`, as the
looked-after pages), finds the young person within need to know (one audit entry), declares
the step and hands it to the one flow (`cases.views.actions.flow`: check your answers, the
one-time token, the draft cleared with the write). The rules the service asks are asked of
the typed answers too, so a refusal shows beside the answer.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from safeguard.accounts.access import requires
from safeguard.cases import selectors as case_selectors
from safeguard.cases.views.actions.flow import Answers, StatutoryAction, child_record_url, run
from safeguard.cases.workflow.rules import Violation
from safeguard.common.forms import ActionForm, day_text
from safeguard.people.models import Person

from . import rules, selectors, services
from .forms import (
    CareLeaverContactForm,
    NeedsAssessmentForm,
    PathwayPlanForm,
    PathwayPlanReviewForm,
    PersonalAdviserForm,
)
from .selectors import CareLeaverRecord

MANAGE = "child.manage_episodes"
NOT_A_CARE_LEAVER = (
    "{name} is not an eligible, relevant or former relevant care leaver today, so there is "
    "no leaving-care record to add to."
)
NO_PLAN = "{name} has no pathway plan yet: record the plan before its review."


def facts(record: CareLeaverRecord) -> list[tuple[str, str]]:
    """What the pages show above their forms, and the record's section lists."""
    rows = [
        (
            "Leaving care status",
            record.entitlement.label if record.entitlement else "Not entitled now",
        ),
    ]
    if record.eligible_from is not None:
        rows.append(("Eligible from", day_text(record.eligible_from)))
    assessment = record.assessments[-1] if record.assessments else None
    rows.append(
        ("Needs assessment", day_text(assessment.completed_on) if assessment else "None recorded")
    )
    plan = record.latest_plan
    rows.append(("Pathway plan agreed", day_text(plan.agreed_on) if plan else "None recorded"))
    reviews = [r for r in record.reviews if plan is not None and r.plan_id == plan.pk]
    if reviews:
        rows.append(("Last pathway plan review", day_text(reviews[-1].reviewed_on)))
    for item in record.clocks:
        if item.is_open:
            overdue = " (overdue)" if item.status == "overdue" else ""
            rows.append((f"{item.label} due by", day_text(item.due) + overdue))
    adviser = record.adviser
    rows.append(
        (
            "Personal adviser",
            f"{adviser.name}{', ' + adviser.contact_details if adviser.contact_details else ''}"
            if adviser
            else "None recorded",
        )
    )
    contact = record.latest_contact
    if contact is None:
        rows.append(("Last contact", "None recorded"))
    else:
        rows.append(
            ("Last contact", f"{day_text(contact.contact_date)}: {contact.get_in_touch_display()}")
        )
        if contact.accommodation:
            suits = "suitable" if contact.accommodation_suitable else "not suitable"
            rows.append(("Accommodation", f"{contact.get_accommodation_display()} ({suits})"))
        if contact.activity:
            rows.append(("Activity", contact.get_activity_display()))
    return rows


def _step(
    request: HttpRequest,
    child_id: int,
    *,
    slug: str,
    title: str,
    form_class: type[ActionForm],
    date_name: str,
    record: Callable[[Person, Answers], str],
    checks: Callable[[Person, Answers], list[Violation]] | None = None,
    refuse: Callable[[Person, CareLeaverRecord], str] | None = None,
) -> HttpResponse:
    child = case_selectors.child_get_for_action(
        user=request.user, child_id=child_id, permission=MANAGE, request=request
    )
    today = timezone.localdate()
    summary = selectors.care_leaver_record(child=child, today=today)
    reason = NOT_A_CARE_LEAVER if summary.entitlement is None else ""
    if not reason and refuse is not None:
        reason = refuse(child, summary)
    if reason:
        messages.info(request, reason.format(name=child.full_name))
        return HttpResponseRedirect(child_record_url(child.pk))

    def all_checks(answers: Answers) -> list[Violation]:
        found = services.date_checks(child, date_name, answers.get(date_name))
        return found + (checks(child, answers) if checks else [])

    return run(
        request,
        StatutoryAction(
            child=child,
            title=title,
            form_class=form_class,
            record=lambda answers: record(child, answers),
            facts=facts(summary),
            draft_key=f"care-leaver-{slug}-{child.pk}",
            checks=all_checks,
        ),
    )


@requires(MANAGE)
def needs_assessment_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def record(child: Person, answers: Answers) -> str:
        services.needs_assessment_record(
            child=child, completed_on=answers["completed_on"], summary=answers["summary"]
        )
        return "Needs assessment recorded"

    return _step(
        request,
        child_id,
        slug="needs",
        title="Record a needs assessment",
        form_class=NeedsAssessmentForm,
        date_name="completed_on",
        record=record,
    )


@requires(MANAGE)
def pathway_plan_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def record(child: Person, answers: Answers) -> str:
        services.pathway_plan_record(
            child=child, agreed_on=answers["agreed_on"], summary=answers["summary"]
        )
        return "Pathway plan recorded"

    def checks(child: Person, answers: Answers) -> list[Violation]:
        return rules.pathway_plan_after_needs_assessment(
            selectors.needs_assessment_first_on(child=child), answers.get("agreed_on")
        )

    return _step(
        request,
        child_id,
        slug="plan",
        title="Record a pathway plan",
        form_class=PathwayPlanForm,
        date_name="agreed_on",
        record=record,
        checks=checks,
    )


@requires(MANAGE)
def pathway_plan_review_record(request: HttpRequest, child_id: int) -> HttpResponse:
    def record(child: Person, answers: Answers) -> str:
        plan = selectors.latest_pathway_plan_get(child=child)
        assert plan is not None  # refused below when there is none
        services.pathway_plan_review_record(
            plan=plan, reviewed_on=answers["reviewed_on"], notes=answers["notes"]
        )
        return "Pathway plan review recorded"

    def checks(child: Person, answers: Answers) -> list[Violation]:
        plan = selectors.latest_pathway_plan_get(child=child)
        return rules.pathway_review_after_plan(
            plan.agreed_on if plan else None, answers.get("reviewed_on")
        )

    return _step(
        request,
        child_id,
        slug="review",
        title="Record a pathway plan review",
        form_class=PathwayPlanReviewForm,
        date_name="reviewed_on",
        record=record,
        checks=checks,
        refuse=lambda child, summary: "" if summary.plans else NO_PLAN,
    )


@requires(MANAGE)
def personal_adviser_appoint(request: HttpRequest, child_id: int) -> HttpResponse:
    def record(child: Person, answers: Answers) -> str:
        services.personal_adviser_appoint(
            child=child,
            name=answers["name"],
            contact_details=answers["contact_details"],
            appointed_on=answers["appointed_on"],
        )
        return "Personal adviser recorded"

    return _step(
        request,
        child_id,
        slug="adviser",
        title="Record the personal adviser",
        form_class=PersonalAdviserForm,
        date_name="appointed_on",
        record=record,
    )


@requires(MANAGE)
def care_leaver_contact_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """In touch, accommodation and activity (SSDA903 OC3)."""

    def record(child: Person, answers: Answers) -> str:
        services.care_leaver_contact_record(
            child=child,
            contact_date=answers["contact_date"],
            in_touch=answers["in_touch"],
            accommodation=answers["accommodation"],
            accommodation_suitable=answers.get("accommodation_suitable"),
            activity=answers["activity"],
        )
        return "Contact recorded"

    def checks(child: Person, answers: Answers) -> list[Violation]:
        suitable = answers.get("accommodation_suitable")
        return rules.care_leaver_contact_answers_fit(
            str(answers.get("in_touch") or ""),
            str(answers.get("accommodation") or ""),
            None if suitable == "" else suitable,
            str(answers.get("activity") or ""),
        )

    return _step(
        request,
        child_id,
        slug="contact",
        title="Record a contact with a care leaver",
        form_class=CareLeaverContactForm,
        date_name="contact_date",
        record=record,
        checks=checks,
    )
