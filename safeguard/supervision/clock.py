"""The supervision clock: when the next supervision is due, and whether each was on time.

Plain functions over dates (no models), asked by the selectors, the dashboard panel, the
workforce figures (`queries.supervisions_on_time`) and the demo generator alike.

- Case supervision runs per child, from the allocation of the case to its worker: the first
  is due one interval after the allocation, each next one interval after the last held (a
  supervision before the case came to this worker does not count for them). A new worker
  taking the case is supervised on it within an interval of taking it.
- Personal supervision runs per worker, from their start date: the first is due one interval
  after they started, each next one interval after the last held.
- The interval is the authority's own (`Authority.supervision_interval_months`, monthly by
  default). "One month after 31 January" is the last day of February (`add_months`). A due
  date on a weekend or an England bank holiday moves to the next working day, with the bank
  holidays from `timescales.working_days` (the `holidays` package), never a list kept here.
- Only one supervision is due at a time: while one is overdue no further one falls due; the
  next is due one interval after the late one is held.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from safeguard.timescales.working_days import add_months, add_working_days

__all__ = [
    "DueSupervision",
    "due_after",
    "next_supervision_due",
    "on_or_after_working_day",
    "supervisions_due",
]


def on_or_after_working_day(day: date) -> date:
    """`day` if it is a working day in England, else the next one."""
    return add_working_days(day - timedelta(days=1), 1)


# The team dashboard asks it of every open case and worker on each view, mostly of the same
# days; the bank holidays it moves past are fixed for the process (`bank_holidays`, cached).
@lru_cache(maxsize=4096)
def due_after(anchor: date, interval_months: int) -> date:
    """When the supervision after `anchor` (the allocation, start, or last supervision) is
    due: one interval on, moved off a weekend or bank holiday."""
    if interval_months < 1:
        raise ValueError(f"A supervision interval is at least one month, not {interval_months}.")
    return on_or_after_working_day(add_months(anchor, interval_months))


def next_supervision_due(started: date, last_held: date | None, interval_months: int) -> date:
    """The next supervision's due date: one interval after the last held since `started` (the
    case's allocation to the worker, or the worker's start), or after `started` if none."""
    anchor = started if last_held is None or last_held < started else last_held
    return due_after(anchor, interval_months)


@dataclass(frozen=True)
class DueSupervision:
    """One supervision that fell due, and the supervision that met it (None: not yet held)."""

    due: date
    held: date | None

    @property
    def on_time(self) -> bool:
        return self.held is not None and self.held <= self.due


def supervisions_due(
    started: date,
    ended: date | None,
    held: Iterable[date],
    interval_months: int,
    until: date,
) -> list[DueSupervision]:
    """Every supervision that fell due from `started` (the allocation, or the worker's start)
    up to `until` while it lasted (to `ended`, if it ended), each with the day it was held.

    `held` is every supervision held (any order; those before `started` are ignored). The one
    still due on `until` is included with `held` None if its due date has come."""
    meetings = sorted(d for d in held if d >= started)
    last_day = until if ended is None else min(until, ended)
    result: list[DueSupervision] = []
    anchor = started
    position = 0
    while True:
        due = due_after(anchor, interval_months)
        if due > last_day:
            return result
        # The first supervision held after the anchor: one on the day of the allocation starts
        # the same clock as the allocation, so it meets no due date of its own.
        while position < len(meetings) and meetings[position] <= anchor:
            position += 1
        if position >= len(meetings) or meetings[position] > last_day:
            result.append(DueSupervision(due, None))
            return result
        met = meetings[position]
        result.append(DueSupervision(due, met))
        anchor = met
        position += 1
