"""Need to know: which children a user may see. Every selector that shows a child asks here.

A worker sees children allocated to them or to their team; a team manager the children of the
teams they manage; a head of service those of the teams in their services; a front-door worker
children with a contact at their front door awaiting a decision or from the last 30 days (and so
does a manager overseeing a front door team); a
conference chair children on a plan or heading for an initial conference, and those whose
conferences they chair. A restricted record is seen only by
its named people, whatever the allocation. Anyone else needs a break-glass grant.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safeguard.audit.context import current_request
from safeguard.cases.models import (
    Allocation,
    ChildProtectionConference,
    ChildProtectionPlan,
    Contact,
    Referral,
    Section47Enquiry,
)
from safeguard.organisation.models import Team
from safeguard.people.models import Person

from .models import BreakGlassGrant, RestrictedRecord
from .roles import MANAGER_ROLES, PRACTITIONER_ROLES, Role, worker_of

FRONT_DOOR_WINDOW = timedelta(days=30)


def team_ids_overseen(user: Any) -> list[int]:
    """The teams whose children this user may see through their job."""
    worker = worker_of(user)
    if worker is None or worker.role not in PRACTITIONER_ROLES:
        return []
    teams = set()
    if worker.team_id is not None:
        teams.add(worker.team_id)
    if worker.role == Role.TEAM_MANAGER:
        teams.update(Team.objects.filter(manager=worker).values_list("pk", flat=True))
    if worker.role == Role.HEAD_OF_SERVICE:
        teams.update(Team.objects.filter(service__head=worker).values_list("pk", flat=True))
    return sorted(teams)


def front_door_contacts_q(team_ids: list[int], now: datetime) -> Q:
    """A filter on Contact for the front door's own work: contacts at these teams waiting for a
    decision, however old, or received in the last 30 days."""
    return Q(team_id__in=team_ids) & (
        Q(decided_at__isnull=True) | Q(received_at__gte=now - FRONT_DOOR_WINDOW)
    )


def restricted_to_others(user: Any, child: str = "pk") -> Exists:
    """A restricted record about the child at `child` (a field of the outer query) that does
    not name this user: for lists whose rows may be about children the user cannot see."""
    return Exists(RestrictedRecord.objects.filter(child=OuterRef(child)).exclude(named_users=user))


def visible_children_q(user: Any) -> Q:
    """A filter on Person for the children this user may see now."""
    worker = worker_of(user)
    if worker is None:
        return Q(pk__in=[])
    now = timezone.now()
    granted = Exists(
        BreakGlassGrant.objects.filter(child=OuterRef("pk"), user=user, expires_at__gt=now)
    )
    named = Exists(RestrictedRecord.objects.filter(child=OuterRef("pk"), named_users=user))
    restricted = Exists(RestrictedRecord.objects.filter(child=OuterRef("pk")))
    if worker.role not in PRACTITIONER_ROLES:
        return Q(granted) & (~Q(restricted) | Q(named))

    open_allocations = Allocation.objects.filter(child=OuterRef("pk"), end_date__isnull=True)
    teams = team_ids_overseen(user)
    by_job = Q(Exists(open_allocations.filter(Q(worker=worker) | Q(team_id__in=teams)))) | Q(
        # Referred to the team and not yet allocated: the team must see who is waiting.
        Exists(
            Referral.objects.filter(
                child=OuterRef("pk"), team_id__in=teams, closure_date__isnull=True
            )
        )
    )
    # The front door sees the children its contacts are about: its workers, and the managers
    # who oversee a front door team (they rate the contacts and answer for its decisions).
    contact_teams = (
        [worker.team_id]
        if worker.role == Role.FRONT_DOOR_WORKER and worker.team_id is not None
        else teams
        if worker.role in MANAGER_ROLES
        else []
    )
    if contact_teams:
        # Contacts still waiting for a decision stay visible however old they are.
        by_job |= Q(
            Exists(
                Contact.objects.filter(child=OuterRef("pk")).filter(
                    front_door_contacts_q(contact_teams, now)
                )
            )
        )
    if worker.role == Role.CONFERENCE_CHAIR:
        # Independent chairs serve the whole authority: children on a plan, or whose section 47
        # enquiry is heading for an initial conference, plus those whose conferences they chair.
        by_job |= (
            Q(
                Exists(
                    ChildProtectionPlan.objects.filter(child=OuterRef("pk"), end_date__isnull=True)
                )
            )
            | Q(
                Exists(
                    Section47Enquiry.objects.filter(
                        child=OuterRef("pk"), referral__closure_date__isnull=True
                    ).exclude(conference_required=False)
                )
            )
            | Q(
                Exists(
                    ChildProtectionConference.objects.filter(
                        child=OuterRef("pk"), chair=worker, referral__closure_date__isnull=True
                    )
                )
            )
        )
    return ((by_job | Q(granted)) & ~Q(restricted)) | Q(named)


def visible_children(user: Any) -> QuerySet[Person]:
    return Person.objects.filter(visible_children_q(user))


def _seen_in_this_request(user: Any) -> set[int] | None:
    """The children this user has already been found to see during the current request.

    A child record asks need to know a dozen times (once per action it may offer); the answer
    cannot change for the better mid-request without a write that then redirects, so a "yes"
    is remembered for the rest of the request. A "no" is never remembered (a break-glass grant
    made in this request must count at once), and outside a request nothing is."""
    request = current_request()
    if request is None:
        return None
    # request.user is a lazy wrapper; a permission check receives the user inside it.
    request_user = getattr(request, "user", None)
    if request_user is None or request_user.pk is None or request_user.pk != user.pk:
        return None
    seen: set[int] | None = getattr(request, "_safeguard_children_seen", None)
    if seen is None:
        seen = set()
        request._safeguard_children_seen = seen  # type: ignore[attr-defined]
    return seen


def child_get_visible(user: Any, child_id: int) -> Person:
    """The child, if this user may see them; otherwise 404, so a record's existence never
    leaks to someone who may not see it."""
    child = visible_children(user).filter(pk=child_id).first()
    if child is None:
        raise Http404("No child found")
    seen = _seen_in_this_request(user)
    if seen is not None:
        seen.add(child.pk)
    return child


def can_see_child(user: Any, child: Person) -> bool:
    seen = _seen_in_this_request(user)
    if seen is not None and child.pk in seen:
        return True
    visible = visible_children(user).filter(pk=child.pk).exists()
    if visible and seen is not None:
        seen.add(child.pk)
    return visible
