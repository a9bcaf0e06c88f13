"""The workforce census page: the census of 30 September for a year, checked (who is in it,
the vacancies block, each problem naming the worker and the item), and its file and error
report to download. Built on request (an authority has hundreds of social workers: a second
or less), so the page always shows the record as it is now. Reading and downloading are
audited: the census names every social worker."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from safeguard.access.roles import worker_of
from safeguard.accounts.access import requires, signed_in_user
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record

from .report import report_path_for
from .services import WorkforceCensusError, workforce_census_build, workforce_census_prepare
from .years import FIRST_YEAR, LAST_YEAR, UnknownCensusYear, census_year

NO_WORKER = "Only staff of an authority can build its workforce census."
FILES = {"xml": "application/xml", "report": "text/csv"}
ISSUES_SHOWN = 200


def _year_from(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
        census_year(year)
    except (ValueError, UnknownCensusYear):
        # The latest census whose day has passed, within the years we build.
        today = timezone.localdate()
        year = max(FIRST_YEAR, min(today.year if today.month > 9 else today.year - 1, LAST_YEAR))
    return year


@requires("returns.build")
@require_GET
def workforce_census(request: HttpRequest) -> HttpResponse:
    year = _year_from(request)
    worker = worker_of(request.user)
    context: dict[str, object] = {
        "year": census_year(year),
        "years": range(FIRST_YEAR, LAST_YEAR + 1),
    }
    if worker is None:
        context["problem"] = NO_WORKER
        return render(request, "returns/workforce/index.html", context)
    try:
        prepared = workforce_census_prepare(authority=worker.authority, year=year)
    except WorkforceCensusError as error:
        context["problem"] = str(error)
        return render(request, "returns/workforce/index.html", context)
    audit_record(
        action=Action.READ,
        actor=request.user,
        request=request,
        object_type="returns.workforce_census",
        object_id=f"{worker.authority.la_code}-{year}",
        details={"year": year, "problems": len(prepared.issues)},
    )
    workers = prepared.workers
    context.update(
        prepared=prepared,
        issues=prepared.issues[:ISSUES_SHOWN],
        more_issues=len(prepared.issues) > ISSUES_SHOWN,
        counts={
            "in_post": sum(1 for w in workers if w.in_post_30 and not w.agency),
            "agency": sum(1 for w in workers if w.agency),
            "starters": sum(1 for w in workers if w.starter),
            "leavers": sum(1 for w in workers if w.leaver),
        },
    )
    return render(request, "returns/workforce/index.html", context)


@requires("returns.build")
@require_GET
def workforce_census_download(request: HttpRequest) -> HttpResponse:
    """The census file (XML) or its error report (CSV), built now; the build audits it."""
    year = _year_from(request)
    kind = request.GET.get("file", "xml")
    worker = worker_of(request.user)
    back = reverse("returns:workforce_census") + f"?year={year}"
    if worker is None or kind not in FILES:
        messages.error(request, NO_WORKER if worker is None else "Choose the file or the report.")
        return redirect(back)
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / f"csww_{year}_{worker.authority.la_code}.xml"
        try:
            workforce_census_build(
                authority=worker.authority,
                year=year,
                output=output,
                actor=signed_in_user(request),
            )
        except WorkforceCensusError as error:
            messages.error(request, str(error))
            return redirect(back)
        path = output if kind == "xml" else report_path_for(output)
        response = HttpResponse(path.read_bytes(), content_type=FILES[kind])
    response["Content-Disposition"] = f'attachment; filename="{path.name}"'
    return response
