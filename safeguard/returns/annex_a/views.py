"""The Annex A page: an analyst chooses the window and downloads the workbook."""

from __future__ import annotations

import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from safeguard.accounts.access import requires

from .forms import AnnexAWindowForm
from .layout import LISTS
from .services import AnnexARequestError, annex_a_download

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@requires("returns.build")
@require_http_methods(["GET", "POST"])
def build(request: HttpRequest) -> HttpResponse:
    form = AnnexAWindowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        window = form.cleaned_data["window"]
        output = io.BytesIO()
        try:
            annex_a_download(window=window, output=output, request=request)
        except AnnexARequestError as error:
            form.add_error(None, str(error))
        else:
            response = HttpResponse(output.getvalue(), content_type=XLSX)
            name = f"annex-a-{window.start.isoformat()}-to-{window.end.isoformat()}.xlsx"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    return render(request, "returns/annex_a/build.html", {"form": form, "lists": LISTS})
