"""Looked-after children: periods of care, their placements (SSDA903 episodes) and reviews
(Children Act 1989 s.20, s.31; the Care Planning Regulations 2010; the SSDA903 guide)."""

from __future__ import annotations

from datetime import date

from .core import Violation, not_before, violation
from .names import Rule


def one_open_care_period(looked_after: bool) -> list[Violation]:
    """A child is in one period of care at a time (SSDA903: episodes do not overlap)."""
    if not looked_after:
        return []
    return [
        violation(Rule.ONE_OPEN_CARE_PERIOD, "The child is already looked after.", "start_date")
    ]


def care_starts_with_placement(period_start: date, first_placement: date | None) -> list[Violation]:
    """A period of care opens with its first SSDA903 episode, the same day (reason S)."""
    if first_placement == period_start:
        return []
    return [
        violation(
            Rule.CARE_STARTS_WITH_PLACEMENT,
            "A period of care starts with its first placement, on the same day.",
            "start_date",
        )
    ]


def placement_needs_open_period(period_end: date | None) -> list[Violation]:
    """A placement changes only while the child is looked after (SSDA903 episodes)."""
    if period_end is None:
        return []
    return [
        violation(
            Rule.PLACEMENT_NEEDS_OPEN_PERIOD, "The child is no longer looked after.", "start_date"
        )
    ]


def placement_after_previous(current_start: date | None, change_date: date) -> list[Violation]:
    """A new SSDA903 episode starts on or after the one it ends (episodes do not overlap)."""
    return not_before(
        earlier=("start_date", current_start),
        later=("start_date", change_date),
        rule=Rule.PLACEMENT_AFTER_PREVIOUS,
        earlier_is="the date the current placement started",
    )


def placements_follow_on(end_date: date | None, expected_end: date | None) -> list[Violation]:
    """Each episode ends the day the next starts, or the period ends (SSDA903: no gaps, no
    overlaps)."""
    if end_date == expected_end:
        return []
    return [
        violation(
            Rule.PLACEMENT_AFTER_PREVIOUS,
            "A placement ends the day the next one starts, or the period of care ends.",
            "end_date",
        )
    ]


def placement_end_not_before_start(start_date: date, end_date: date | None) -> list[Violation]:
    """An episode ends on or after the day it started (SSDA903 DEC after DECOM)."""
    return not_before(
        earlier=("start_date", start_date),
        later=("end_date", end_date),
        rule=Rule.PLACEMENT_END_NOT_BEFORE_START,
        earlier_is="the date the placement started",
    )


def care_ends_after_last_placement(latest_start: date, end_date: date) -> list[Violation]:
    """Care ends on or after the last episode started (SSDA903 DEC)."""
    return not_before(
        earlier=("start_date", latest_start),
        later=("end_date", end_date),
        rule=Rule.CARE_ENDS_AFTER_LAST_PLACEMENT,
        earlier_is="the date the last placement started",
    )


def care_period_ended_once(period_end: date | None) -> list[Violation]:
    """A period of care ends once."""
    if period_end is None:
        return []
    return [
        violation(Rule.CARE_PERIOD_ENDED_ONCE, "This period of care has already ended.", "end_date")
    ]


def care_end_needs_reason(end_date: date | None, reason_ceased: str) -> list[Violation]:
    """Care ends with the reason it ceased (SSDA903 REC), and a reason means it ended."""
    if (end_date is None) == (reason_ceased == ""):
        return []
    return [
        violation(
            Rule.CARE_END_NEEDS_REASON,
            "Choose the reason the child stopped being looked after.",
            "reason_ceased",
        )
    ]


def care_review_within_period(period_start: date, review_date: date) -> list[Violation]:
    """A looked-after review falls within the period of care (Care Planning Regulations 2010,
    reg. 33)."""
    return not_before(
        earlier=("start_date", period_start),
        later=("review_date", review_date),
        rule=Rule.CARE_REVIEW_WITHIN_PERIOD,
        earlier_is="the date the child became looked after",
    )
