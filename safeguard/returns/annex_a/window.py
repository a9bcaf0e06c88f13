"""The Annex A reporting window: six or twelve whole calendar months, first day to last day.

Ofsted asks for the lists over the six months before an inspection (some lists, and some
authorities' own practice, use twelve). A window is accepted when it is exactly six or twelve
calendar months long, counted either forward from its first day or back from the day after
its last (1 September 2025 to 28 February 2026; 24 May 2025 to 23 November 2025).

Pure: no ORM, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from safeguard.timescales.working_days import add_months

ALLOWED_MONTHS = (6, 12)

FROM_AFTER_TO = (
    "The window's first day ({start:%d %B %Y}) is after its last day ({end:%d %B %Y}): "
    "enter the earlier date as the first day"
)
WRONG_LENGTH = (
    "The window from {start:%d %B %Y} to {end:%d %B %Y} is not 6 or 12 whole months: "
    "for 6 months from {start:%d %B %Y} the last day is {six:%d %B %Y}, "
    "for 12 months it is {twelve:%d %B %Y}"
)


class WindowError(ValueError):
    """A window Ofsted's lists cannot cover; the message says what to enter instead."""


@dataclass(frozen=True)
class ReportingWindow:
    start: date
    end: date
    months: int

    def __str__(self) -> str:
        return f"{self.start:%d %B %Y} to {self.end:%d %B %Y} ({self.months} months)"

    @property
    def year_before_end(self) -> date:
        """The first day of the twelve months up to and including the window's last day."""
        return add_months(self.end + timedelta(days=1), -12)

    @property
    def six_months_before_end(self) -> date:
        return add_months(self.end + timedelta(days=1), -6)


def reporting_window(start: date, end: date) -> ReportingWindow:
    """The window from `start` to `end` inclusive, or WindowError saying why it cannot be."""
    if start > end:
        raise WindowError(FROM_AFTER_TO.format(start=start, end=end))
    day_after = end + timedelta(days=1)
    for months in ALLOWED_MONTHS:
        if add_months(start, months) == day_after or add_months(day_after, -months) == start:
            return ReportingWindow(start=start, end=end, months=months)
    six, twelve = (add_months(start, m) - timedelta(days=1) for m in ALLOWED_MONTHS)
    raise WindowError(WRONG_LENGTH.format(start=start, end=end, six=six, twelve=twelve))
