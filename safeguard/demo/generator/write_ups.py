"""When each case note and visit was written up: the time the record shows as "recorded".

Without this every generated note would carry the moment the generator ran (bulk inserts
stamp `created_at` with the time of writing), so a five-year history would read as written
in one evening. A worker writes up on the day of the event or a few working days later, in
office hours; work on a weekend or bank holiday is written up on the next working day. Nothing
is recorded after the as-of date's morning, as at the front door (`front_door.waiting`).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time

from safeguard.timescales.working_days import add_working_days

from .front_door.waiting import LONDON, MORNING
from .records import ChildHistory
from .streams import between, chance, substream
from .timeline import next_working_day

# Most records are written up the same day; the rest within three working days.
SAME_DAY_SHARE = 0.75
LATEST_WORKING_DAYS = 3
# Office hours for writing up: from 09:00 to 17:29.
DAY_STARTS = time(9, 0)
DAY_ENDS = time(17, 29)


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def written_up(rng: random.Random, event: date, as_of: date) -> datetime:
    """When a record of work done on `event` was written: never before the event, in office
    hours, never after the as-of date's morning."""
    day = next_working_day(event)
    if not chance(rng, SAME_DAY_SHARE):
        day = add_working_days(day, between(rng, 1, LATEST_WORKING_DAYS))
    latest = DAY_ENDS
    if day >= as_of:
        day, latest = as_of, MORNING
    minute = between(rng, _minutes(DAY_STARTS), _minutes(latest))
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=LONDON)


def time_write_ups(children: list[ChildHistory], seed: int, as_of: date) -> None:
    """Give every case note and visit the time it was written up. Each child has its own
    stream, so the journeys draw the same numbers as before."""
    for h in children:
        rng = substream(seed, "write-ups", h.index)
        for note in h.case_notes:
            note.recorded_at = written_up(rng, note.event_date, as_of)
        for visit in h.visits:
            visit.recorded_at = written_up(rng, visit.visit_date, as_of)
