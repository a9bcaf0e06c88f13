"""The roles a signed-in person can hold, read from their worker record."""

from __future__ import annotations

from typing import Any

from safeguard.organisation.models import Worker, in_post_q

Role = Worker.Role

# Roles that work directly with children's records.
PRACTITIONER_ROLES = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.SENIOR_PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.HEAD_OF_SERVICE,
        Role.FRONT_DOOR_WORKER,
        Role.CONFERENCE_CHAIR,
    }
)
MANAGER_ROLES = frozenset({Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE})


def worker_of(user: Any) -> Worker | None:
    """The active worker record behind a signed-in user, or None."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    # Cached on the user object: one lookup per request however many checks it makes.
    if hasattr(user, "_safeguard_worker"):
        cached: Worker | None = user._safeguard_worker
        return cached
    worker = (
        Worker.objects.select_related("team", "authority").filter(in_post_q(), user=user).first()
    )
    user._safeguard_worker = worker
    return worker


def role_of(user: Any) -> str | None:
    worker = worker_of(user)
    return worker.role if worker else None
