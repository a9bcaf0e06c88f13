"""The roles a signed-in person can hold, read from their worker record."""

from __future__ import annotations

from safeguard.common.types import AnyUser
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
        # Works with the children of the families they help (docs/family-help.md); sees a
        # child's record only for the reasons to know family help registers.
        Role.FAMILY_HELP_PRACTITIONER,
    }
)
MANAGER_ROLES = frozenset({Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE})
# Who sees every family whose help a team they work in or oversee has oversight of: the
# team's family help practitioners and its managers (anyone else only the families they lead).
FAMILY_HELP_TEAM_ROLES = frozenset({Role.FAMILY_HELP_PRACTITIONER, *MANAGER_ROLES})


# Where a user object keeps its worker record once looked up (its __dict__, as Django caches
# a related object): one lookup per request however many checks it makes.
_WORKER = "_safeguard_worker"
_UNKNOWN = object()


def worker_of(user: AnyUser | None) -> Worker | None:
    """The active worker record behind a signed-in user, or None."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    # getattr and setattr, not __dict__: request.user is a lazy wrapper, which passes them on
    # to the account inside it.
    cached: Worker | object | None = getattr(user, _WORKER, _UNKNOWN)
    if cached is not _UNKNOWN:
        return cached  # type: ignore[return-value]
    worker = (
        Worker.objects.select_related("team", "authority").filter(in_post_q(), user=user).first()
    )
    setattr(user, _WORKER, worker)
    return worker


def worker_remember(user: AnyUser, worker: Worker | None) -> None:
    """Keep the worker record in post behind `user` (None: none), read with the account
    (`accounts.backends`), so that `worker_of` asks nothing more this request. It must be what
    `worker_of` would find: in post, with its team and authority."""
    setattr(user, _WORKER, worker)


def role_of(user: AnyUser | None) -> str | None:
    worker = worker_of(user)
    return worker.role if worker else None
