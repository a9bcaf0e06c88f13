"""The auditor's pages: who has looked at a child's record and why, what a user has looked at,
and everyone's unread alerts (break-glass access to a record they are responsible for)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from safeguard.access.permissions import allowed
from safeguard.accounts.access import requires, signed_in_only

from .forms import AuditSearchForm
from .models import Action, AuditEntry, AuditHead
from .selectors import audit_entries_by_actor, audit_entries_for_child
from .services import audit_record

PAGE_SIZE = 50


def _whole_number(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


def _entries(child_id: int | None, account: dict[str, Any] | None) -> QuerySet[AuditEntry]:
    if child_id is not None:
        entries = audit_entries_for_child(child_id=child_id)
        if account is not None:
            entries = (
                entries.filter(actor_id=account["id"])
                if account["id"] is not None
                else entries.filter(actor_username=account["username"])
            )
        return entries
    assert account is not None
    if account["id"] is not None:
        return audit_entries_by_actor(actor_id=account["id"])
    return AuditEntry.objects.filter(actor_username=account["username"]).order_by("-sequence")


@requires("audit.view")
@require_http_methods(["GET"])
def index(request: HttpRequest) -> HttpResponse:
    """Search the trail by child, by user, or both; newest first, a page at a time."""
    terms = {
        name: request.GET.get(name, "").strip()[:150]
        for name in ("child", "username")
        if request.GET.get(name, "").strip()
    }
    form = AuditSearchForm(request.GET if terms else None)
    context: dict[str, Any] = {"form": form, "terms": terms}
    if not terms:
        return render(request, "audit/index.html", context)

    valid = form.is_valid()
    # Pages stay still while the auditor reads them: the first page pins the trail at the
    # entry before this search, and later pages carry that number on.
    upto = _whole_number(request.GET.get("upto"))
    if upto is None:
        upto = AuditHead.objects.filter(id=1).values_list("sequence", flat=True).first() or 0
    page_number = _whole_number(request.GET.get("page")) or 1
    child_id = form.cleaned_data.get("child") if valid else None
    # The auditor's own searches are part of the trail, refused or not.
    audit_record(
        action=Action.SEARCH,
        actor=request.user,
        request=request,
        object_type="audit.trail",
        child_id=child_id,
        details={"terms": terms, "page": page_number},
    )
    if not valid:
        return render(request, "audit/index.html", context, status=400)

    account = form.cleaned_data.get("username")
    entries = _entries(child_id, account).filter(sequence__lte=upto)
    page = Paginator(entries, PAGE_SIZE).get_page(page_number)

    def page_url(number: int) -> str:
        return "?" + urlencode({**terms, "upto": upto, "page": number})

    context.update(
        page=page,
        entries=page.object_list,
        child_id=child_id,
        authority_child_id=getattr(form, "authority_child_id", ""),
        account=account,
        upto=upto,
        previous_url=page_url(page.previous_page_number()) if page.has_previous() else None,
        next_url=page_url(page.next_page_number()) if page.has_next() else None,
        break_glass=Action.BREAK_GLASS.value,
        break_glass_count=entries.filter(action=Action.BREAK_GLASS).count(),
    )
    return render(request, "audit/index.html", context)


def _alerts_for(user: Any) -> QuerySet[Any]:
    # Alerts belong to access; the audit app reaches them by name rather than importing it.
    alert = apps.get_model("access", "Alert")
    return alert.objects.filter(recipient=user, read_at__isnull=True).order_by("-created_at")


@signed_in_only
@require_http_methods(["GET", "POST"])
def alerts(request: HttpRequest) -> HttpResponse:
    """The signed-in person's unread alerts; each can be marked as read (only their own)."""
    unread = _alerts_for(request.user)
    if request.method == "POST":
        chosen = unread
        alert_id = _whole_number(request.POST.get("alert"))
        if alert_id is not None:
            chosen = unread.filter(pk=alert_id)
        chosen.update(read_at=timezone.now())
        return redirect("audit:alerts")
    return render(
        request,
        "audit/alerts.html",
        {"alerts": list(unread[:200]), "can_audit": allowed(request.user, "audit.view")},
    )
