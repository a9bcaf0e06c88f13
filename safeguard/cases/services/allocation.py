"""Allocating a child's case to a team and worker."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from safeguard.organisation.models import Team, Worker
from safeguard.people.models import Person

from ..models import (
    Allocation,
    ManagementDecision,
)
from ..workflow import rules
from ..workflow.rules import check
from ._base import (
    _decision,
    _lock_child,
    _save,
    _today,
)

__all__ = ["allocation_allocate"]


def allocation_allocate(
    *,
    child: Person,
    team: Team,
    worker: Worker | None,
    start_date: date,
    reason: str,
    allocated_by: Worker | None,
) -> Allocation:
    """Allocate the child's case to a team and (optionally) a worker, ending the current
    allocation on the same day so the history has no gaps."""
    with transaction.atomic():
        child = _lock_child(child)
        current = Allocation.objects.filter(child=child, end_date__isnull=True).first()
        violations = rules.dates_not_in_future(_today(), {"start_date": start_date})
        violations += rules.allocation_not_before_current(
            current.start_date if current is not None else None, start_date
        )
        if allocated_by is not None:
            violations += rules.decision_needs_rationale(reason)
        if worker is not None:
            violations += rules.allocation_worker_in_team(
                in_team=worker.team_id == team.pk, worker=worker.full_name, team=team.name
            )
        check(violations)
        if current is not None:
            current.end_date = start_date
            _save(current)
        allocation = Allocation(
            child=child,
            team=team,
            worker=worker,
            start_date=start_date,
            reason=reason,
            allocated_by=allocated_by,
        )
        _save(allocation)
        if allocated_by is not None:
            _decision(
                child=child,
                kind=ManagementDecision.Kind.ALLOCATION,
                decision=f"Allocated to {worker.full_name if worker else team.name}",
                rationale=reason,
                decided_by=allocated_by,
                subject=allocation,
            )
        return allocation
