"""Family help's pages to read: "Your families" and the family's page (which links to the
recording pages of `views_recording` for those who may record).

Each view declares its permission (`family_help.view`) and asks one selector, which applies
need to know for families and audits the read: a family outside it is a 404.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from safeguard.access.permissions import allowed
from safeguard.access.roles import role_of
from safeguard.accounts.access import requires, signed_in_user

from . import selectors
from .signals import lead_signals_list
from .views_recording import RECORD, family_recording_links


@requires("family_help.view")
@require_GET
def family_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    families = selectors.family_help_list_for_user(user=user, request=request)
    # What a lead is told of the children they help (signals.lead_signals_list): the only
    # place a partner lead sees them, as they see no child's record.
    signals = lead_signals_list(user=user, request=request)
    return render(request, "family_help/list.html", {"families": families, "signals": signals})


@requires("family_help.view")
@require_GET
def family_page(request: HttpRequest, family_help_id: int) -> HttpResponse:
    user = signed_in_user(request)
    page = selectors.family_help_get(user=user, family_help_id=family_help_id, request=request)
    return render(
        request,
        "family_help/family.html",
        {
            "page": page,
            "family": page.family_help,
            "leads": [{"name": selectors.lead_name(lead), "lead": lead} for lead in page.leads],
            # A partner lead is told the page is the family's help only: no child's record.
            "is_partner": role_of(user) is None,
            "recording_links": family_recording_links(page)
            if allowed(user, RECORD, page.family_help)
            else [],
        },
    )
