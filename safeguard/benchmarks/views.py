"""The benchmarks pages: England's and the statistical neighbours' published figures, and the
choice of neighbours (docs/benchmarks.md)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.access.permissions import allowed
from safeguard.accounts.access import requires, signed_in_user
from safeguard.common.forms import add_errors_from

from . import selectors
from .forms import NeighboursForm
from .services import NeighbourChoiceError, statistical_neighbours_choose


@requires("benchmarks.view")
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    authority = selectors.authority_of(request.user)
    return render(
        request,
        "benchmarks/index.html",
        {
            "authority": authority,
            "tables": selectors.benchmark_tables(authority),
            "loads": selectors.loads_list(),
            "neighbours": selectors.neighbours_of(authority),
            "may_choose": allowed(request.user, "benchmarks.choose_neighbours"),
            "chosen": request.GET.get("chosen") == "1",
        },
    )


@requires("benchmarks.choose_neighbours")
@require_http_methods(["GET", "POST"])
def neighbours_choose(request: HttpRequest) -> HttpResponse:
    authority = selectors.authority_of(request.user)
    choosable = [
        (code, name) for code, name in selectors.choosable_authorities() if name != authority.name
    ]
    form = NeighboursForm(
        request.POST or None, choosable=choosable, current=selectors.neighbours_of(authority)
    )
    if request.method == "POST" and form.is_valid():
        try:
            statistical_neighbours_choose(
                authority=authority,
                neighbours=form.chosen(),
                actor=signed_in_user(request),
                choosable=dict(choosable),
            )
        except NeighbourChoiceError as error:
            add_errors_from(form, error)
        else:
            return redirect(reverse("benchmarks:index") + "?chosen=1")
    return render(request, "benchmarks/neighbours.html", {"form": form, "authority": authority})
