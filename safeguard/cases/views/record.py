"""The child record, and the everyday recording on it: visits and case notes.

Views parse the request, call one selector or service, and render or redirect. Need to know
is applied by the selectors (a child the user may not see is a 404); the role is checked by
`requires` (403).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from safeguard.access.permissions import allowed
from safeguard.access.roles import worker_of
from safeguard.accounts.access import requires
from safeguard.common.errors import SafeguardError
from safeguard.common.forms import GovukForm, add_errors_from
from safeguard.common.services import (
    draft_discard,
    submission_claim,
    submission_token_new,
)

from .. import services
from ..forms_record import YES, CaseNoteForm, ChronologyFilterForm, VisitForm
from ..selectors import (
    AGENCIES,
    CHRONOLOGY_TYPES,
    ChildRecord,
    child_get_for_recording,
    child_record_page_get,
    chronology_filter,
    draft_get_for_child,
)
from ..templatetags.case_links import reverse_if_exists

VISIT_RECORDED = "Visit recorded"
CASE_NOTE_ADDED = "Case note added"


@dataclass(frozen=True)
class Action:
    label: str
    url: str


def _back_url() -> str:
    return reverse_if_exists("cases:my_cases") or reverse("home")


def _actions(user: Any, record: ChildRecord) -> tuple[list[Action], list[Action]]:
    """What this user may do next on this record: (buttons, links). A page another engineer
    has not built yet (its URL name does not resolve) is left out."""
    child = record.child
    answers: dict[str, bool] = {}

    def may(permission: str) -> bool:
        if permission not in answers:
            answers[permission] = allowed(user, permission, child)
        return answers[permission]

    def offer(into: list[Action], permission: str, label: str, name: str, *args: Any) -> None:
        url = reverse_if_exists(name, *args)
        if url and may(permission):
            into.append(Action(label, url))

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
    referral = record.open_referral
    if referral is None:
        offer(links, episodes, "Open a referral", "cases:referral_open", child.pk)
    else:
        assessment = record.assessment
        if assessment is None:
            offer(links, episodes, "Start an assessment", "cases:assessment_start", referral.pk)
        elif assessment.submitted_date is None:
            offer(
                links, episodes, "Continue the assessment", "cases:assessment_edit", assessment.pk
            )
        else:
            offer(
                links,
                "assessment.authorise",
                "Review the assessment",
                "cases:assessment_review",
                assessment.pk,
            )
        offer(
            links,
            episodes,
            "Record a strategy discussion",
            "cases:strategy_discussion_record",
            referral.pk,
        )
    if record.section47_enquiry is not None:
        offer(
            links,
            episodes,
            "Complete the section 47 enquiry",
            "cases:section47_complete",
            record.section47_enquiry.pk,
        )
    for enquiry in record.enquiries_awaiting_conference:
        offer(
            links,
            "conference.record",
            "Record the initial child protection conference",
            "cases:initial_conference_record",
            enquiry.pk,
        )
    if record.protection_plan is not None:
        offer(
            links,
            "conference.record",
            "Record a review child protection conference",
            "cases:review_conference_record",
            record.protection_plan.pk,
        )
    if referral is not None:
        offer(links, episodes, "Close the referral", "cases:referral_close", referral.pk)
    offer(
        links,
        "allocation.change",
        "Change who the case is allocated to",
        "cases:allocate",
        child.pk,
    )
    return buttons, links


@requires("child.view")
def child_record(request: HttpRequest, child_id: int) -> HttpResponse:
    filters = ChronologyFilterForm(request.GET or None)
    types: list[str] = []
    agencies: list[str] = []
    if filters.is_bound and filters.is_valid():
        types, agencies = filters.cleaned_data["type"], filters.cleaned_data["agency"]
    record = child_record_page_get(
        user=request.user, child_id=child_id, today=timezone.localdate(), request=request
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


def _show_refusal(form: GovukForm, error: SafeguardError) -> None:
    """A service's refusal, shown beside the inputs it names, styled as GOV.UK errors."""
    add_errors_from(form, error)
    for name, field in form.fields.items():
        if name in form.errors:
            form._style(name, field, error=True)


def _record_once(request: HttpRequest, form: GovukForm, write: Callable[[], object]) -> bool:
    """Run `write` unless this form's one-time token was used already (a double submission).
    True when the form is done with (written now or before); False after a refusal, which
    is then on the form. The token is claimed in the write's transaction, so a refused
    write leaves it unused for the corrected submission."""
    try:
        with transaction.atomic():
            if submission_claim(user=request.user, key=form.cleaned_data["submission_token"]):
                write()
    except SafeguardError as error:
        _show_refusal(form, error)
        return False
    return True


@requires("child.record_visit")
def visit_record(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_get_for_recording(
        user=request.user, child_id=child_id, permission="child.record_visit", request=request
    )
    if request.method == "POST":
        form = VisitForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data

            def write() -> object:
                return services.visit_record(
                    child=child,
                    kind=data["kind"],
                    visit_date=data["visit_date"],
                    child_seen=data["child_seen"] == YES,
                    seen_alone=data["seen_alone"],
                    not_seen_reason=data["not_seen_reason"],
                    visited_by=worker_of(request.user),
                    notes=data["notes"],
                )

            if _record_once(request, form, write):
                messages.success(request, VISIT_RECORDED)
                return redirect("cases:child_record", child_id=child.pk)
    else:
        form = VisitForm(initial={"submission_token": submission_token_new()})
    return render(
        request,
        "cases/record/visit_form.html",
        {"child": child, "form": form},
        status=400 if form.errors else 200,
    )


@requires("child.add_case_note")
def case_note_add(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_get_for_recording(
        user=request.user, child_id=child_id, permission="child.add_case_note", request=request
    )
    form_key = f"case-note-{child.pk}"
    draft_restored = False
    if request.method == "POST":
        form = CaseNoteForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data

            def write() -> object:
                return services.case_note_add(
                    child=child,
                    written_by=worker_of(request.user),
                    event_date=data["event_date"],
                    subject=data["subject"],
                    body=data["body"],
                )

            if _record_once(request, form, write):
                draft_discard(user=request.user, form_key=form_key)
                messages.success(request, CASE_NOTE_ADDED)
                return redirect("cases:child_record", child_id=child.pk)
    else:
        initial: dict[str, Any] = {"submission_token": submission_token_new()}
        draft = draft_get_for_child(
            user=request.user, form_key=form_key, child=child, request=request
        )
        if draft:
            initial.update(CaseNoteForm.initial_from_draft(draft))
            draft_restored = True
        form = CaseNoteForm(initial=initial)
    return render(
        request,
        "cases/record/case_note_form.html",
        {"child": child, "form": form, "form_key": form_key, "draft_restored": draft_restored},
        status=400 if form.errors else 200,
    )
