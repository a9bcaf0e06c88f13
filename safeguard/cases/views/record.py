"""The child record. (Visits and case notes are recorded in `actions/casework.py`.)

Views parse the request, call one selector or service, and render or redirect. Need to know
is applied by the selectors (a child the user may not see is a 404); the role is checked by
`requires` (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from safeguard.access.permissions import allowed
from safeguard.accounts.access import requires, signed_in_user
from safeguard.common.types import AnyUser

from ..extensions import AGENCIES, CHRONOLOGY_TYPES
from ..forms_record import ChronologyFilterForm
from ..selectors import (
    ChildRecord,
    child_record_page_get,
    chronology_filter,
)
from ..workflow import rules


@dataclass(frozen=True)
class Action:
    label: str
    url: str


def _back_url() -> str:
    return reverse("cases:my_cases")


def _actions(user: AnyUser, record: ChildRecord) -> tuple[list[Action], list[Action]]:
    """What this user may do next on this record: (buttons, links): what their role allows
    and the statutory rules permit. Every page is named by its URL name, so a mistyped one
    fails loudly (NoReverseMatch)."""
    child = record.child
    answers: dict[str, bool] = {}

    def may(permission: str) -> bool:
        if permission not in answers:
            answers[permission] = allowed(user, permission, child)
        return answers[permission]

    def offer(into: list[Action], permission: str, label: str, name: str, *args: Any) -> None:
        if may(permission):
            into.append(Action(label, reverse(name, args=args)))

    buttons: list[Action] = []
    links: list[Action] = []
    offer(buttons, "child.record_visit", "Record a visit", "cases:visit_record", child.pk)
    offer(buttons, "child.add_case_note", "Add a case note", "cases:case_note_add", child.pk)

    episodes = "child.manage_episodes"
    for contact in record.undecided_contacts:
        received = timezone.localtime(contact.received_at)
        offer(
            links,
            "contact.decide",
            f"Decide the contact received {received.day} {received:%B %Y}",
            "front_door:contact",
            contact.pk,
        )
    # A step is offered when the statutory rules that its service checks hold for the facts
    # on this record (`workflow.rules`), so a page never offers what the service would refuse.
    referral = record.open_referral
    if rules.holds(rules.one_open_referral(referral.referral_date if referral else None)):
        offer(links, episodes, "Open a referral", "cases:referral_open", child.pk)
    if referral is not None:
        assessment = record.assessment
        if rules.holds(rules.one_open_assessment(assessment is not None)):
            offer(links, episodes, "Start an assessment", "cases:assessment_start", referral.pk)
        elif assessment is not None and rules.holds(
            rules.assessment_awaiting_authorisation(
                assessment.submitted_date, assessment.authorised_date
            )
        ):
            offer(
                links,
                "assessment.authorise",
                "Review the assessment",
                "cases:assessment_review",
                assessment.pk,
            )
        elif assessment is not None:
            offer(
                links, episodes, "Continue the assessment", "cases:assessment_edit", assessment.pk
            )
        facts = rules.ReferralFacts(referral.referral_date, referral.closure_date)
        if rules.holds(rules.within_open_referral(facts, "discussion_date", record.today)):
            offer(
                links,
                episodes,
                "Record a strategy discussion",
                "cases:strategy_discussion_record",
                referral.pk,
            )
    enquiry = record.section47_enquiry
    if enquiry is not None and rules.holds(rules.section47_completed_once(enquiry.completed_date)):
        offer(
            links,
            episodes,
            "Complete the section 47 enquiry",
            "cases:section47_complete",
            enquiry.pk,
        )
    for awaiting in record.enquiries_awaiting_conference:
        offer(
            links,
            "conference.record",
            "Record the initial child protection conference",
            "cases:initial_conference_record",
            awaiting.pk,
        )
    plan = record.protection_plan
    if plan is not None and rules.holds(rules.review_needs_open_plan(plan.end_date)):
        offer(
            links,
            "conference.record",
            "Record a review child protection conference",
            "cases:review_conference_record",
            plan.pk,
        )
    if referral is not None and rules.holds(rules.referral_closed_once(referral.closure_date)):
        offer(links, episodes, "Close the referral", "cases:referral_close", referral.pk)
    offer(
        links,
        "allocation.change",
        "Change who the case is allocated to",
        "cases:allocate",
        child.pk,
    )
    return buttons, links


# The chronology filter as the record is usually opened (no query string): unbound, so the
# same on every view and never changed by one; made (and its empty errors worked out) once,
# not per view.
_UNFILTERED = ChronologyFilterForm()
_UNFILTERED.full_clean()


@requires("child.view")
def child_record(request: HttpRequest, child_id: int) -> HttpResponse:
    filters = ChronologyFilterForm(request.GET) if request.GET else _UNFILTERED
    types: list[str] = []
    agencies: list[str] = []
    if filters.is_bound and filters.is_valid():
        types, agencies = filters.cleaned_data["type"], filters.cleaned_data["agency"]
    record = child_record_page_get(
        user=signed_in_user(request),
        child_id=child_id,
        today=timezone.localdate(),
        request=request,
    )
    buttons, links = _actions(request.user, record)
    events = chronology_filter(record.chronology, types=types, agencies=agencies)
    return render(
        request,
        "cases/record/child_record.html",
        {
            "record": record,
            "child": record.child,
            "form": filters,
            "events": events,
            "filtered": bool(types or agencies),
            "chosen_types": [label for code, label in CHRONOLOGY_TYPES if code in types],
            "chosen_agencies": [label for code, label in AGENCIES if code in agencies],
            "buttons": buttons,
            "links": links,
            "back_url": _back_url(),
        },
        status=400 if filters.errors else 200,
    )
