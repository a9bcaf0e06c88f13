"""The task list: what needs the signed-in person now, each task a link to where it is done.

Views parse the request and call one selector or service. The list is read afresh on every
request from the case record (`tasks.selectors`), so a task goes as soon as its work is done.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from safeguard.accounts.access import requires, signed_in_user
from safeguard.audit.services import audit_list
from safeguard.common.errors import SafeguardError

from . import selectors, services

ALLOCATION_NOT_CHOSEN = "Choose the allocation you have seen"
DIGEST_NOT_CHOSEN = "Choose whether to get the daily email"
DIGEST_ON = "on"
DIGEST_OFF = "off"


class AllocationSeenForm(forms.Form):
    allocation = forms.IntegerField(min_value=1, error_messages={"required": ALLOCATION_NOT_CHOSEN})


class DigestForm(forms.Form):
    email_digest = forms.ChoiceField(
        choices=[(DIGEST_ON, "Send me the daily email"), (DIGEST_OFF, "Stop the daily email")],
        error_messages={"required": DIGEST_NOT_CHOSEN, "invalid_choice": DIGEST_NOT_CHOSEN},
    )


def _page(
    request: HttpRequest, *, status: int = 200, error: str = "", error_anchor: str = ""
) -> HttpResponse:
    user = signed_in_user(request)
    tasks = selectors.task_list_get(user=user, today=timezone.localdate())
    # One entry naming the children the page listed (ids, never names).
    audit_list(
        actor=user,
        request=request,
        name="tasks",
        object_type="tasks.list",
        child_ids=tasks.child_ids,
    )
    return render(
        request,
        "tasks/task_list.html",
        {
            "tasks": tasks,
            "digest": selectors.digest_preference_get(user=user),
            "error": error,
            "error_anchor": error_anchor,
            "digest_on": DIGEST_ON,
            "digest_off": DIGEST_OFF,
        },
        status=status,
    )


@requires("tasks.view")
@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    return _page(request)


@requires("tasks.view")
@require_GET
@never_cache
def task_count(request: HttpRequest) -> HttpResponse:
    """How many tasks, for the navigation: fetched after each page has loaded, so that no
    page's own queries grow by the task list's. Names nothing, so nothing to audit."""
    tasks = selectors.task_list_get(user=request.user, today=timezone.localdate())
    return render(request, "tasks/count.html", {"count": tasks.total, "more": tasks.more})


def _back_to(anchor: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse('tasks:list')}#{anchor}")


@requires("tasks.view")
@require_POST
def allocation_seen(request: HttpRequest) -> HttpResponse:
    """The worker has seen a new allocation: it leaves their tasks."""
    form = AllocationSeenForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, error=ALLOCATION_NOT_CHOSEN, error_anchor="allocations")
    user = signed_in_user(request)
    allocation = selectors.task_allocation_get(
        user=user, allocation_id=form.cleaned_data["allocation"]
    )
    if allocation is None:
        raise Http404("No allocation found")
    services.allocation_acknowledge(user=user, allocation=allocation)
    messages.success(request, f"{allocation.child.full_name} is no longer a new allocation")
    return _back_to(selectors.TaskKind.ALLOCATION.value)


@requires("tasks.view")
@require_POST
def digest_preference(request: HttpRequest) -> HttpResponse:
    """Ask for the daily email of task counts, or stop it."""
    form = DigestForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, error=DIGEST_NOT_CHOSEN, error_anchor="digest")
    user = signed_in_user(request)
    try:
        if form.cleaned_data["email_digest"] == DIGEST_ON:
            services.digest_subscribe(user=user)
            done = "You will get the daily email of your tasks"
        else:
            services.digest_unsubscribe(user=user)
            done = "You will no longer get the daily email of your tasks"
    except SafeguardError as refusal:
        return _page(request, status=400, error=refusal.message, error_anchor="digest")
    messages.success(request, done)
    return _back_to("digest")
