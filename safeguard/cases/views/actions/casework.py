"""The everyday recording on a child's record: visits and case notes. Neither has a check
page; both are written once however often the form is sent (see `flow`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from safeguard.access.roles import worker_of
from safeguard.accounts.access import requires

from ... import selectors, services
from ...forms_record import YES, CaseNoteForm, VisitForm
from .flow import Answers, StatutoryAction, run

VISIT_RECORDED = "Visit recorded"
CASE_NOTE_ADDED = "Case note added"


@requires("child.record_visit")
def visit_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """A statutory or other visit to the child (Working Together 2023, ch. 3: the child is
    seen, and seen alone where appropriate)."""
    child = selectors.child_get_for_recording(
        user=request.user, child_id=child_id, permission="child.record_visit", request=request
    )

    def record(answers: Answers) -> str:
        services.visit_record(
            child=child,
            kind=answers["kind"],
            visit_date=answers["visit_date"],
            child_seen=answers["child_seen"] == YES,
            seen_alone=answers["seen_alone"],
            not_seen_reason=answers["not_seen_reason"],
            visited_by=worker_of(request.user),
            notes=answers["notes"],
        )
        return VISIT_RECORDED

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record a visit",
            form_class=VisitForm,
            record=record,
            check_answers=False,
            template="cases/record/visit_form.html",
        ),
    )


@requires("child.add_case_note")
def case_note_add(request: HttpRequest, child_id: int) -> HttpResponse:
    """A case note, kept as a draft while it is written."""
    child = selectors.child_get_for_recording(
        user=request.user, child_id=child_id, permission="child.add_case_note", request=request
    )

    def record(answers: Answers) -> str:
        services.case_note_add(
            child=child,
            written_by=worker_of(request.user),
            event_date=answers["event_date"],
            subject=answers["subject"],
            body=answers["body"],
        )
        return CASE_NOTE_ADDED

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Add a case note",
            form_class=CaseNoteForm,
            record=record,
            check_answers=False,
            draft_key=f"case-note-{child.pk}",
            template="cases/record/case_note_form.html",
        ),
    )
