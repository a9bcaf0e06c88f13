"""Pages for partner agencies' users: the partner check."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safeguard.accounts.access import requires, signed_in_user

from . import services
from .forms import PartnerCheckForm


@requires("partner.check")
def partner_check(request: HttpRequest) -> HttpResponse:
    """Ask whether a child is on a child protection plan or looked after (flags only), or be
    told to phone the front door when the details cannot confirm the child."""
    form = PartnerCheckForm(request.POST or None)
    answer = None
    if request.method == "POST" and form.is_valid():
        user = signed_in_user(request)
        answer = services.partner_check_ask(
            organisation=user.partner_membership.organisation,
            question=form.question,
            user=user,
            request=request,
        )
    return render(request, "agencies/partner_check.html", {"form": form, "answer": answer})
