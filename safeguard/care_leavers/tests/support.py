"""A care leaver for the tests: Own Child made 16 on 10 June 2024 (born 10 June 2008), looked
after from Monday 8 January 2024 to Tuesday 11 February 2025 (left care at 16: eligible from
the 16th birthday, 13 weeks being behind them by then; relevant since leaving). Time is
frozen at noon on Friday 14 March 2025."""

from __future__ import annotations

from datetime import date
from typing import Any

from safeguard.cases.tests.factories import PlacementFactory

BORN = date(2008, 6, 10)
CARE_STARTED = date(2024, 1, 8)
CARE_ENDED = date(2025, 2, 11)


def make_care_leaver(child: Any, *, ended: date | None = CARE_ENDED) -> Any:
    child.date_of_birth = BORN
    child.save(update_fields=["date_of_birth"])
    placement = PlacementFactory(
        period__child=child, period__start_date=CARE_STARTED, start_date=CARE_STARTED
    )
    if ended is not None:
        period = placement.period
        period.end_date, period.reason_ceased = ended, "E13"
        period.save()
        placement.end_date = ended
        placement.save()
    return child
