"""The header navigation: each item shows only to people whose role allows the page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from safeguard.access.permissions import allowed

# (label, URL name, permission). A mistyped name fails every page loudly, never hides an item.
ITEMS = (
    ("My cases", "cases:my_cases", "caseload.view"),
    ("Team", "cases:team_dashboard", "team.dashboard"),
    ("Front door", "front_door:queue", "contact.decide"),
    ("Find a child", "access:child_search", "child.search"),
    ("Signals", "signals:list", "signal.view"),
    ("Matches to review", "linkage:review_list", "linkage.review"),
    ("Performance", "performance:dashboard", "performance.view"),
    ("Returns", "returns:census", "returns.build"),
    ("Partner check", "agencies:partner_check", "partner.check"),
    ("Your referrals", "front_door:partner_referrals", "partner.refer"),
    ("Audit", "audit:index", "audit.view"),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = []
    for label, name, permission in ITEMS:
        if allowed(user, permission):
            url = reverse(name)
            items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    return {"navigation": items}
