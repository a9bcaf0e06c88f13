"""The health clocks on a child's timeline, hand-worked across bank holidays."""

from datetime import date

from safeguard.care.clocks import (
    INITIAL,
    REVIEW,
    REVIEW_UNDER_5,
    PeriodMeetings,
    health_due_items,
    review_clock_for,
)
from safeguard.timescales.clocks import ClockStatus


def _period(**kw):
    facts = {
        "id": 1,
        "start_date": date(2025, 5, 1),
        "end_date": None,
        "date_of_birth": date(2015, 1, 1),
        "initial_on": None,
    }
    return PeriodMeetings(**{**facts, **kw})


def test_the_initial_health_assessment_is_due_20_working_days_after_care_began():
    # Looked after Thu 1 May 2025: 5 May and 26 May are bank holidays, so due Mon 2 June.
    [item] = health_due_items([_period()], today=date(2025, 6, 3), timescales={})
    assert (item.clock, item.due, item.status) == (INITIAL, date(2025, 6, 2), ClockStatus.OVERDUE)


def test_reviews_chain_from_each_assessment_by_the_childs_age_on_its_day():
    born = date(2020, 9, 1)  # 4 until 1 September 2024, 5 from then
    period = _period(
        start_date=date(2024, 1, 8),
        date_of_birth=born,
        initial_on=date(2024, 1, 30),
        review_dates=(date(2024, 7, 29),),
    )
    items = health_due_items([period], today=date(2025, 3, 14), timescales={})
    assert [(i.clock, i.started, i.due, i.met) for i in items] == [
        (INITIAL, date(2024, 1, 8), date(2024, 2, 5), date(2024, 1, 30)),
        (REVIEW_UNDER_5, date(2024, 1, 30), date(2024, 7, 30), date(2024, 7, 29)),
        # Under 5 on 29 July 2024, so six months again, though 5 by the time it falls due.
        (REVIEW_UNDER_5, date(2024, 7, 29), date(2025, 1, 29), None),
    ]
    assert items[-1].status == ClockStatus.OVERDUE


def test_a_child_of_5_has_the_review_a_year_after_and_no_review_runs_before_the_initial():
    assert review_clock_for(date(2015, 1, 1), date(2025, 1, 1)) == REVIEW
    assert review_clock_for(None, date(2025, 1, 1)) == REVIEW_UNDER_5
    items = health_due_items([_period()], today=date(2025, 5, 2), timescales={})
    assert [i.clock for i in items] == [INITIAL]


def test_a_clock_whose_period_ended_before_it_fell_due_never_becomes_due():
    period = _period(end_date=date(2025, 5, 20))
    assert health_due_items([period], today=date(2025, 7, 1), timescales={}) == []


def test_the_return_interview_is_due_three_days_after_the_return_and_closes_if_declined():
    from safeguard.care.clocks import MissingEpisodeFacts, return_interview_due_items

    today = date(2025, 1, 2)
    episodes = [
        # Returned on Christmas Eve: due Friday 27 December, held on the 27th.
        MissingEpisodeFacts(1, date(2024, 12, 24), True, True, date(2024, 12, 27)),
        # Declined: closed unmet, not overdue work.
        MissingEpisodeFacts(2, date(2024, 12, 28), True, False, None),
        # Not answered yet: overdue since 1 January.
        MissingEpisodeFacts(3, date(2024, 12, 29), None, None, None),
        # Still missing: no clock yet.
        MissingEpisodeFacts(4, None, None, None, None),
    ]
    items = return_interview_due_items(episodes, today=today, timescales={})
    assert [(i.subject_id, i.due, i.met, i.closed, i.is_open) for i in items] == [
        (1, date(2024, 12, 27), date(2024, 12, 27), False, False),
        (2, date(2024, 12, 31), None, True, False),
        (3, date(2025, 1, 1), None, False, True),
    ]
    assert items[0].clock == "missing_return_interview"
    assert items[2].status == "overdue"
