"""The dates that frame a generated authority, and working-day helpers for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from safeguard.timescales.working_days import add_months, add_working_days, is_working_day

from . import calibration

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Timeline:
    """as_of is "today" in the generated world: nothing is recorded after it.

    History is written for `window_start`..`as_of`; journeys start from `sim_start` so that
    stocks are steady by the window; looked-after children may have come into care from
    `legacy_start`.
    """

    as_of: date
    window_start: date
    sim_start: date
    legacy_start: date

    @classmethod
    def ending(cls, as_of: date) -> Timeline:
        window_start = add_months(as_of, -12 * calibration.HISTORY_YEARS)
        sim_start = add_months(window_start, -12 * calibration.BURN_IN_YEARS)
        legacy_start = add_months(sim_start, -12 * calibration.LEGACY_CARE_YEARS)
        return cls(as_of, window_start, sim_start, legacy_start)


def next_working_day(d: date) -> date:
    """`d` if it is a working day, otherwise the next one."""
    return d if is_working_day(d) else add_working_days(d, 1)


def previous_working_day(d: date) -> date:
    """`d` if it is a working day, otherwise the one before."""
    return d if is_working_day(d) else add_working_days(d, -1)


def years_between(earlier: date, later: date) -> int:
    """Whole years from `earlier` to `later` (an age)."""
    return later.year - earlier.year - ((later.month, later.day) < (earlier.month, earlier.day))
