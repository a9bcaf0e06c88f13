"""Every permission in Safeguard, as a named rule in one place.

Views, API routes, exports, downloads and admin pages check these on the server with
`user.has_perm(name, obj)` (or the `require` helper in `access.views`). A rule that takes a
child (`obj`) also applies need to know (`queries.can_see_child`). The access-matrix test
walks every URL and checks each declares one of these.
"""

from __future__ import annotations

from typing import Any

import rules

from .queries import can_see_child
from .roles import MANAGER_ROLES, PRACTITIONER_ROLES, Role, role_of


def _has_role(*roles: str) -> Any:
    allowed = frozenset(roles)

    @rules.predicate
    def predicate(user: Any) -> bool:
        return role_of(user) in allowed

    predicate.name = "has_role:" + ",".join(sorted(allowed))
    return predicate


is_practitioner = _has_role(*PRACTITIONER_ROLES)
is_case_holder = _has_role(Role.SOCIAL_WORKER, Role.SENIOR_PRACTITIONER, *MANAGER_ROLES)
is_manager = _has_role(*MANAGER_ROLES)
is_front_door = _has_role(Role.FRONT_DOOR_WORKER, *MANAGER_ROLES)
is_conference_chair = _has_role(Role.CONFERENCE_CHAIR, *MANAGER_ROLES)
is_auditor = _has_role(Role.AUDITOR)
is_analyst = _has_role(Role.PERFORMANCE_ANALYST, *MANAGER_ROLES)
is_system_administrator = _has_role(Role.SYSTEM_ADMINISTRATOR)


@rules.predicate
def may_see_child(user: Any, child: Any) -> bool:
    """Need to know for one child. Asked without a child (a view's role check before it has
    loaded anything) it passes, and the selector that loads the child applies it."""
    return child is None or can_see_child(user, child)


# Finding and reading children's records.
rules.add_perm("child.search", is_practitioner)
rules.add_perm("child.view", is_practitioner & may_see_child)
rules.add_perm("child.break_glass", is_practitioner | is_auditor)
rules.add_perm("caseload.view", is_practitioner)

# Recording work on a child's record.
rules.add_perm("child.record_visit", is_practitioner & may_see_child)
rules.add_perm("child.add_case_note", is_practitioner & may_see_child)
rules.add_perm("child.manage_episodes", is_case_holder & may_see_child)
rules.add_perm("contact.decide", is_front_door & may_see_child)
rules.add_perm("conference.record", is_conference_chair & may_see_child)

# Management oversight.
rules.add_perm("assessment.authorise", is_manager & may_see_child)
rules.add_perm("allocation.change", is_manager & may_see_child)
rules.add_perm("team.dashboard", is_manager)

# Oversight without case content, and the audit trail.
rules.add_perm("performance.view", is_analyst)
rules.add_perm("audit.view", is_auditor)
rules.add_perm("audit.verify", is_auditor | is_system_administrator)

# Accounts: the system administrator manages accounts but does not read case content.
rules.add_perm("accounts.manage", is_system_administrator)

PERMISSIONS = sorted(
    name for name in rules.permissions.permissions if "." in name and not name.startswith("_")
)
