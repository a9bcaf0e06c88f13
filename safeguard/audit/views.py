"""The auditor's pages: who has looked at a child's record and why, what a user has looked at
or been refused, what happened over a period, an export of any of these, and everyone's
unread alerts (break-glass access to a record they are responsible for, bursts of refusals)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from safeguard.access.permissions import allowed
from safeguard.accounts.access import requires, signed_in_only, signed_in_user

from .export import audit_csv_lines
from .forms import SEARCH_PARAMETERS, AuditSearchForm
from .models import Action, AuditEntry
from .names import describe_entries
from .selectors import audit_entries_search, audit_entry_latest_id
from .services import audit_record

PAGE_SIZE = 50
# An export larger than this is refused with a request to narrow the search: a file of
# hundreds of thousands of entries is not read by a person, and is built in the server's memory
# (about 30 MB at this size).
EXPORT_LIMIT = 100_000
EXPORT_TOO_LARGE = (
    "This search finds {count:,} entries and an export holds at most {limit:,}: "
    "narrow the dates, or add a child, a username or what happened"
)


def _whole_number(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


def _terms(request: HttpRequest) -> dict[str, str]:
    """The search as the auditor typed it, for the form, the page links and the trail."""
    return {
        name: request.GET.get(name, "").strip()[:150]
        for name in SEARCH_PARAMETERS
        if request.GET.get(name, "").strip()
    }


def _search(form: AuditSearchForm, upto: int) -> QuerySet[AuditEntry]:
    data = form.cleaned_data
    return audit_entries_search(
        child_id=data.get("child"),
        account=data.get("username"),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        action=data.get("action") or "",
        upto=upto,
    )


@requires("audit.view")
@require_http_methods(["GET"])
def index(request: HttpRequest) -> HttpResponse:
    """Search the trail by child, by user, by dates (and what happened); newest first, a page
    at a time, each entry named in words."""
    terms = _terms(request)
    form = AuditSearchForm(request.GET if terms else None)
    context: dict[str, Any] = {"form": form, "terms": terms}
    if not terms:
        return render(request, "audit/index.html", context)

    valid = form.is_valid()
    # Pages stay still while the auditor reads them: the first page pins the trail at the
    # entry before this search, and later pages carry that number on.
    upto = _whole_number(request.GET.get("upto"))
    if upto is None:
        upto = audit_entry_latest_id()
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

    entries = _search(form, upto)
    page = Paginator(entries, PAGE_SIZE).get_page(page_number)
    listed = list(page.object_list)

    def page_url(number: int) -> str:
        return "?" + urlencode({**terms, "upto": upto, "page": number})

    context.update(
        page=page,
        entries=listed,
        rows=describe_entries(listed),
        child_id=child_id,
        authority_child_id=getattr(form, "authority_child_id", ""),
        child_name=getattr(form, "child_name", ""),
        account=form.cleaned_data.get("username"),
        date_from=form.cleaned_data.get("date_from"),
        date_to=form.cleaned_data.get("date_to"),
        action_label=dict(Action.choices).get(form.cleaned_data.get("action") or "", ""),
        upto=upto,
        previous_url=page_url(page.previous_page_number()) if page.has_previous() else None,
        next_url=page_url(page.next_page_number()) if page.has_next() else None,
        export_url=reverse("audit:export") + "?" + urlencode({**terms, "upto": upto}),
        break_glass=Action.BREAK_GLASS.value,
        refused=Action.REFUSED.value,
        break_glass_count=entries.filter(action=Action.BREAK_GLASS).count(),
    )
    return render(request, "audit/index.html", context)


@requires("audit.view")
@require_http_methods(["GET"])
def export(request: HttpRequest) -> HttpResponse:
    """The entries a search finds, as CSV, named as the page names them. The export is itself
    an entry in the trail, with the search and the number of entries exported."""
    terms = _terms(request)
    form = AuditSearchForm(request.GET if terms else None)
    if not terms or not form.is_valid():
        # Back to the search, which shows what is wrong with it.
        return redirect(reverse("audit:index") + ("?" + urlencode(terms) if terms else ""))
    upto = _whole_number(request.GET.get("upto"))
    if upto is None:
        upto = audit_entry_latest_id()
    entries = _search(form, upto)
    count = entries.count()
    if count > EXPORT_LIMIT:
        form.add_error(None, EXPORT_TOO_LARGE.format(count=count, limit=EXPORT_LIMIT))
        return render(request, "audit/index.html", {"form": form, "terms": terms}, status=400)
    audit_record(
        action=Action.EXPORT,
        actor=request.user,
        request=request,
        object_type="audit.trail",
        child_id=form.cleaned_data.get("child"),
        details={"terms": terms, "upto": upto, "entries": count, "format": "csv"},
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # Read from the database a chunk at a time; the file itself is at most EXPORT_LIMIT rows.
    for lines in audit_csv_lines(entries):
        response.write(lines)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    return response


def _alerts_for(user: User) -> QuerySet[Any]:
    # Alerts belong to access; the audit app reaches them by name rather than importing it.
    alert = apps.get_model("access", "Alert")
    return alert.objects.filter(recipient=user, read_at__isnull=True).order_by("-created_at")


@signed_in_only
@require_http_methods(["GET", "POST"])
def alerts(request: HttpRequest) -> HttpResponse:
    """The signed-in person's unread alerts; each can be marked as read (only their own)."""
    unread = _alerts_for(signed_in_user(request))
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
