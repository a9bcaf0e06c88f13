"""Pages about access itself: "Find a child" (within need to know, and for the front door the
records outside it), break-glass access to a record outside need to know, and restricting a
record to named people (and lifting the restriction).

Views parse the form, call one selector or service, then render or redirect. A child the user
may not reach is a 404 (the selectors); the role is checked by `requires` (403).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from safeguard.accounts.access import requires, signed_in_user
from safeguard.common.errors import SafeguardError
from safeguard.common.forms import add_errors_from
from safeguard.common.types import AnyUser
from safeguard.people.forms import ChildSearchForm
from safeguard.people.models import Person
from safeguard.people.selectors import MAX_RESULTS

from . import selectors, services
from .forms import BreakGlassForm, LiftRestrictionForm, RestrictionForm
from .permissions import allowed
from .search import ChildSearch, child_search_known

# What the user typed into "Find a child" for each hidden match they were shown, so the
# break-glass page can say what they searched for without showing the record's own details.
SEARCHED_KEY = "safeguard_break_glass_searched"
SEARCHES_KEPT = 20

RESTRICTED = "Record restricted. Only the people named on it can find or open it."
RESTRICTION_LIFTED = "Restriction lifted. Who can see this record now follows their work with it."


def remember_search_for_break_glass(
    request: HttpRequest, child_ids: Iterable[int], searched: str
) -> None:
    """Keep, in the session, what was searched for when these hidden matches were shown."""
    ids = [str(child_id) for child_id in child_ids]
    if not ids:
        return
    kept: dict[str, str] = dict(request.session.get(SEARCHED_KEY, {}))
    for child_id in ids:
        kept.pop(child_id, None)
        kept[child_id] = searched[:300]
    request.session[SEARCHED_KEY] = dict(list(kept.items())[-SEARCHES_KEPT:])


def _searched(request: HttpRequest, child_id: int) -> str:
    kept = request.session.get(SEARCHED_KEY, {})
    return str(kept.get(str(child_id), ""))


def _forget_searched(request: HttpRequest, child_id: int) -> None:
    kept = dict(request.session.get(SEARCHED_KEY, {}))
    if kept.pop(str(child_id), None) is not None:
        request.session[SEARCHED_KEY] = kept


def _child_record_url(child: Person) -> str:
    return reverse("cases:child_record", args=[child.pk])


@requires("child.search")
def child_search(request: HttpRequest) -> HttpResponse:
    """Find a child: the children in the user's need to know that match, and for the front
    door, that a matching record outside it exists (break-glass offered) or is restricted."""
    submitted = ChildSearchForm.was_submitted(request.GET)
    form = ChildSearchForm(request.GET if submitted else None)
    found: ChildSearch | None = None
    if submitted and form.is_valid():
        terms = form.terms()
        found = child_search_known(user=request.user, terms=terms, request=request)
        # The break-glass page reads back what was typed, never the record's own details.
        remember_search_for_break_glass(
            request, [m.child_id for m in found.hidden if not m.restricted], terms.described()
        )
    results = found.results if found else None
    hidden = found.hidden if found else []
    return render(
        request,
        "access/child_search.html",
        {
            "form": form,
            "results": results,
            "rows": [(r, reverse("cases:child_record", args=[r.child_id])) for r in results or []],
            "max_results": MAX_RESULTS,
            "hidden": [
                (
                    match,
                    ""
                    if match.restricted
                    else reverse("access:break_glass", args=[match.child_id]),
                )
                for match in hidden
            ],
            "more_hidden": bool(found and found.more_hidden),
        },
        status=400 if submitted and form.errors else 200,
    )


def _after_break_glass_url(user: AnyUser, child: Person) -> str:
    """The record itself; an auditor (who may break glass but reads no case record) goes to
    the audit trail of the child instead."""
    if allowed(user, "child.view", child):
        return _child_record_url(child)
    if allowed(user, "audit.view"):
        return reverse("audit:index") + f"?child={child.pk}"
    return reverse("home")


@requires("child.break_glass")
def break_glass(request: HttpRequest, child_id: int) -> HttpResponse:
    """Time-limited access to a record outside need to know, for a stated reason. The page
    names no one: it shows what the user searched for, or "this child"."""
    target = selectors.child_get_for_break_glass(user=request.user, child_id=child_id)
    child = target.child
    if target.already_visible:
        # Nothing to open (their work, an earlier grant, or a second click of the button).
        return redirect(_after_break_glass_url(request.user, child))
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.break_glass_grant(
                user=signed_in_user(request),
                child=child,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except SafeguardError as error:
            add_errors_from(form, error)
        else:
            _forget_searched(request, child.pk)
            until = timezone.localtime(grant.expires_at)
            messages.success(
                request,
                f"You can open this record until {until:%H:%M} on {until.day} {until:%B %Y}. "
                "Your reason has been sent to the child's team manager and the auditors.",
            )
            return redirect(_after_break_glass_url(request.user, child))
    return render(
        request,
        "access/break_glass.html",
        {
            "form": form,
            "searched": _searched(request, child.pk),
            "hours": int(getattr(settings, "SAFEGUARD_BREAK_GLASS_HOURS", 4)),
        },
        status=400 if form.errors else 200,
    )


@requires("record.restrict")
def restriction(request: HttpRequest, child_id: int) -> HttpResponse:
    """A restricted record's restriction (who is named, why, since when), or the form that
    restricts the record."""
    child = selectors.child_get_for_restriction(user=request.user, child_id=child_id)
    current = selectors.restriction_get(child=child)
    context: dict[str, Any] = {"child": child, "record_url": _child_record_url(child)}
    if current is not None:
        context["restriction"] = current
        return render(request, "access/restriction.html", context)
    form = RestrictionForm(
        request.POST or None,
        workers=selectors.workers_to_name_list(user=request.user),
        initial={
            "named_users": [str(pk) for pk in selectors.restriction_suggested_user_ids(child=child)]
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.restricted_record_create(
                user=signed_in_user(request),
                child=child,
                reason=form.cleaned_data["reason"],
                named_users=form.chosen_users(),
                request=request,
            )
        except SafeguardError as error:
            add_errors_from(form, error)
        else:
            messages.success(request, RESTRICTED)
            return redirect(_child_record_url(child))
    context["form"] = form
    return render(
        request, "access/restriction_form.html", context, status=400 if form.errors else 200
    )


@requires("record.restrict")
def restriction_lift(request: HttpRequest, child_id: int) -> HttpResponse:
    child = selectors.child_get_for_restriction(user=request.user, child_id=child_id)
    current = selectors.restriction_get(child=child)
    if current is None:
        return redirect("access:restriction", child_id=child.pk)
    form = LiftRestrictionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.restricted_record_lift(
                user=signed_in_user(request),
                child=child,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except SafeguardError as error:
            add_errors_from(form, error)
        else:
            messages.success(request, RESTRICTION_LIFTED)
            return redirect(_child_record_url(child))
    return render(
        request,
        "access/restriction_lift.html",
        {
            "child": child,
            "form": form,
            "restriction": current,
            "record_url": _child_record_url(child),
        },
        status=400 if form.errors else 200,
    )
