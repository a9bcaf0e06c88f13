"""How every statutory action is recorded: form, "Check your answers", confirm.

The form posts to itself. A valid form is rehearsed against the service in a transaction that
is rolled back, so a statutory rule that refuses it shows on the form straight away; then the
answers are kept in the session under a one-time submission token and read back on a GOV.UK
"Check your answers" page. Its "Change" links reopen the form with those answers, and only
"Confirm and record" writes, through the service, claiming the token in the same transaction:
a double click, or a resubmitted page, writes once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from safeguard.access.roles import worker_of
from safeguard.common.errors import SafeguardError
from safeguard.common.forms import add_errors_from
from safeguard.common.services import (
    draft_discard,
    submission_claim,
    submission_token_new,
)
from safeguard.organisation.models import Worker
from safeguard.people.models import Person

from ...forms_actions import ActionForm
from ...selectors import draft_get_for_child

TOKEN_FIELD = "submission_token"  # noqa: S105 (a form field's name)
CONFIRM_FIELD = "confirm"
PENDING_KEY = "safeguard_pending_actions"
# Answers waiting on a "Check your answers" page; older ones are dropped.
PENDING_KEPT = 5
ANSWERS_NOT_KEPT = "Your answers were not kept, so nothing was recorded. Enter them again."
ALREADY_RECORDED = "This was already recorded. It has been recorded once."
_NOT_ANSWERS = {"csrfmiddlewaretoken", TOKEN_FIELD, CONFIRM_FIELD}


def signed_in_worker(request: HttpRequest) -> Worker:
    """The worker behind the signed-in user; every role that records statutory steps has
    one, so a user without one is refused."""
    worker = worker_of(request.user)
    if worker is None:
        raise PermissionDenied("no worker record")
    return worker


def child_record_url(child_id: int) -> str:
    """The child's record, where every action returns (another page; until it exists, its
    planned address)."""
    try:
        return reverse("cases:child_record", args=[child_id])
    except NoReverseMatch:
        return f"/children/{child_id}"


@dataclass
class StatutoryAction:
    """One statutory step as a page: its form, and `record`, which calls the service with the
    cleaned answers and returns the success message."""

    child: Person
    title: str
    form_class: type[ActionForm]
    record: Callable[[dict[str, Any]], str]
    form_kwargs: dict[str, Any] = field(default_factory=dict)
    initial: dict[str, Any] = field(default_factory=dict)
    # Rows shown above the form and on the check page: what the action is about.
    facts: list[tuple[str, str]] = field(default_factory=list)
    # Service field names that a form calls something else.
    field_map: dict[str, str] = field(default_factory=dict)
    check_answers: bool = True
    # A long form is saved as a draft while the user types (common.drafts).
    draft_key: str = ""
    back_url: str = ""
    button: str = "Continue"
    # Where to go once recorded (asked after `record` ran, so it may depend on what was
    # written); the child's record if not given.
    done_url: Callable[[], str] | None = None

    def form(self, **kwargs: Any) -> ActionForm:
        return self.form_class(**kwargs, **self.form_kwargs)


def run(request: HttpRequest, action: StatutoryAction) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, action, *_blank_form(request, action))
    if CONFIRM_FIELD in request.POST:
        return _confirm(request, action)
    form = action.form(data=request.POST)
    if not form.is_valid():
        return _form_page(request, action, form, status=400)
    if not action.check_answers:
        return _record(request, action, form, request.POST.get(TOKEN_FIELD, ""))
    try:
        _rehearse(action, form)
    except SafeguardError as error:
        add_errors_from(form, error, action.field_map)
        return _form_page(request, action, form, status=400)
    token = submission_token_new()
    _pending_put(request, token)
    return render(
        request,
        "cases/actions/check_answers.html",
        {
            "action": action,
            "child": action.child,
            "answers": form.answers(),
            "token": token,
            "change_url": f"{request.path}?change={token}",
        },
    )


def _blank_form(request: HttpRequest, action: StatutoryAction) -> tuple[ActionForm, bool]:
    """The form as the user left it: answers they went back to change, else their draft,
    else what the record already holds. Never bound, so nothing shows as an error yet."""
    pending = _pending_get(request, request.GET.get("change", ""))
    draft = None
    if pending is None and action.draft_key:
        draft = draft_get_for_child(
            user=request.user, form_key=action.draft_key, child=action.child, request=request
        )
    typed = pending if pending is not None else draft
    if typed is None:
        return action.form(initial=action.initial), False
    return action.form(initial={**action.initial, **_typed_values(action, typed)}), bool(draft)


def _typed_values(action: StatutoryAction, typed: Mapping[str, list[str]]) -> dict[str, Any]:
    """Raw typed values per field (a date as its three parts), to show again as typed."""
    data = _query_dict(typed)
    form = action.form()
    return {
        name: f.widget.value_from_datadict(data, {}, form.add_prefix(name))
        for name, f in form.fields.items()
        if any(key == name or key.startswith(f"{name}_") for key in data)
    }


class _Rehearsal(Exception):
    """Raised to roll back a rehearsal that the service accepted."""


def _rehearse(action: StatutoryAction, form: ActionForm) -> None:
    """Run the service and roll it back: its refusal (a RuleViolation) escapes, to be shown
    on the form before the user is asked to confirm."""
    try:
        with transaction.atomic():
            action.record(form.cleaned_data)
            raise _Rehearsal
    except _Rehearsal:
        pass


def _confirm(request: HttpRequest, action: StatutoryAction) -> HttpResponse:
    pending = _pending_get(request, request.POST.get(TOKEN_FIELD, ""))
    if pending is None:
        messages.error(request, ANSWERS_NOT_KEPT)
        return HttpResponseRedirect(request.path)
    form = action.form(data=_query_dict(pending))
    if not form.is_valid():
        return _form_page(request, action, form, status=400)
    return _record(request, action, form, request.POST[TOKEN_FIELD])


def _record(
    request: HttpRequest, action: StatutoryAction, form: ActionForm, token: str
) -> HttpResponse:
    try:
        with transaction.atomic():
            first = submission_claim(user=request.user, key=token)
            # A repeat of a submission already recorded writes nothing and lands where
            # the first did.
            success = action.record(form.cleaned_data) if first else ""
    except SafeguardError as error:
        add_errors_from(form, error, action.field_map)
        return _form_page(request, action, form, status=400)
    if first and action.draft_key:
        draft_discard(user=request.user, form_key=action.draft_key)
    messages.success(request, success if first else ALREADY_RECORDED)
    return HttpResponseRedirect(
        action.done_url() if action.done_url else child_record_url(action.child.pk)
    )


def _form_page(
    request: HttpRequest,
    action: StatutoryAction,
    form: ActionForm,
    draft_restored: bool = False,
    *,
    status: int = 200,
) -> HttpResponse:
    context = {
        "action": action,
        "child": action.child,
        "form": form,
        "form_key": action.draft_key,
        "draft_restored": draft_restored,
        # Without a check page, the form itself carries the one-time token.
        "token": "" if action.check_answers else submission_token_new(),
        "back_url": action.back_url or child_record_url(action.child.pk),
    }
    return render(request, "cases/actions/form.html", context, status=status)


def _query_dict(values: Mapping[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data.setlist(key, list(value))
    return data


def _pending_put(request: HttpRequest, token: str) -> None:
    """Keep the answers just posted, to read back, change and confirm."""
    posted = request.POST
    pending = dict(request.session.get(PENDING_KEY, {}))
    pending[token] = {
        "path": request.path,
        "answers": {k: posted.getlist(k) for k in posted if k not in _NOT_ANSWERS},
    }
    request.session[PENDING_KEY] = dict(list(pending.items())[-PENDING_KEPT:])


def _pending_get(request: HttpRequest, token: str) -> dict[str, list[str]] | None:
    """The answers kept under `token`, if they were given on this same page."""
    kept = request.session.get(PENDING_KEY, {}).get(token) if token else None
    if not kept or kept.get("path") != request.path:
        return None
    answers: dict[str, list[str]] = kept["answers"]
    return answers
