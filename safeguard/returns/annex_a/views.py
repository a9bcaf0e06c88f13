"""The Annex A page: an analyst chooses the window and starts the build, which runs in the
background (it takes tens of seconds at a large authority); the job's page shows how far it
has got and then offers the workbook, whose download is audited."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.accounts.access import requires, signed_in_user
from safeguard.jobs.selectors import jobs_list_for_requester
from safeguard.jobs.services import job_start

from .forms import AnnexAWindowForm
from .layout import LISTS


@requires("returns.build")
@require_http_methods(["GET", "POST"])
def build(request: HttpRequest) -> HttpResponse:
    form = AnnexAWindowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        window = form.cleaned_data["window"]
        job = job_start(
            kind="annex_a",
            params={"from": window.start.isoformat(), "to": window.end.isoformat()},
            requested_by=signed_in_user(request),
        )
        return redirect("jobs:detail", job_id=job.pk)
    context = {
        "form": form,
        "lists": LISTS,
        "jobs": jobs_list_for_requester(user=request.user, kind="annex_a"),
    }
    return render(request, "returns/annex_a/build.html", context)
