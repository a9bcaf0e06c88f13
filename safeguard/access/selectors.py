"""Reads about access itself: the child behind a break-glass request, a record's restriction
and whom to ask about it, and the people a manager may name on a restriction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from safeguard.common.types import AnyUser
from safeguard.organisation.models import Worker, in_post_q
from safeguard.people.models import Person

from .models import RestrictedRecord
from .queries import can_see_child, child_get_visible, restricted_from
from .reasons import case_holders_of
from .roles import MANAGER_ROLES, PRACTITIONER_ROLES, worker_of


@dataclass(frozen=True)
class BreakGlassTarget:
    child: Person
    # The user sees the record already (by their work, a grant or being named on it).
    already_visible: bool


def child_get_for_break_glass(*, user: AnyUser, child_id: int) -> BreakGlassTarget:
    """The child whose record `user` asks to open with break-glass. 404 when there is no such
    person, or when the record is restricted and the user is not named on it: break-glass
    never opens a restricted record, and the answer is the same as for no record at all."""
    child = Person.objects.filter(pk=child_id).first()
    if child is None:
        raise Http404("No child found")
    if restricted_from(user, child.pk):
        raise Http404("No child found")
    return BreakGlassTarget(child=child, already_visible=can_see_child(user, child))


def child_get_for_restriction(*, user: AnyUser, child_id: int) -> Person:
    """The child whose restriction a manager opens: within their need to know (a restricted
    record's named people only), else 404."""
    return child_get_visible(user, child_id)


@dataclass(frozen=True)
class NamedPerson:
    name: str
    role: str
    team: str


@dataclass(frozen=True)
class Restriction:
    reason: str
    created_at: Any
    named: list[NamedPerson]


def restriction_get(*, child: Person) -> Restriction | None:
    """The child's restriction and the people named on it (by their worker record), or None.
    Call only for a child the user may see."""
    restriction = RestrictedRecord.objects.filter(child=child).first()
    if restriction is None:
        return None
    workers = (
        Worker.objects.select_related("team")
        .filter(user__in=restriction.named_users.all())
        .order_by("last_name", "first_name", "pk")
    )
    return Restriction(
        reason=restriction.reason,
        created_at=restriction.created_at,
        named=[
            NamedPerson(w.full_name, w.get_role_display(), w.team.name if w.team else "")
            for w in workers
        ],
    )


def restricted_managers_to_ask(child_ids: Iterable[int]) -> dict[int, list[str]]:
    """For each restricted record among these children, the managers named on it still in
    post (whom a searcher must ask: they cannot break glass). A restricted record with no
    such manager maps to an empty list. Children not restricted are left out."""
    restrictions = dict(
        RestrictedRecord.objects.filter(child_id__in=list(child_ids)).values_list("pk", "child_id")
    )
    asked: dict[int, list[str]] = {child_id: [] for child_id in restrictions.values()}
    if not restrictions:
        return asked
    through = RestrictedRecord.named_users.through
    named = through.objects.filter(restrictedrecord_id__in=list(restrictions)).values_list(
        "restrictedrecord_id", "user_id"
    )
    users_of: dict[int, list[int]] = {}
    for restriction_id, user_id in named:
        users_of.setdefault(user_id, []).append(restrictions[restriction_id])
    managers = Worker.objects.filter(
        in_post_q(),
        user_id__in=list(users_of),
        role__in=MANAGER_ROLES,
        user__is_active=True,
    ).order_by("last_name", "first_name", "pk")
    for manager in managers:
        for child_id in users_of[manager.user_id]:  # type: ignore[index]
            asked[child_id].append(manager.full_name)
    return asked


def workers_to_name_list(*, user: AnyUser) -> list[Worker]:
    """The practitioners of the manager's council who can sign in, other than the manager
    (always named): those a restriction may name, by team then name."""
    manager = worker_of(user)
    if manager is None:
        return []
    return list(
        Worker.objects.select_related("team", "user")
        .filter(
            in_post_q(),
            authority_id=manager.authority_id,
            role__in=PRACTITIONER_ROLES,
            user__isnull=False,
            user__is_active=True,
        )
        .exclude(pk=manager.pk)
        .order_by("team__name", "last_name", "first_name", "pk")
    )


def restriction_suggested_user_ids(*, child: Person) -> list[int]:
    """Whom a new restriction names unless the manager says otherwise: the allocated worker,
    who would otherwise lose a child they are working with."""
    user_id = case_holders_of(child.pk).worker_user_id
    return [user_id] if user_id is not None else []
