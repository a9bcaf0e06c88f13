"""People pages: "Find a child"."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from safeguard.access.views import remember_search_for_break_glass
from safeguard.accounts.access import requires

from .forms import ChildSearchForm
from .selectors import MAX_RESULTS, ChildSearch, child_search_known


def _child_record_url(child_id: int) -> str:
    # The child record page lives in cases; until its URL exists, link to its planned path.
    try:
        return reverse("cases:child_record", args=[child_id])
    except NoReverseMatch:
        return f"/children/{child_id}"


@requires("child.search")
def search(request: HttpRequest) -> HttpResponse:
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
        "people/search.html",
        {
            "form": form,
            "results": results,
            "rows": [(r, _child_record_url(r.child_id)) for r in results or []],
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
