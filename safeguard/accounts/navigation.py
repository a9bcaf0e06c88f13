"""The header navigation: each item shows only to people whose role allows the page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

from safeguard.access.permissions import allowed
from safeguard.access.roles import role_of
from safeguard.common.reversing import url_for
from safeguard.common.types import AnyUser

# (label, URL name, permission). A mistyped name fails every page loudly, never hides an item.
ITEMS = (
    ("My cases", "cases:my_cases", "caseload.view"),
    ("Tasks", "tasks:list", "tasks.view"),
    ("Team", "cases:team_dashboard", "team.dashboard"),
    ("Conferences", "cases:conferences", "conference.list"),
    ("Families", "family_help:list", "family_help.view"),
    ("Front door", "front_door:queue", "contact.decide"),
    ("Find a child", "access:child_search", "child.search"),
    ("Signals", "signals:list", "signal.view"),
    ("Matches to review", "linkage:review_list", "linkage.review"),
    ("Providers", "providers:register", "providers.view"),
    ("Performance", "performance:dashboard", "performance.view"),
    ("Improvement", "improvement:plan", "improvement.view"),
    ("Workforce", "workforce:index", "workforce.view"),
    ("Quality assurance", "case_audits:list", "case_audit.view"),
    ("Returns", "returns:census", "returns.build"),
    ("Partner check", "agencies:partner_check", "partner.check"),
    ("Your referrals", "front_door:partner_referrals", "partner.refer"),
    ("Audit", "audit:index", "audit.view"),
)

# Every page renders the navigation, so a member of staff's items are worked out once per role
# per process. That is sound only while each item's rule, asked of a member of staff without an
# object, reads nothing but their role (test_navigation checks the rules' predicates). A person
# without a role (a partner user) is asked afresh every request: their items read whether
# their organisation is still active. Links are only links: every page checks its own rule.
_Links = tuple[tuple[str, str], ...]
_staff_links: dict[tuple[str, str, str], _Links] = {}


def _links(user: AnyUser) -> _Links:
    return tuple(
        (label, reverse(name)) for label, name, permission in ITEMS if allowed(user, permission)
    )


def _links_for(user: AnyUser) -> _Links:
    role = role_of(user)
    if role is None or not user.is_active:
        return _links(user)
    # URLs depend on the URLconf and script prefix, which a test or a mounted deployment may
    # change; keying on them keeps a cached link from pointing at the wrong place.
    key = (role, get_script_prefix(), str(get_urlconf() or settings.ROOT_URLCONF))
    links = _staff_links.get(key)
    if links is None:
        links = _staff_links[key] = _links(user)
    return links


# Items showing a count, by label: the URL name of the count, which the page fetches once it
# has loaded (htmx), so that no page's queries grow by another list's.
COUNTS = {"Tasks": "tasks:count"}


# (label, URL, whether it is the current page, the URL of its count or "").
NavigationItem = tuple[str, str, bool, str]


def navigation_items(request: HttpRequest) -> tuple[NavigationItem, ...]:
    """The header's items for this request's person and page (`{% header_navigation %}`)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ()
    return tuple(
        (
            label,
            url,
            request.path.startswith(url),
            url_for(COUNTS[label]) if label in COUNTS else "",
        )
        for label, url in _links_for(user)
    )


def navigation_context(items: tuple[NavigationItem, ...]) -> dict[str, Any]:
    """The items as includes/navigation.html reads them (`navigation`: label, url, active,
    count_url)."""
    return {
        "navigation": [
            {"label": label, "url": url, "active": active, "count_url": count_url}
            for label, url, active, count_url in items
        ]
    }


def navigation(request: HttpRequest) -> dict[str, Any]:
    """This request's items as the template's context. The layout draws them with
    `{% header_navigation %}`, which keeps each set drawn."""
    return navigation_context(navigation_items(request))
