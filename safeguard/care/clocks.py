"""A looked-after child's health clocks on their timeline: the initial health assessment
(20 working days from becoming looked after) and each review health assessment (6 months
from the previous assessment for a child under 5 on its day, 12 months from 5); and the
return home interview after each missing episode (72 hours: 3 calendar days from the return).

Plain Python over plain facts, like `cases.workflow.timeline`, whose `DueItem` it returns so
the record shows these beside every other clock. The lengths are the clocks' own
(`timescales.clocks`); only which clock applies is decided here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from safeguard.cases.workflow.timeline import DueItem
from safeguard.people.ages import age_on
from safeguard.timescales.clocks import (
    clock_status,
    clocks_with_local_overrides,
    due_soon_working_days,
)

INITIAL = "lac_initial_health_assessment"
REVIEW_UNDER_5 = "lac_review_health_assessment_under_5"
REVIEW = "lac_review_health_assessment"
SUBJECT = "care_period"
RETURN_INTERVIEW = "missing_return_interview"
MISSING_SUBJECT = "missing_episode"
_FIFTH_BIRTHDAY = 5


@dataclass(frozen=True)
class HealthPeriodFacts:
    """A period of care and the health assessments recorded in it."""

    id: int
    start_date: date
    end_date: date | None
    date_of_birth: date | None
    initial_on: date | None
    review_dates: Sequence[date] = ()


def review_clock_for(date_of_birth: date | None, previous: date) -> str:
    """Which review clock runs from an assessment: six-monthly for a child under 5 on its day
    (also when the age is not known: the stricter reading), yearly from 5."""
    age = age_on(date_of_birth, previous)
    if age is None or age < _FIFTH_BIRTHDAY:
        return REVIEW_UNDER_5
    return REVIEW


def health_due_items(
    periods: Sequence[HealthPeriodFacts], *, today: date, timescales: Mapping[str, int]
) -> list[DueItem]:
    """The health clocks of each period of care: the initial assessment, met by the period's
    initial health assessment; then a chain of review assessments, each running from the one
    before. A clock whose period ended before it fell due never becomes due."""
    clocks = clocks_with_local_overrides(timescales)
    window = due_soon_working_days(timescales)
    items: list[DueItem] = []

    def add(code: str, period: HealthPeriodFacts, started: date, met: date | None) -> None:
        clock = clocks[code]
        due = clock.due_from(started)
        ends = period.end_date
        if met is None and ends is not None and ends <= due:
            return
        status = clock_status(due=due, met=met, today=today, due_soon_working_days=window)
        closed = met is None and ends is not None
        items.append(
            DueItem(code, clock.label, SUBJECT, period.id, started, due, met, status, closed)
        )

    for period in periods:
        add(INITIAL, period, period.start_date, period.initial_on)
        if period.initial_on is None:
            continue  # the reviews run from the initial assessment, once there is one
        anchor = period.initial_on
        for review_on in sorted(d for d in period.review_dates if d > anchor):
            add(review_clock_for(period.date_of_birth, anchor), period, anchor, review_on)
            anchor = review_on
        add(review_clock_for(period.date_of_birth, anchor), period, anchor, None)
    return sorted(items, key=lambda item: (item.due, item.clock, item.subject_id))


@dataclass(frozen=True)
class MissingEpisodeFacts:
    """A missing episode's return and its return home interview."""

    id: int
    end_date: date | None
    rhi_offered: bool | None
    rhi_accepted: bool | None
    rhi_date: date | None


def return_interview_due_items(
    episodes: Sequence[MissingEpisodeFacts], *, today: date, timescales: Mapping[str, int]
) -> list[DueItem]:
    """One clock per return: met by the day the interview was held; once the interview is
    answered as not offered or declined, the clock is closed unmet, kept for the record."""
    clock = clocks_with_local_overrides(timescales)[RETURN_INTERVIEW]
    window = due_soon_working_days(timescales)
    items = []
    for episode in episodes:
        if episode.end_date is None:
            continue  # the clock starts when the child returns
        due = clock.due_from(episode.end_date)
        met = episode.rhi_date
        status = clock_status(due=due, met=met, today=today, due_soon_working_days=window)
        closed = met is None and episode.rhi_offered is not None
        items.append(
            DueItem(
                RETURN_INTERVIEW,
                clock.label,
                MISSING_SUBJECT,
                episode.id,
                episode.end_date,
                due,
                met,
                status,
                closed,
            )
        )
    return sorted(items, key=lambda item: (item.due, item.subject_id))
