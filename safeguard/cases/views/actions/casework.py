"""The everyday recording on a child's record: visits and case notes. Neither has a check
page; both are written once however often the form is sent (see `flow`), both are kept as a
draft while they are written, and the same visit or note recorded minutes ago is asked about
("You recorded this already. Record it again?", `services.visits.RecordedAlready`): nothing
is written until the person ticks "Yes, record it again"."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from safeguard.access.roles import worker_of
from safeguard.accounts.access import requires

from ... import selectors, services
from ...forms_record import YES, CaseNoteForm, VisitForm
from ...services.visits import RecordedAlready
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
    # What the form page shows: the question, if this visit was recorded already.
    context: dict[str, Any] = {}

    def record(answers: Answers) -> str:
        try:
            services.visit_record(
                child=child,
                kind=answers["kind"],
                visit_date=answers["visit_date"],
                child_seen=answers["child_seen"] == YES,
                seen_alone=answers["seen_alone"],
                not_seen_reason=answers["not_seen_reason"],
                visited_by=worker_of(request.user),
                notes=answers["notes"],
                visit_time=answers["visit_time"],
                place=answers["place"],
                place_other=answers["place_other"],
                present=answers["present"],
                wishes_and_feelings=answers["wishes_and_feelings"],
                observations=answers["observations"],
                record_again=answers["record_again"],
            )
        except RecordedAlready as asked:
            context["recorded_already"] = asked
            raise
        return VISIT_RECORDED

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record a visit",
            form_class=VisitForm,
            record=record,
            check_answers=False,
            draft_key=f"visit-{child.pk}",
            template="cases/record/visit_form.html",
            context=context,
        ),
    )


@requires("child.add_case_note")
def case_note_add(request: HttpRequest, child_id: int) -> HttpResponse:
    """A case note, kept as a draft while it is written."""
    child = selectors.child_get_for_recording(
        user=request.user, child_id=child_id, permission="child.add_case_note", request=request
    )
    context: dict[str, Any] = {}

    def record(answers: Answers) -> str:
        try:
            services.case_note_add(
                child=child,
                written_by=worker_of(request.user),
                event_date=answers["event_date"],
                subject=answers["subject"],
                body=answers["body"],
                kind=answers["kind"],
                significant=answers["significant"],
                record_again=answers["record_again"],
            )
        except RecordedAlready as asked:
            context["recorded_already"] = asked
            raise
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
            context=context,
        ),
    )
