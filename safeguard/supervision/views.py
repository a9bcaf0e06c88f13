"""Supervision's pages: recording case supervision from the child's record, marking its
actions done, and a worker's personal supervision page with its recording form.

Recording goes through the one flow (`cases/views/actions/flow.py`: check your answers, the
one-time token, nothing written on a refusal). The supervisor is the signed-in worker, who
records their own supervision; the services decide whether they fit (`supervision.rules`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from safeguard.access.permissions import allowed
from safeguard.accounts.access import requires, signed_in_user
from safeguard.cases.selectors import child_get_for_recording
from safeguard.cases.views.actions.flow import Answers, StatutoryAction, run, signed_in_worker
from safeguard.common.forms import day_text
from safeguard.organisation.models import Worker, in_post_q

from . import forms, selectors, services
from .models import SupervisionAction

RECORD_CASE = "supervision.record_case"
RECORD_PERSONAL = "supervision.record_personal"
VIEW_PERSONAL = "supervision.view_personal"
FORM_TEMPLATE = "govuk/step_form.html"
CHECK_TEMPLATE = "supervision/record/check_answers.html"


@requires(RECORD_CASE)
def case_supervision_record(request: HttpRequest, child_id: int) -> HttpResponse:
    """Case supervision of the child's case, recorded by its supervisor."""
    user = signed_in_user(request)
    child = child_get_for_recording(
        user=user, child_id=child_id, permission=RECORD_CASE, request=request
    )
    me = signed_in_worker(request)
    today = timezone.localdate()
    allocation = services.case_allocation_on(child, today)
    owners = [me]
    facts = [("Case holder", "Not allocated to a social worker")]
    if allocation is not None and allocation.worker is not None:
        members = Worker.objects.filter(in_post_q(today), team_id=allocation.team_id).exclude(
            pk=me.pk
        )
        owners += sorted(members, key=lambda w: (w.last_name, w.first_name, w.pk))
        facts = [("Case holder", f"{allocation.worker.full_name}, {allocation.team.name}")]
    facts.append(("Supervisor", me.full_name))

    def record(answers: Answers) -> str:
        services.case_supervision_record(
            child=child,
            supervisor=me,
            held_on=answers["held_on"],
            discussion=answers["discussion"],
            decisions=answers["decisions"],
            actions=answers["actions"],
            recorded_by=me,
        )
        return f"Case supervision of {day_text(answers['held_on'])} recorded"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record case supervision",
            form_class=forms.CaseSupervisionForm,
            form_kwargs={"owners": owners},
            record=record,
            facts=facts,
            field_map={"actions": "action_1_what", "supervisor": "held_on"},
            template=FORM_TEMPLATE,
            check_template=CHECK_TEMPLATE,
            context={"caption": child.full_name},
        ),
    )


@requires(RECORD_CASE)
def supervision_action_done(
    request: HttpRequest, child_id: int, supervision_action_id: int
) -> HttpResponse:
    """An action agreed in the child's case supervision is done."""
    user = signed_in_user(request)
    child = child_get_for_recording(
        user=user, child_id=child_id, permission=RECORD_CASE, request=request
    )
    action = (
        SupervisionAction.objects.select_related("owner", "supervision")
        .filter(pk=supervision_action_id, supervision__child=child)
        .first()
    )
    if action is None:
        raise Http404("No such action in this child's case supervision")
    done: SupervisionAction = action

    def record(answers: Answers) -> str:
        services.supervision_action_done(action=done, done_on=answers["done_on"])
        return f"Action done: {done.what}"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Mark a supervision action done",
            form_class=forms.ActionDoneForm,
            record=record,
            facts=[
                ("Action", done.what),
                ("Who", done.owner.full_name),
                ("Agreed at supervision of", day_text(done.supervision.held_on)),
            ],
            check_answers=False,
            button="Mark as done",
            template=FORM_TEMPLATE,
            context={"caption": child.full_name},
        ),
    )


@requires(VIEW_PERSONAL)
@require_GET
def worker_supervision(request: HttpRequest, worker_id: int) -> HttpResponse:
    """A worker's personal supervisions and when the next is due: for the worker and their
    managers only (it is about the worker, not a child)."""
    user = signed_in_user(request)
    page = selectors.personal_supervision_page(user=user, worker_id=worker_id)
    today = timezone.localdate()
    return render(
        request,
        "supervision/worker.html",
        {
            "page": page,
            "worker": page.worker,
            "next_due": day_text(page.next_due) if page.next_due else "",
            "overdue": page.next_due is not None and page.next_due < today,
            "record_url": reverse("supervision:personal_record", args=[page.worker.pk])
            if allowed(user, RECORD_PERSONAL, page.worker)
            else "",
        },
    )


@requires(RECORD_PERSONAL)
def personal_supervision_record(request: HttpRequest, worker_id: int) -> HttpResponse:
    """The worker's personal supervision, recorded by their line manager who gave it."""
    user = signed_in_user(request)
    worker = selectors.worker_get_for_supervision(user=user, worker_id=worker_id)
    if not allowed(user, RECORD_PERSONAL, worker):
        raise PermissionDenied(RECORD_PERSONAL)
    me = signed_in_worker(request)

    def record(answers: Answers) -> str:
        services.personal_supervision_record(
            worker=worker,
            supervisor=me,
            held_on=answers["held_on"],
            wellbeing=answers["wellbeing"],
            workload=answers["workload"],
            learning=answers["learning"],
            agreed=answers["agreed"],
            recorded_by=me,
        )
        return f"Personal supervision of {day_text(answers['held_on'])} recorded"

    return run(
        request,
        StatutoryAction(
            title="Record personal supervision",
            form_class=forms.PersonalSupervisionForm,
            record=record,
            facts=[
                ("Worker", worker.full_name),
                ("Team", worker.team.name if worker.team else "No team"),
                ("Supervisor", me.full_name),
            ],
            field_map={"supervisor": "held_on"},
            back_url=reverse("supervision:worker", args=[worker.pk]),
            template=FORM_TEMPLATE,
            check_template=CHECK_TEMPLATE,
            context={"caption": worker.full_name, "personal": True},
        ),
    )
