"""The one way a statutory step is recorded: form, "Check your answers", confirm.

Every page that records a step (the child's episodes and child protection here, visits and
case notes, allocation and the decision on an assessment, and the front door's actions on a
contact) declares a `StatutoryAction` and hands it to `run`:

- The form posts to itself. A step with a check page rehearses a valid form against the
  service in a transaction that is rolled back, so a statutory rule that refuses it shows on
  the form straight away; the answers are then kept in the session under a one-time
  submission token and read back on a GOV.UK "Check your answers" page, whose "Change" links
  reopen the form with them. Only "Confirm and record" writes.
- A step without a check page (starting an assessment, a visit, a case note, an allocation)
  carries the one-time token in the form itself.
- The write claims the token, calls the service and discards the step's draft in one
  transaction: a double click or a retry records once, a refusal writes nothing (and leaves
  the token unused for the corrected answers), and a recorded step leaves no stale draft.
- A refusal is shown as GOV.UK errors, beside the inputs it names (`add_errors_from`).
- A step's date rules (`checks`: the same named rules its service asks, on the facts the
  page already holds) are checked with the form itself, so a date the service would refuse
  is shown on the first page together with any other error, never after "Confirm".
- Once recorded, the page says what follows (`follows`: from `workflow.what_follows`) under
  the confirmation.
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
from django.urls import reverse

from safeguard.access.roles import worker_of
from safeguard.accounts.access import signed_in_user
from safeguard.common.errors import SafeguardError
from safeguard.common.forms import ActionForm, add_errors_from
from safeguard.common.services import (
    draft_discard,
    submission_claim,
    submission_token_new,
)
from safeguard.organisation.models import Worker
from safeguard.people.models import Person

from ...selectors import draft_get_for_child
from ...workflow.rules import RuleViolation, Violation

TOKEN_FIELD = "submission_token"  # noqa: S105 (a form field's name)
CONFIRM_FIELD = "confirm"
PENDING_KEY = "safeguard_pending_actions"
# Answers waiting on a "Check your answers" page; older ones are dropped.
PENDING_KEPT = 5
ANSWERS_NOT_KEPT = "Your answers were not kept, so nothing was recorded. Enter them again."
ALREADY_RECORDED = "This was already recorded. It has been recorded once."
_NOT_ANSWERS = {"csrfmiddlewaretoken", TOKEN_FIELD, CONFIRM_FIELD}

Answers = dict[str, Any]


def signed_in_worker(request: HttpRequest) -> Worker:
    """The worker behind the signed-in user; every role that records statutory steps has
    one, so a user without one is refused."""
    worker = worker_of(request.user)
    if worker is None:
        raise PermissionDenied("no worker record")
    return worker


def child_record_url(child_id: int) -> str:
    """The child's record, where a step about the child returns."""
    return reverse("cases:child_record", args=[child_id])


@dataclass(kw_only=True)
class StatutoryAction:
    """One statutory step as a page: its form, and `record`, which calls the service with the
    cleaned answers and returns the success message."""

    title: str
    form_class: type[ActionForm]
    record: Callable[[Answers], str]
    # The child the step is about: the page's caption, where a draft is kept, and where the
    # user returns unless told otherwise. A front-door contact may have none yet.
    child: Person | None = None
    form_kwargs: dict[str, Any] = field(default_factory=dict)
    initial: dict[str, Any] = field(default_factory=dict)
    # Rows shown above the form and on the check page: what the action is about.
    facts: list[tuple[str, str]] = field(default_factory=list)
    # Service field names that a form calls something else.
    field_map: dict[str, str] = field(default_factory=dict)
    check_answers: bool = True
    # A long form is saved as a draft while the user types (common.drafts); needs `child`.
    draft_key: str = ""
    # Where "Back" goes; the child's record if not given.
    back_url: str = ""
    button: str = "Continue"
    # Where to go once recorded, given the answers (asked after `record` ran, so it may
    # depend on what was written); `back_url` if not given.
    done_url: Callable[[Answers], str] | None = None
    # A step whose page says more than the form draws its own (extending these).
    template: str = "cases/actions/form.html"
    check_template: str = "cases/actions/check_answers.html"
    # Anything else those templates show.
    context: dict[str, Any] = field(default_factory=dict)
    # The step's date rules, asked of whatever answers the form could read (a missing date
    # is not checked), with the form's own validation: the same rule functions the service
    # asks, on the facts this page holds.
    checks: Callable[[Answers], list[Violation]] | None = None
    # What follows once the step is recorded (`workflow.what_follows`), asked after `record`.
    follows: Callable[[Answers], list[str]] | None = None

    def form(self, **kwargs: Any) -> ActionForm:
        return self.form_class(**kwargs, **self.form_kwargs)

    def return_url(self) -> str:
        if self.back_url:
            return self.back_url
        if self.child is None:
            raise ValueError(f"{self.title}: a step about no child says where to go back to")
        return child_record_url(self.child.pk)


def run(request: HttpRequest, action: StatutoryAction) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, action, *_blank_form(request, action))
    if CONFIRM_FIELD in request.POST:
        return _confirm(request, action)
    form = action.form(data=request.POST)
    if not _valid(action, form):
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
        action.check_template,
        {
            **action.context,
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
    if pending is None and action.draft_key and action.child is not None:
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
    if not _valid(action, form):
        return _form_page(request, action, form, status=400)
    return _record(request, action, form, request.POST[TOKEN_FIELD])


def _valid(action: StatutoryAction, form: ActionForm) -> bool:
    """The form's own validation and the step's date rules, together: every error at once."""
    valid = form.is_valid()
    if action.checks is not None:
        violations = action.checks(form.cleaned_data)
        if violations:
            add_errors_from(form, RuleViolation(violations), action.field_map)
            valid = False
    return valid


def _record(
    request: HttpRequest, action: StatutoryAction, form: ActionForm, token: str
) -> HttpResponse:
    """Claim the token, write and discard the draft, all or nothing."""
    try:
        with transaction.atomic():
            first = submission_claim(user=signed_in_user(request), key=token)
            # A repeat of a submission already recorded writes nothing and lands where
            # the first did.
            success = action.record(form.cleaned_data) if first else ALREADY_RECORDED
            if first and action.draft_key:
                draft_discard(user=signed_in_user(request), form_key=action.draft_key)
    except SafeguardError as error:
        add_errors_from(form, error, action.field_map)
        return _form_page(request, action, form, status=400)
    messages.success(request, success)
    if first and action.follows is not None:
        follows = " ".join(action.follows(form.cleaned_data))
        if follows:
            messages.info(request, follows)
    done = action.done_url(form.cleaned_data) if action.done_url else action.return_url()
    return HttpResponseRedirect(done)


def _form_page(
    request: HttpRequest,
    action: StatutoryAction,
    form: ActionForm,
    draft_restored: bool = False,
    *,
    status: int = 200,
) -> HttpResponse:
    # Without a check page the form itself carries the one-time token; a refused form keeps
    # the token it was sent with (the refusal did not use it), so a retry still records once.
    token = ""
    if not action.check_answers:
        token = request.POST.get(TOKEN_FIELD, "") or submission_token_new()
    context = {
        **action.context,
        "action": action,
        "child": action.child,
        "form": form,
        "form_key": action.draft_key,
        "draft_restored": draft_restored,
        "token": token,
        "back_url": action.return_url(),
    }
    return render(request, action.template, context, status=status)


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
