"""Where each person starts: the page of their own work, chosen from their role.

After signing in (and at `/`) a person lands on the first of their work pages in the fixed
order of `WORK_PAGES`; the landing page links to the others. A page is someone's work when
their role is one it names (a person without a staff role, a partner agency's user, by the
rule alone) and the page's own rule lets them open it. One table, asked by one function
(`work_pages_for`), so no view decides where anyone goes.

Which role lands where (docs/accounts.md):

    social worker, senior practitioner   My cases
    team manager                         their team, then My cases
    head of service                      Your teams
    conference chair                     Your conferences
    front door / MASH worker             the front door's queue of contacts
    family help practitioner             Your families
    performance analyst                  Performance, then Returns
    auditor                              Alerts, then the audit trail
    system administrator                 Accounts (the administration pages)
    partner agency user                  Partner check, then Your families (the families they
                                         lead), then Your referrals
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.urls import reverse

from safeguard.access.permissions import allowed
from safeguard.access.roles import Role, role_of
from safeguard.common.types import AnyUser


@dataclass(frozen=True)
class WorkPage:
    label: str
    url_name: str
    # Whose work the page is. None: no staff role (a partner's user), the rule alone decides.
    roles: frozenset[str] | None
    # The rule that opens the page; None for a page every signed-in person may open.
    permission: str | None


WORK_PAGES: tuple[WorkPage, ...] = (
    WorkPage(
        "Your teams",
        "cases:team_dashboard",
        frozenset({Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE}),
        "team.dashboard",
    ),
    WorkPage(
        "Your conferences",
        "cases:conferences",
        frozenset({Role.CONFERENCE_CHAIR}),
        "conference.list",
    ),
    WorkPage(
        "Front door", "front_door:queue", frozenset({Role.FRONT_DOOR_WORKER}), "contact.decide"
    ),
    # A family help practitioner's families; a partner's practitioner who leads families
    # (below) lands there unless they are named for the partner check.
    WorkPage(
        "Your families",
        "family_help:list",
        frozenset({Role.FAMILY_HELP_PRACTITIONER}),
        "family_help.view",
    ),
    # A team manager may hold a few cases of their own: after their team.
    WorkPage(
        "My cases",
        "cases:my_cases",
        frozenset({Role.SOCIAL_WORKER, Role.SENIOR_PRACTITIONER, Role.TEAM_MANAGER}),
        "caseload.view",
    ),
    WorkPage(
        "Performance",
        "performance:dashboard",
        frozenset({Role.PERFORMANCE_ANALYST}),
        "performance.view",
    ),
    WorkPage("Returns", "returns:census", frozenset({Role.PERFORMANCE_ANALYST}), "returns.build"),
    # The alerts page is everyone's own (break-glass on their records); the auditor's work.
    WorkPage("Alerts", "audit:alerts", frozenset({Role.AUDITOR}), None),
    WorkPage("Audit trail", "audit:index", frozenset({Role.AUDITOR}), "audit.view"),
    WorkPage("Accounts", "admin:index", frozenset({Role.SYSTEM_ADMINISTRATOR}), "accounts.manage"),
    WorkPage("Partner check", "agencies:partner_check", None, "partner.check"),
    WorkPage("Your families", "family_help:list", None, "family_help.view"),
    WorkPage("Your referrals", "front_door:partner_referrals", None, "partner.refer"),
)


def _is_their_work(user: AnyUser, page: WorkPage, role: str | None) -> bool:
    if page.roles is None:
        if role is not None:
            return False
    elif role not in page.roles:
        return False
    return page.permission is None or allowed(user, page.permission)


def work_pages_for(user: AnyUser | None) -> list[WorkPage]:
    """The user's work pages, in the order they are offered: the first is where they land.
    Asked of their role (read once a request) and rules that, for staff, read only the role,
    so it costs no query of its own."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    role = role_of(user)
    return [page for page in WORK_PAGES if _is_their_work(user, page, role)]


def landing_url(user: AnyUser | None) -> str | None:
    """Where the user starts after signing in, or None if no page is their work."""
    pages = work_pages_for(user)
    return reverse(pages[0].url_name) if pages else None


@cache
def _work_page_paths() -> dict[str, str]:
    # Asked by the layout of every page: the URLs are fixed, so reversed once, not each time.
    return {page.url_name: reverse(page.url_name) for page in WORK_PAGES}


def other_work_for(user: AnyUser | None, path: str) -> list[tuple[str, str]]:
    """On one of the user's work pages (`path`), the others as (label, URL): a person whose
    work spans several pages sees the rest from whichever they are on. Empty elsewhere."""
    paths = _work_page_paths()
    if path not in paths.values():
        return []  # not a work page: nothing asked of the user's rules
    pages = [(page.label, paths[page.url_name]) for page in work_pages_for(user)]
    if len(pages) < 2 or path not in {url for _label, url in pages}:
        return []
    return [(label, url) for label, url in pages if url != path]
