"""Export the child's chronology for a court bundle (Word), for the period the user chooses.

The page asks for the period; the download reads the record through the same selector as the
record page (need to know, one audit entry for the read), builds the document with the pure
builder in `cases.chronology_export`, and records the export in the audit trail.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from safeguard.access.permissions import allowed
from safeguard.access.roles import worker_of
from safeguard.accounts.access import requires, signed_in_user
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.common.forms import GovukDateField, GovukForm

from ..chronology_export import (
    DOCX_CONTENT_TYPE,
    ChronologyHeading,
    chronology_docx,
    events_in_range,
)
from ..selectors import child_record_get, child_record_page_get

PERMISSION = "child.export_chronology"
ERROR_TO_BEFORE_FROM = "The end of the period must be the same as or after the start"
ERROR_FROM_IN_FUTURE = "The start of the period must be today or in the past"


class ChronologyExportForm(GovukForm):
    date_from = GovukDateField(
        label="Start of the period",
        required=False,
        help_text="For example, 27 3 2024. Leave blank to start at the first event.",
    )
    date_to = GovukDateField(
        label="End of the period",
        required=False,
        help_text="For example, 31 1 2025. Leave blank to end today.",
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        self.today = today
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and start > self.today:
            self.add_error("date_from", ERROR_FROM_IN_FUTURE)
        if start and end and end < start:
            self.add_error("date_to", ERROR_TO_BEFORE_FROM)
        return cleaned


@requires(PERMISSION)
@require_GET
def chronology_export(request: HttpRequest, child_id: int) -> HttpResponse:
    today = timezone.localdate()
    download = "download" in request.GET
    form = ChronologyExportForm(request.GET if download else None, today=today)
    if not download or not form.is_valid():
        child = child_record_get(user=request.user, child_id=child_id, request=request)
        if not allowed(request.user, PERMISSION, child):
            raise PermissionDenied(PERMISSION)
        return render(
            request,
            "cases/record/chronology_export.html",
            {"child": child, "form": form},
            status=400 if download else 200,
        )

    record = child_record_page_get(
        user=signed_in_user(request), child_id=child_id, today=today, request=request
    )
    child = record.child
    if not allowed(request.user, PERMISSION, child):
        raise PermissionDenied(PERMISSION)
    date_to = form.cleaned_data["date_to"] or today
    date_from = form.cleaned_data["date_from"] or min(
        (e.on for e in record.chronology), default=date_to
    )
    events = events_in_range(record.chronology, date_from, date_to)
    worker = worker_of(request.user)
    authority = record.allocation.team.authority.name if record.allocation else ""
    heading = ChronologyHeading(
        child_name=child.full_name,
        date_of_birth=child.date_of_birth,
        date_from=date_from,
        date_to=date_to,
        authority=authority,
        la_child_id=child.la_child_id or "",
        prepared_by=worker.full_name if worker else request.user.get_username(),
        prepared_on=today,
    )
    content = chronology_docx(heading, events)
    audit_record(
        action=Action.EXPORT,
        actor=request.user,
        request=request,
        object_type="people.person",
        object_id=child.pk,
        child_id=child.pk,
        details={
            "export": "court_bundle_chronology",
            "format": "docx",
            "from": date_from.isoformat(),
            "to": date_to.isoformat(),
            "events": len(events),
        },
    )
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    # Named by record number, not by name: file names end up in download folders and logs.
    response["Content-Disposition"] = (
        f'attachment; filename="chronology-{child.pk}-{date_from:%Y%m%d}-{date_to:%Y%m%d}.docx"'
    )
    return response
