"""The census page: build the census for a year (in the background: the job's page shows how
far it has got), read its error report (each row links to the child's data-quality page, and
to their record where the reader may open it), and download the file and the report; and the
data-quality page of one child the report lists. Audited."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.access.roles import worker_of
from safeguard.accounts.access import requires, signed_in_user
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.jobs.selectors import jobs_list_for_requester
from safeguard.jobs.services import job_start
from safeguard.returns.jobs import NO_CENSUS_WORKER

from ..models import CensusBuild
from .forms import CensusYearForm
from .rules import RULES
from .selectors import (
    census_build_latest,
    census_builds_for,
    census_child_check_get,
    census_report_rows,
    children_openable,
)
from .years import LAST_YEAR, collection_year

FILES = {"xml": ("xml_path", "application/xml"), "report": ("report_path", "text/csv")}


def _year_from(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
        collection_year(year)
    except ValueError:
        # The latest full year: the one that ended last 31 March.
        today = timezone.localdate()
        year = min(today.year if today.month > 3 else today.year - 1, LAST_YEAR)
    return year


@requires("returns.build")
@require_http_methods(["GET", "POST"])
def census(request: HttpRequest) -> HttpResponse:
    year = _year_from(request)
    form = CensusYearForm(request.POST or None, initial={"year": year})
    if request.method == "POST":
        worker = worker_of(request.user)
        if worker is None:
            form.add_error(None, NO_CENSUS_WORKER)
        elif form.is_valid():
            job = job_start(
                kind="census",
                params={"year": form.cleaned_data["year"]},
                requested_by=signed_in_user(request),
            )
            return redirect("jobs:detail", job_id=job.pk)
    build = census_build_latest(user=request.user, year=year)
    context = {
        "form": form,
        "year": collection_year(year),
        "build": build,
        "builds": census_builds_for(user=request.user)[:20],
        "rule_count": len({r.code for r in RULES}),
        "building": [
            job
            for job in jobs_list_for_requester(user=request.user, kind="census")
            if not job.is_finished
        ],
    }
    if build is not None:
        rows, more = census_report_rows(build)
        messages_by_rule = {r.code: r.message for r in RULES}
        context.update(
            rows=rows,
            more_rows=more,
            # Every row's child has a data-quality page; a record opens only within need to
            # know (an analyst opens none), so only those links are offered.
            openable={
                str(pk)
                for pk in children_openable(
                    user=request.user, child_ids={int(r.child_id) for r in rows if r.child_id}
                )
            },
            by_rule=sorted(
                (code, n, messages_by_rule.get(code, "")) for code, n in build.by_rule.items()
            ),
        )
        # The report names children by their authority id: reading it is audited.
        audit_record(
            action=Action.READ,
            actor=request.user,
            request=request,
            object_type="returns.census_report",
            object_id=build.pk,
            details={"year": build.year},
        )
    return render(request, "returns/census/index.html", context)


@requires("returns.build")
@require_GET
def census_download(request: HttpRequest) -> HttpResponse:
    year = _year_from(request)
    kind = request.GET.get("file", "xml")
    build: CensusBuild | None = census_build_latest(user=request.user, year=year)
    if build is None or kind not in FILES:
        messages.error(request, "There is no census file for that year yet: build it first.")
        return redirect(reverse("returns:census") + f"?year={year}")
    attribute, content_type = FILES[kind]
    path = Path(getattr(build, attribute))
    if not path.is_file():
        messages.error(request, "That file is no longer on disk: build the census again.")
        return redirect(reverse("returns:census") + f"?year={year}")
    audit_record(
        action=Action.EXPORT,
        actor=request.user,
        request=request,
        object_type="returns.census_file" if kind == "xml" else "returns.census_report",
        object_id=build.pk,
        details={"year": build.year, "file": kind},
    )
    # Streamed from disk: the file is one authority's year (tens of megabytes). The access
    # decorators are typed for HttpResponse; a streamed response serves the same way.
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type=content_type
    )
    return cast(HttpResponse, response)


@requires("returns.build")
@require_GET
def census_child(request: HttpRequest, build_id: int, child_id: int) -> HttpResponse:
    """The data-quality page: what the census holds for one child its error report lists, with
    the errors against it and whom to ask (read-only; audited by the selector)."""
    check = census_child_check_get(
        user=signed_in_user(request), build_id=build_id, child_id=child_id, request=request
    )
    return render(request, "returns/census/child.html", {"check": check})
