"""Signals: the list of those sent to the user or their teams, one signal with its evidence,
and acknowledging it with a decision and its reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.access.permissions import allowed
from safeguard.access.roles import worker_of
from safeguard.accounts.access import requires
from safeguard.audit.services import audit_list

from . import selectors, services
from .forms import AcknowledgeForm
from .models import Signal
from .rules import RULES, RULES_BY_ID

ACKNOWLEDGED = "Signal acknowledged: your decision and reason are recorded"
ACKNOWLEDGED_AS_CONTACT = (
    "Signal acknowledged: the front door has it as a contact, reference {reference}"
)


def _child_record_url(child_id: int) -> str:
    return reverse("cases:child_record", args=[child_id])


@requires("signal.view")
@require_GET
def signal_list(request: HttpRequest) -> HttpResponse:
    include_acknowledged = request.GET.get("show") == "all"
    rows = selectors.signal_list_for_user(
        user=request.user, include_acknowledged=include_acknowledged
    )
    # The list names each signal's child: one audit entry for the look, as for a caseload.
    audit_list(
        actor=request.user,
        request=request,
        name="signals",
        object_type="signals.signal",
        child_ids=[row.signal.child_id for row in rows],
        details={
            "signals": [row.signal.pk for row in rows],
            "acknowledged_shown": include_acknowledged,
        },
    )
    return render(
        request,
        "signals/list.html",
        {"rows": rows, "include_acknowledged": include_acknowledged, "rules": RULES},
    )


def _detail_page(
    request: HttpRequest, signal: Signal, form: AcknowledgeForm | None
) -> HttpResponse:
    may_acknowledge = not signal.is_acknowledged and allowed(
        request.user, "signal.acknowledge", signal
    )
    return render(
        request,
        "signals/detail.html",
        {
            "signal": signal,
            "rule": RULES_BY_ID[signal.rule_id],
            "form": form if form is not None else AcknowledgeForm(),
            "may_acknowledge": may_acknowledge,
            "child_url": _child_record_url(signal.child_id),
            "contact": (
                selectors.signal_contact_get(signal)
                if signal.decision == Signal.Decision.FRONT_DOOR_CONTACT
                else None
            ),
        },
        status=400 if form is not None and form.errors else 200,
    )


@requires("signal.view")
@require_GET
def signal_detail(request: HttpRequest, signal_id: int) -> HttpResponse:
    signal = selectors.signal_get(user=request.user, signal_id=signal_id, request=request)
    return _detail_page(request, signal, None)


@requires("signal.acknowledge")
@require_http_methods(["POST"])
def signal_acknowledge(request: HttpRequest, signal_id: int) -> HttpResponse:
    signal = selectors.signal_get(user=request.user, signal_id=signal_id, request=request)
    if not allowed(request.user, "signal.acknowledge", signal):
        raise PermissionDenied("signal.acknowledge")
    worker = worker_of(request.user)
    if worker is None:
        raise PermissionDenied("no worker record")
    form = AcknowledgeForm(data=request.POST)
    if form.is_valid():
        try:
            acknowledged = services.signal_acknowledge(
                signal=signal,
                by=worker,
                decision=form.cleaned_data["decision"],
                rationale=form.cleaned_data["rationale"],
                request=request,
                actor=request.user,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            contact = (
                selectors.signal_contact_get(acknowledged)
                if acknowledged.decision == Signal.Decision.FRONT_DOOR_CONTACT
                else None
            )
            messages.success(
                request,
                ACKNOWLEDGED_AS_CONTACT.format(reference=contact.reference)
                if contact is not None
                else ACKNOWLEDGED,
            )
            return HttpResponseRedirect(reverse("signals:detail", args=[signal.pk]))
    return _detail_page(request, signal, form)
