"""The case record's reasons to know, told to access through its seam (`access/reasons.py`).

Access decides who may see a child but imports no case model (docs/architecture.md); the case
record says which of its facts give someone a reason to see a child, and `CasesConfig.ready()`
registers each of them. Each is a filter on `people.Person`, one `Exists` subquery or a few,
so need to know stays one query:

- `allocated`: the case is allocated to them, or to a team they work in or oversee;
- `referred_to_team`: a referral is open at such a team (the team must see who is waiting to
  be allocated);
- `front_door_contact`: a contact at their front door awaiting a decision, however old, or
  received in the last 30 days (front-door workers, and the managers who oversee a front door
  team: they rate the contacts and answer for its decisions);
- `conference_chair`: for an independent chair, who serves the whole authority, children on a
  protection plan or whose section 47 enquiry is heading for an initial conference, and those
  whose conferences they chair.

Who holds a case (`case_holders`) is told to access the same way: whom a new restriction names
and whom break-glass alerts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q

from safeguard.access.reasons import (
    Asker,
    CaseHolderNames,
    CaseHolders,
    register_case_holder_names,
    register_case_holders,
    register_reason,
)
from safeguard.access.roles import MANAGER_ROLES, Role
from safeguard.common.compiled import RunTime

from .models import (
    Allocation,
    ChildProtectionConference,
    ChildProtectionPlan,
    Contact,
    Referral,
    Section47Enquiry,
)

FRONT_DOOR_WINDOW = timedelta(days=30)


def front_door_contacts_q(team_ids: list[int], now: datetime | RunTime) -> Q:
    """A filter on Contact for the front door's own work: contacts at these teams waiting for a
    decision, however old, or received in the last 30 days."""
    return Q(team_id__in=team_ids) & (
        Q(decided_at__isnull=True) | Q(received_at__gte=now - FRONT_DOOR_WINDOW)
    )


def allocated(asker: Asker) -> Q:
    open_allocations = Allocation.objects.filter(child=OuterRef("pk"), end_date__isnull=True)
    return Q(
        Exists(open_allocations.filter(Q(worker=asker.worker) | Q(team_id__in=asker.team_ids)))
    )


def referred_to_team(asker: Asker) -> Q | None:
    if not asker.team_ids:
        return None
    return Q(
        Exists(
            Referral.objects.filter(
                child=OuterRef("pk"), team_id__in=asker.team_ids, closure_date__isnull=True
            )
        )
    )


def front_door_contact(asker: Asker) -> Q | None:
    worker = asker.worker
    if worker.role == Role.FRONT_DOOR_WORKER:
        teams = [worker.team_id] if worker.team_id is not None else []
    elif worker.role in MANAGER_ROLES:
        teams = list(asker.team_ids)
    else:
        return None
    if not teams:
        return None
    # Contacts still waiting for a decision stay visible however old they are.
    return Q(
        Exists(
            Contact.objects.filter(child=OuterRef("pk")).filter(
                front_door_contacts_q(teams, asker.now)
            )
        )
    )


def conference_chair(asker: Asker) -> Q | None:
    if asker.worker.role != Role.CONFERENCE_CHAIR:
        return None
    return (
        Q(Exists(ChildProtectionPlan.objects.filter(child=OuterRef("pk"), end_date__isnull=True)))
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
                    child=OuterRef("pk"), chair=asker.worker, referral__closure_date__isnull=True
                )
            )
        )
    )


def case_holders(child_id: int) -> CaseHolders:
    """The allocated worker's account and the allocated team's manager's, where there are."""
    allocation = (
        Allocation.objects.select_related("worker", "team__manager")
        .filter(child_id=child_id, end_date__isnull=True)
        .first()
    )
    if allocation is None:
        return CaseHolders()
    manager = allocation.team.manager
    worker = allocation.worker
    return CaseHolders(
        worker_user_id=worker.user_id if worker is not None else None,
        team_manager_user_id=manager.user_id if manager is not None else None,
    )


def case_holder_names(child_ids: Sequence[int]) -> dict[int, CaseHolderNames]:
    """The open allocation's team and worker of each child, in one query (at most one open
    allocation per child: a constraint)."""
    rows = Allocation.objects.filter(child_id__in=child_ids, end_date__isnull=True).values(
        "child_id", "team__name", "worker__first_name", "worker__last_name"
    )
    return {
        row["child_id"]: CaseHolderNames(
            team=row["team__name"] or "",
            worker=" ".join(
                part for part in (row["worker__first_name"], row["worker__last_name"]) if part
            ),
        )
        for row in rows
    }


def register() -> None:
    """Called from `CasesConfig.ready()`. The order is the order of the OR in the SQL."""
    register_reason("allocated", allocated)
    register_reason("referred_to_team", referred_to_team)
    register_reason("front_door_contact", front_door_contact)
    register_reason("conference_chair", conference_chair)
    register_case_holders(case_holders)
    register_case_holder_names(case_holder_names)
