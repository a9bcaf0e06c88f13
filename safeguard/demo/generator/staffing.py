"""Who held each child's case when, and so who did each piece of work.

Allocation: a case stretch goes to the post with the lightest load (relative to its hours)
when it arrives, and passes to the post's next holder when a worker leaves. The worker named
on a visit, a case note or an assessment is whoever held the case that day; the manager who
authorised an assessment is the manager of the team holding it; one independent chair follows
a child's plan.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from datetime import date

from safeguard.timescales.working_days import add_working_days

from .organisation import Interval, Slot, Workforce, case_intervals, team_for
from .records import AllocationRow, ChildHistory, TeamRow, WorkerRow

# The demo social worker must have children whose child protection visits are overdue.
DEMO_OVERDUE_VISITS = 3
# The demo team manager must have cases waiting for a social worker, to allocate.
DEMO_WAITING_FOR_ALLOCATION = 3
WAITING_REASON = "Social worker's caseload reduced: waiting for a new social worker"
# A stretch of a few days between one worker and the next (a worker leaving just after taking
# a case, or just before it moves to another team) stays with the team's manager: no social
# worker is named for less than this, as the SSDA903 validator's rule SW09STG2 expects.
SHORTEST_ALLOCATION_DAYS = 3
HELD_BY_MANAGER_REASON = "Held by the team manager for a few days between social workers"


def holder_on(slot: Slot, d: date) -> WorkerRow:
    """Who held the post on `d`; work older than the post's first holder is theirs."""
    if d < slot.starts[0]:
        slot.starts[0] = slot.holders[0].started_on = d
    return slot.holders[bisect_right(slot.starts, d) - 1]


def allocate(children: list[ChildHistory], workforce: Workforce, as_of: date) -> None:
    """Give every stretch of every case a team and, unless it is waiting, a worker."""
    by_team: dict[TeamRow, list[tuple[date, int, ChildHistory, Interval]]] = {}
    sequence = 0
    for h in children:
        for interval in case_intervals(h, as_of):
            team = team_for(h, interval.kind, workforce.teams_by_kind)
            if not interval.needs_worker:
                h.allocations.append(
                    AllocationRow(
                        team, None, interval.start, interval.end, interval.reason, team.manager
                    )
                )
                continue
            by_team.setdefault(team, []).append((interval.start, sequence, h, interval))
            sequence += 1
    for team, items in by_team.items():
        team_slots = workforce.slots[team]
        loads = [0] * len(team_slots)
        ending: list[tuple[date, int, int]] = []
        items.sort(key=lambda item: (item[0], item[1]))
        for start, seq, h, interval in items:
            while ending and ending[0][0] <= start:
                loads[heapq.heappop(ending)[2]] -= 1
            best = min(range(len(team_slots)), key=lambda i: loads[i] / team_slots[i].capacity)
            loads[best] += 1
            if interval.end is not None:
                heapq.heappush(ending, (interval.end, seq, best))
            _split_by_holder(h, team_slots[best], interval, as_of)
    for h in children:
        h.allocations.sort(key=lambda a: a.start_date)
        _no_short_worker_spell_in_care(h, as_of)


def _no_short_worker_spell_in_care(h: ChildHistory, as_of: date) -> None:
    """A worker who leaves within days of the child coming into care held the case in care
    for those days only: the team's manager holds them instead, so no social worker episode of
    the return is shorter than SHORTEST_ALLOCATION_DAYS (rule SW09STG2)."""
    starts = [p.start_date for p in h.care_periods]
    split: list[AllocationRow] = []
    for a in h.allocations:
        began = next(
            (
                s
                for s in starts
                if a.worker is not None
                and a.start_date < s
                and a.end_date is not None
                and s < a.end_date <= as_of
                and (a.end_date - s).days < SHORTEST_ALLOCATION_DAYS
            ),
            None,
        )
        if began is None:
            split.append(a)
            continue
        split.append(AllocationRow(a.team, a.worker, a.start_date, began, a.reason, a.allocated_by))
        split.append(
            AllocationRow(a.team, None, began, a.end_date, HELD_BY_MANAGER_REASON, a.allocated_by)
        )
    h.allocations[:] = split


def _allocation(
    team: TeamRow, holder: WorkerRow, start: date, end: date | None, reason: str, as_of: date
) -> AllocationRow:
    if end is not None and end <= as_of and (end - start).days < SHORTEST_ALLOCATION_DAYS:
        return AllocationRow(team, None, start, end, HELD_BY_MANAGER_REASON, team.manager)
    return AllocationRow(team, holder, start, end, reason, team.manager)


def _split_by_holder(h: ChildHistory, slot: Slot, interval: Interval, as_of: date) -> None:
    """One allocation row per worker who held the case in this stretch."""
    team = slot.team
    start, reason = interval.start, interval.reason
    holder_on(slot, start)
    i = bisect_right(slot.starts, start) - 1
    while True:
        holder = slot.holders[i]
        handover = slot.starts[i + 1] if i + 1 < len(slot.holders) else None
        if handover is None or (interval.end is not None and interval.end <= handover):
            h.allocations.append(_allocation(team, holder, start, interval.end, reason, as_of))
            return
        h.allocations.append(_allocation(team, holder, start, handover, reason, as_of))
        start, reason, i = handover, "Previous social worker left: case reallocated", i + 1


class _CaseHolders:
    """Look up who held one child's case on a given day."""

    def __init__(self, h: ChildHistory) -> None:
        self.allocations = h.allocations
        self.starts = [a.start_date for a in h.allocations]

    def allocation_on(self, d: date) -> AllocationRow | None:
        i = bisect_right(self.starts, d) - 1
        return self.allocations[i] if i >= 0 else None

    def worker_on(self, d: date) -> WorkerRow | None:
        """The allocated worker, or the team's manager while the case waits for one."""
        a = self.allocation_on(d)
        if a is None:
            return None
        w = a.worker
        if w is not None and w.started_on <= d and (w.left_on is None or d <= w.left_on):
            return w
        return a.team.manager

    def first_worker_from(self, d: date) -> WorkerRow | None:
        i = max(0, bisect_right(self.starts, d) - 1)
        for a in self.allocations[i:]:
            if a.worker is not None:
                return a.worker
        return None


def name_workers(children: list[ChildHistory], workforce: Workforce) -> None:
    """Fill in the worker on every contact decision, assessment, conference, visit and note."""
    front_doors = workforce.teams_by_kind["front_door"]
    chairs = [
        s for t in workforce.teams_by_kind["conference_and_review"] for s in workforce.slots[t]
    ]
    for h in children:
        holders = _CaseHolders(h)
        front_door = front_doors[(h.district - 1) % len(front_doors)]
        duty = workforce.slots[front_door]
        for k, c in enumerate(h.contacts):
            c.team = front_door
            if c.decided_at is not None:
                slot = duty[(h.index + k) % len(duty)]
                c.decided_by = holder_on(slot, c.decided_at.date())
        for r in h.referrals:
            a = holders.allocation_on(r.referral_date)
            r.team = a.team if a is not None else team_for(h, "assessment", workforce.teams_by_kind)
        for s in h.assessments:
            s.worker = holders.first_worker_from(s.start_date)
            if s.authorised_date is not None:
                a = holders.allocation_on(s.authorised_date)
                s.authorised_by = a.team.manager if a is not None else None
        for conference in h.conferences:
            chair = chairs[conference.chair_key % len(chairs)]
            conference.chair = holder_on(chair, conference.conference_date)
        # The child's IRO chairs their looked-after reviews (Care Planning Regs reg. 36).
        for review in h.care_reviews:
            review.iro = holder_on(chairs[review.iro_key % len(chairs)], review.review_date)
        for v in h.visits:
            v.visited_by = holders.worker_on(v.visit_date)
        for n in h.case_notes:
            n.written_by = holders.worker_on(n.event_date)


def make_demo_allocation_waiting(
    children: list[ChildHistory], workforce: Workforce, as_of: date
) -> None:
    """Make sure the demo team manager's team has cases waiting for allocation.

    The team's most recently allocated cases pass back to the team a few working days before
    the as-of date, with no social worker: the manager allocates them from the team page.
    Other workers' cases first; in an authority so small that the demo social worker is the
    team's only worker, one of theirs. Runs before `name_workers`, so the team's manager is
    named on any work done while a case waits.
    """
    team = workforce.demo_workers["tm.demo"].team
    demo_worker = workforce.demo_workers["sw.demo"]
    held = [
        h
        for h in children
        if h.allocations
        and h.allocations[-1].end_date is None
        and h.allocations[-1].team is team
        and h.allocations[-1].worker is not None
    ]
    held.sort(key=lambda h: (h.allocations[-1].start_date, h.index), reverse=True)
    others = [h for h in held if h.allocations[-1].worker is not demo_worker]
    waiting = others[:DEMO_WAITING_FOR_ALLOCATION] or held[:1]
    for k, h in enumerate(waiting):
        current = h.allocations[-1]
        cut = max(current.start_date, add_working_days(as_of, -(2 + k)))
        if cut > current.start_date:
            current.end_date = cut
            h.allocations.append(
                AllocationRow(current.team, None, cut, None, WAITING_REASON, current.allocated_by)
            )
        else:
            current.worker = None


def make_demo_visits_overdue(
    children: list[ChildHistory], workforce: Workforce, as_of: date
) -> None:
    """Make sure the demo social worker's list shows overdue child protection visits.

    Only takes visits away (the latest few, for up to three children), so every rule still
    holds: it is as if those visits had not happened yet.
    """
    worker = workforce.demo_workers["sw.demo"]
    cutoff = add_working_days(as_of, -10)
    candidates: list[ChildHistory] = []
    overdue = 0
    for h in children:
        current = h.allocations[-1] if h.allocations else None
        if current is None or current.worker is not worker or current.end_date is not None:
            continue
        plan = h.plans[-1] if h.plans else None
        if (
            plan is None
            or plan.end_date is not None
            or plan.start_date > add_working_days(as_of, -15)
        ):
            continue
        seen = [v.visit_date for v in h.visits if v.kind == "cp_visit" and v.child_seen]
        last = max(seen, default=plan.start_date)
        if max(last, plan.start_date) < cutoff:
            overdue += 1
        else:
            candidates.append(h)
    for k, h in enumerate(candidates[: max(0, DEMO_OVERDUE_VISITS - overdue)]):
        keep_until = add_working_days(as_of, -(12 + k * 2))
        h.visits = [v for v in h.visits if v.kind != "cp_visit" or v.visit_date <= keep_until]
