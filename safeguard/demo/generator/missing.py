"""The demo's looked-after children who go missing: about one period of care in four has
short missing or away episodes (a day or three) from the child's eleventh birthday, a few
repeated; after most the return home interview is offered, and most offered are accepted,
most within three days.

Drawn from a random stream of its own, so the rest of the demo is as it was. Every episode
is checked with the rules the services ask (`care.rules`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from safeguard.care import rules

from .records import CarePeriodRow, ChildHistory
from .streams import substream
from .timeline import years_between

GOES_MISSING = 0.25
YOUNGEST_AGE = 11
OFFERED = 0.85
ACCEPTED = 0.7
AWAY = 0.3
_FOUND_AT = (
    "Returned to the placement by police",
    "Found at a friend's house and brought back by the carer",
    "Returned to the placement on their own",
    "Found in the town centre by police",
    "Stayed with a relative; collected by the social worker",
)


@dataclass(slots=True, eq=False)
class MissingRow:
    period: CarePeriodRow
    kind: str
    start_date: date
    end_date: date
    found_at: str
    rhi_offered: bool | None
    rhi_accepted: bool | None
    rhi_date: date | None


def _period_episodes(
    born: date, period: CarePeriodRow, rng: Random, as_of: date
) -> list[MissingRow]:
    last = min(period.end_date or as_of, as_of)
    rows: list[MissingRow] = []
    start = max(
        period.start_date + timedelta(days=rng.randint(10, 120)),
        date(born.year + YOUNGEST_AGE, born.month, min(born.day, 28))
        + timedelta(days=rng.randint(0, 200)),
    )
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
        if start > last or years_between(born, start) < YOUNGEST_AGE:
            break
        end = min(start + timedelta(days=rng.choice((0, 1, 1, 2, 3))), last)
        offered: bool | None = rng.random() < OFFERED
        accepted = (rng.random() < ACCEPTED) if offered else None
        held = end + timedelta(days=rng.choice((0, 1, 2, 3, 3, 5))) if accepted else None
        if held is not None and held > as_of:
            # Still to be held on the demo's day: offered, not answered yet.
            held, accepted, offered = None, None, None
        rows.append(
            MissingRow(
                period,
                "A" if rng.random() < AWAY else "M",
                start,
                end,
                rng.choice(_FOUND_AT),
                offered,
                accepted,
                held,
            )
        )
        start = end + timedelta(days=rng.randint(7, 90))
    return rows


def _check(h: ChildHistory, row: MissingRow, earlier: list[MissingRow], as_of: date) -> None:
    p = row.period
    found = (
        rules.missing_end_not_before_start(row.start_date, row.end_date)
        + rules.missing_within_care_period(p.start_date, p.end_date, row.start_date, row.end_date)
        + rules.missing_episodes_do_not_overlap(
            [(e.start_date, e.end_date) for e in earlier], row.start_date, row.end_date
        )
        + rules.return_interview_after_return(row.end_date, row.rhi_offered, row.rhi_date)
        + rules.return_interview_answers_fit(row.rhi_offered, row.rhi_accepted, row.rhi_date)
    )
    if found or max(row.end_date, row.rhi_date or row.end_date) > as_of:
        raise AssertionError(f"demo missing episode breaks {[v.rule for v in found]}")


def give_missing_episodes(children: list[ChildHistory], seed: int, as_of: date) -> None:
    """Some looked-after children's missing episodes, up to `as_of`."""
    for h in children:
        born = h.child.date_of_birth
        if not h.care_periods or born is None:
            continue
        rng = substream(seed, "care-missing", h.index)
        for period in h.care_periods:
            if rng.random() >= GOES_MISSING:
                continue
            for row in _period_episodes(born, period, rng, as_of):
                _check(h, row, h.missing, as_of)
                h.missing.append(row)
