"""The supervision clock across weekends, month ends and bank holidays, hand-worked.

England's bank holidays used (holidays package, checked): Christmas 2026 falls on a Friday,
with Boxing Day (Saturday 26th) observed on Monday 28 December; Easter 2026 is Good Friday
3 April and Easter Monday 6 April; the coronation of King Charles III made Monday 8 May 2023
a one-off bank holiday. There is no bank holiday on 8 May 2026.
"""

from datetime import date

import pytest

from safeguard.supervision.clock import (
    DueSupervision,
    due_after,
    next_supervision_due,
    supervisions_due,
)


def test_a_supervision_is_due_one_month_after_the_last():
    # Tuesday 10 March 2026 + 1 month = Friday 10 April 2026, a working day.
    assert due_after(date(2026, 3, 10), 1) == date(2026, 4, 10)


def test_a_due_date_on_christmas_day_moves_past_the_observed_boxing_day():
    # 25 November 2026 + 1 month = Friday 25 December (Christmas); Saturday 26, Sunday 27,
    # Monday 28 (Boxing Day observed): due Tuesday 29 December 2026.
    assert due_after(date(2026, 11, 25), 1) == date(2026, 12, 29)


def test_a_due_date_on_good_friday_moves_past_easter_monday():
    # 3 March 2026 + 1 month = Good Friday 3 April; Easter Monday 6 April: due Tuesday 7 April.
    assert due_after(date(2026, 3, 3), 1) == date(2026, 4, 7)


def test_a_due_date_on_the_coronation_bank_holiday_moves_to_the_next_day():
    # Saturday 8 April 2023 + 1 month = Monday 8 May 2023, the one-off bank holiday.
    assert due_after(date(2023, 4, 8), 1) == date(2023, 5, 9)


def test_8_may_2026_is_an_ordinary_working_day():
    assert due_after(date(2026, 4, 8), 1) == date(2026, 5, 8)


def test_one_month_after_31_january_is_the_end_of_february_then_the_next_working_day():
    # 28 February 2026 is a Saturday: due Monday 2 March 2026.
    assert due_after(date(2026, 1, 31), 1) == date(2026, 3, 2)


def test_the_authoritys_own_interval_is_used():
    # Six-weekly is not a month count; two-monthly is: 15 January 2026 + 2 = 15 March (Sunday).
    assert due_after(date(2026, 1, 15), 2) == date(2026, 3, 16)


def test_an_interval_under_a_month_is_refused():
    with pytest.raises(ValueError, match="at least one month"):
        due_after(date(2026, 1, 15), 0)


def test_a_case_with_no_supervision_is_due_one_interval_after_its_allocation():
    assert next_supervision_due(date(2026, 11, 25), None, 1) == date(2026, 12, 29)


def test_a_supervision_before_the_case_came_to_this_worker_does_not_restart_the_clock():
    assert next_supervision_due(date(2026, 3, 3), date(2026, 2, 20), 1) == date(2026, 4, 7)


def test_the_last_supervision_restarts_the_clock():
    assert next_supervision_due(date(2026, 1, 5), date(2026, 3, 10), 1) == date(2026, 4, 10)


def test_each_supervision_held_by_its_due_date_is_on_time_and_a_late_one_restarts_the_clock():
    # Allocated 25 November 2026: due 29 December (Christmas, above); held 22 December (on
    # time). Next due 22 January 2027 (Friday); held 1 February (late). Next due 1 March 2027
    # (Monday); not held by 10 March: still due.
    due = supervisions_due(
        date(2026, 11, 25),
        None,
        [date(2027, 2, 1), date(2026, 12, 22)],
        1,
        until=date(2027, 3, 10),
    )
    assert due == [
        DueSupervision(date(2026, 12, 29), date(2026, 12, 22)),
        DueSupervision(date(2027, 1, 22), date(2027, 2, 1)),
        DueSupervision(date(2027, 3, 1), None),
    ]
    assert [d.on_time for d in due] == [True, False, False]


def test_no_supervision_falls_due_after_the_case_ended():
    due = supervisions_due(date(2026, 3, 3), date(2026, 4, 6), [], 1, until=date(2026, 6, 1))
    # Due Tuesday 7 April 2026, the day after the allocation ended.
    assert due == []


def test_a_supervision_on_the_day_of_allocation_starts_the_same_clock():
    due = supervisions_due(date(2026, 3, 3), None, [date(2026, 3, 3)], 1, until=date(2026, 4, 7))
    assert due == [DueSupervision(date(2026, 4, 7), None)]
