"""Supervision figures for the workforce dashboards (issue 17): counts, no case content.

Reads no user: the workforce figures are the authority's, shown to those who may see them by
their own pages. Two queries whatever the size of the authority.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date

from safeguard.cases.models import Allocation
from safeguard.organisation.models import Authority

from .clock import DueSupervision, supervisions_due
from .models import CaseSupervision

__all__ = ["supervisions_falling_due", "supervisions_on_time"]


def supervisions_on_time(
    authority_id: int, start: date, end: date, worker_ids: Collection[int] | None = None
) -> tuple[int, int]:
    """(case supervisions held on time, case supervisions due) for the due dates from `start`
    to `end` inclusive, on the authority's cases allocated to a worker (those workers only, if
    `worker_ids` is given), by the supervision clock (`clock.supervisions_due`): each
    allocation's supervisions fall due one interval after the allocation and after each one
    held; one due and not yet held by `end` counts as due and not on time."""
    items = supervisions_falling_due(authority_id, start, end, worker_ids)
    return sum(item.on_time for item in items), len(items)


def supervisions_falling_due(
    authority_id: int, start: date, end: date, worker_ids: Collection[int] | None = None
) -> list[DueSupervision]:
    """Each case supervision that fell due from `start` to `end` inclusive (as
    `supervisions_on_time` counts them), with the day it was held, for figures by month."""
    interval = Authority.objects.values_list("supervision_interval_months", flat=True).get(
        pk=authority_id
    )
    allocations = Allocation.objects.filter(
        team__authority_id=authority_id, worker__isnull=False, start_date__lte=end
    ).exclude(end_date__lt=start)
    if worker_ids is not None:
        allocations = allocations.filter(worker_id__in=list(worker_ids))
    rows = list(allocations.values_list("child_id", "start_date", "end_date"))
    if not rows:
        return []
    held: dict[int, list[date]] = defaultdict(list)
    earliest = min(started for _, started, _ in rows)
    for child_id, held_on in CaseSupervision.objects.filter(
        child_id__in=allocations.values("child_id"), held_on__gte=earliest, held_on__lte=end
    ).values_list("child_id", "held_on"):
        held[child_id].append(held_on)
    return [
        item
        for child_id, started, ended in rows
        for item in supervisions_due(started, ended, held[child_id], interval, end)
        if item.due >= start
    ]
