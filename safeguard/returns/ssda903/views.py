"""The analysts' SSDA903 page: build the return for a year, read its error report (each row
links to the child's record where the reader may open it) and download the files and the
report. Audited."""

from __future__ import annotations

import io
import zipfile

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.access.roles import worker_of
from safeguard.accounts.access import requires, signed_in_user
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.returns.census.selectors import children_openable

from .build import SSDA903BuildError
from .forms import SSDA903YearForm
from .selectors import REPORT_ROWS_SHOWN, ssda903_build_latest, ssda903_report_rows
from .services import ssda903_page_build
from .years import PLACEMENT_TYPES, return_year

NO_WORKER = "Only staff of an authority can build its SSDA903 return."
NOT_BUILT = "There is no SSDA903 return for that year yet: build it first."


def _year_from(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
        return_year(year)
    except ValueError:
        # The latest full year the return knows: the one that ended last 31 March.
        today = timezone.localdate()
        year = min(today.year if today.month > 3 else today.year - 1, max(PLACEMENT_TYPES))
    return year


@requires("returns.build")
@require_http_methods(["GET", "POST"])
def ssda903(request: HttpRequest) -> HttpResponse:
    year = _year_from(request)
    form = SSDA903YearForm(request.POST or None, initial={"year": year})
    worker = worker_of(request.user)
    if request.method == "POST":
        if worker is None:
            form.add_error(None, NO_WORKER)
        elif form.is_valid():
            chosen = form.cleaned_data["year"]
            try:
                ssda903_page_build(
                    authority=worker.authority, year=chosen, actor=signed_in_user(request)
                )
            except SSDA903BuildError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, f"The SSDA903 return {return_year(chosen).label} is built."
                )
                return redirect(reverse("returns:ssda903") + f"?year={chosen}")
    build = ssda903_build_latest(authority=worker.authority, year=year) if worker else None
    context: dict[str, object] = {"form": form, "year": return_year(year), "build": build}
    if build is not None:
        rows, total = ssda903_report_rows(build)
        context.update(
            rows=rows,
            total=total,
            more_rows=total > REPORT_ROWS_SHOWN,
            openable={
                str(pk)
                for pk in children_openable(
                    user=request.user, child_ids={int(r.child_id) for r in rows if r.child_id}
                )
            },
        )
        # The report names children by their authority id: reading it is audited.
        audit_record(
            action=Action.READ,
            actor=request.user,
            request=request,
            object_type="returns.ssda903_report",
            object_id=build.folder.name,
            details={"year": year, "problems": total},
        )
    return render(request, "returns/ssda903/index.html", context)


@requires("returns.build")
@require_GET
def ssda903_download(request: HttpRequest) -> HttpResponse:
    """The error report (CSV), or the return's CSV files in one zip, of the latest build."""
    year = _year_from(request)
    kind = request.GET.get("file", "files")
    worker = worker_of(request.user)
    build = ssda903_build_latest(authority=worker.authority, year=year) if worker else None
    if build is None or kind not in ("files", "report"):
        messages.error(request, NOT_BUILT)
        return redirect(reverse("returns:ssda903") + f"?year={year}")
    audit_record(
        action=Action.EXPORT,
        actor=request.user,
        request=request,
        object_type="returns.ssda903_file" if kind == "files" else "returns.ssda903_report",
        object_id=build.folder.name,
        details={"year": year, "file": kind},
    )
    if kind == "report":
        response = HttpResponse(build.report.read_bytes(), content_type="text/csv")
        name = f"{build.folder.name}.errors.csv"
    else:
        # A few megabytes at a large authority: zipped in memory.
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in build.files:
                archive.write(path, arcname=path.name)
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        name = f"{build.folder.name}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
