"""People pages: "Find a child"."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from safeguard.accounts.access import requires

from .forms import ChildSearchForm
from .selectors import MAX_RESULTS, SearchResult, child_search


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
    results: list[SearchResult] | None = None
    if submitted and form.is_valid():
        results = child_search(user=request.user, terms=form.terms(), request=request)
    return render(
        request,
        "people/search.html",
        {
            "form": form,
            "results": results,
            "rows": [(r, _child_record_url(r.child_id)) for r in results or []],
            "max_results": MAX_RESULTS,
        },
        status=400 if submitted and form.errors else 200,
    )
