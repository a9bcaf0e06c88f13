"""The personal education plan's clocks: 20 working days from becoming looked after (or the
third birthday), then each term (4 months) from the meeting before."""

from __future__ import annotations

from datetime import date

from safeguard.care.clocks import PeriodMeetings, pep_due_items
from safeguard.timescales.clocks import CLOCKS


def _items(today: date, **facts):
    period = PeriodMeetings(
        id=1,
        start_date=facts.pop("start_date", date(2025, 5, 1)),
        end_date=facts.pop("end_date", None),
        date_of_birth=facts.pop("date_of_birth", date(2015, 1, 1)),
        initial_on=facts.pop("initial_on", None),
        review_dates=facts.pop("review_dates", ()),
    )
    return pep_due_items([period], today=today, timescales={})


def test_the_pep_is_due_20_working_days_after_care_began_across_both_may_bank_holidays():
    # Looked after on Thursday 1 May 2025: 5 and 26 May are not counted.
    assert CLOCKS["lac_pep"].due_from(date(2025, 5, 1)) == date(2025, 6, 2)
    [item] = _items(date(2025, 6, 3))
    assert (item.clock, item.due, item.status) == ("lac_pep", date(2025, 6, 2), "overdue")


def test_reviews_run_from_each_meeting_4_months_on():
    items = _items(
        date(2025, 12, 1), initial_on=date(2025, 5, 20), review_dates=(date(2025, 9, 30),)
    )
    assert [(i.clock, i.started, i.due, i.met) for i in items] == [
        ("lac_pep", date(2025, 5, 1), date(2025, 6, 2), date(2025, 5, 20)),
        ("lac_pep_review", date(2025, 5, 20), date(2025, 9, 20), date(2025, 9, 30)),
        ("lac_pep_review", date(2025, 9, 30), date(2026, 1, 30), None),
    ]
    assert items[1].status == "met_late"


def test_a_child_under_3_has_no_pep_due_until_their_third_birthday():
    assert _items(date(2025, 6, 30), date_of_birth=date(2023, 1, 1)) == []
    # Third birthday on New Year's Day 2026, a bank holiday: 20 working days from 2 January.
    [item] = _items(date(2026, 2, 1), date_of_birth=date(2023, 1, 1))
    assert (item.started, item.due) == (date(2026, 1, 1), date(2026, 1, 29))


def test_a_period_that_ended_before_the_pep_was_due_leaves_no_clock():
    assert _items(date(2025, 7, 1), end_date=date(2025, 5, 20)) == []
