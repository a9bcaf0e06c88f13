"""Which children the authority meets, and when: arrivals at the front door.

Three streams of children, each a Poisson process scaled by the child population:
- children whose first contact leads, sooner or later, to referrals (from the start of the
  burn-in years, so that plans and care are in steady state when the written history starts);
- children known only to the front door (from the start of the written history);
- children already looked after when the burn-in starts (drawn over the 17 years before it,
  and kept only if still in care then), because a child can be in care for most of childhood.
A child is written only if something about them happens in the written history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from . import calibration as cal
from . import care
from .journeys import Journey, child_born, new_child
from .records import ChildHistory
from .streams import Weighted, arrival_dates, between, substream
from .timeline import Timeline

# Age on entering care (EES CLA 2025: under 1 18%, 1-4 14%, 5-9 14%, 10-15 36%, 16+ 18%).
CARE_ENTRY_AGE = Weighted({0: 18, 1: 14, 5: 14, 10: 36, 16: 18})
CARE_ENTRY_AGE_SPAN = {0: 1, 1: 4, 5: 5, 10: 6, 16: 2}


@dataclass(frozen=True)
class Arrivals:
    legacy: list[date]
    referred: list[date]
    front_door: list[date]

    @property
    def total(self) -> int:
        return len(self.legacy) + len(self.referred) + len(self.front_door)


def arrivals(seed: int, scale: float, timeline: Timeline) -> Arrivals:
    per_10k = cal.CHILD_POPULATION_AT_SCALE_1 * scale / 10_000
    return Arrivals(
        legacy=arrival_dates(
            substream(seed, "arrivals", "legacy"), timeline.legacy_start, timeline.sim_start,
            cal.LEGACY_CARE_STARTS_PER_10K * per_10k,
        ),
        referred=arrival_dates(
            substream(seed, "arrivals", "referred"), timeline.sim_start, timeline.as_of,
            cal.REFERRED_CHILD_ARRIVALS_PER_10K * per_10k,
        ),
        front_door=arrival_dates(
            substream(seed, "arrivals", "front_door"), timeline.window_start, timeline.as_of,
            cal.FRONT_DOOR_ONLY_ARRIVALS_PER_10K * per_10k,
        ),
    )  # fmt: skip


def simulate(
    seed: int, timeline: Timeline, found: Arrivals, tick: Callable[[], object]
) -> list[tuple[Journey, bool]]:
    """Every child with something in the written history, and whether they are known only
    to the front door."""
    as_of = timeline.as_of
    kept: list[tuple[Journey, bool]] = []
    index = 0
    for k, start in enumerate(found.legacy):
        tick()
        rng = substream(seed, "legacy", k)
        band = CARE_ENTRY_AGE.pick(rng)
        age_days = band * 365 + between(rng, 0, CARE_ENTRY_AGE_SPAN[band] * 365 - 1)
        born = start - timedelta(days=age_days)
        exit_ = care.plan_exit(rng, born, start)
        if exit_.end < timeline.sim_start:
            continue
        j = child_born(index, rng, born, as_of)
        j.care_exit = exit_
        j.run(start - timedelta(days=between(rng, 14, 60)), care_start=start)
        index = _keep(kept, j, False, timeline, index)
    for k, first_contact in enumerate(found.referred):
        tick()
        j = new_child(index, substream(seed, "referred", k), first_contact, as_of)
        j.run(first_contact)
        index = _keep(kept, j, False, timeline, index)
    for k, first_contact in enumerate(found.front_door):
        tick()
        j = new_child(index, substream(seed, "front_door", k), first_contact, as_of)
        j.run_front_door_only(first_contact)
        index = _keep(kept, j, True, timeline, index)
    return kept


def _keep(
    kept: list[tuple[Journey, bool]], j: Journey, front_door_only: bool, t: Timeline, index: int
) -> int:
    if active_in_window(j.h, t.window_start):
        j.h.index = index
        kept.append((j, front_door_only))
        return index + 1
    return index


def active_in_window(h: ChildHistory, window_start: date) -> bool:
    """Whether anything about the child is open in, or happens in, the written history."""
    if any(c.received_at.date() >= window_start for c in h.contacts):
        return True
    if any(r.closure_date is None or r.closure_date >= window_start for r in h.referrals):
        return True
    if any(p.end_date is None or p.end_date >= window_start for p in h.care_periods):
        return True
    return any(run.end is None or run.end >= window_start for run in h.runs)
