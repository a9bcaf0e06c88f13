"""Working days in England: hand-worked dates, then properties.

Every expected date below was worked out on a calendar, not computed.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguard.timescales import add_months, add_working_days, is_working_day, working_days_between
from safeguard.timescales.working_days import (
    CALENDAR_EPOCH,
    FIRST_KNOWN_YEAR,
    LAST_KNOWN_YEAR,
    UnknownBankHolidaysError,
    bank_holidays,
    working_day_ordinal,
)


def test_a_referral_on_friday_20_december_2024_is_due_on_wednesday_26_february_2025():
    assert add_working_days(date(2024, 12, 20), 45) == date(2025, 2, 26)
    assert working_days_between(date(2024, 12, 20), date(2025, 2, 26)) == 45
    assert working_days_between(date(2024, 12, 20), date(2025, 2, 27)) == 46


def test_one_working_day_after_a_friday_is_the_next_monday():
    assert add_working_days(date(2024, 1, 5), 1) == date(2024, 1, 8)


def test_one_working_day_after_a_saturday_or_sunday_is_the_monday():
    assert add_working_days(date(2024, 1, 6), 1) == date(2024, 1, 8)
    assert add_working_days(date(2024, 1, 7), 1) == date(2024, 1, 8)


def test_zero_working_days_leaves_the_date_alone_even_at_a_weekend():
    assert add_working_days(date(2024, 1, 6), 0) == date(2024, 1, 6)
    assert add_working_days(date(2024, 1, 8), 0) == date(2024, 1, 8)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # Christmas on a Friday: Boxing Day (Saturday) is made up on Monday 28th.
        (date(2020, 12, 24), date(2020, 12, 29)),
        # Christmas on a Saturday and Boxing Day on a Sunday: Monday and Tuesday off.
        (date(2021, 12, 24), date(2021, 12, 29)),
        # New Year's Day 2022 on a Saturday: Monday 3 January off.
        (date(2021, 12, 31), date(2022, 1, 4)),
        # Christmas on a Sunday: Boxing Day Monday, substitute Tuesday 27th.
        (date(2022, 12, 23), date(2022, 12, 28)),
        # New Year's Day 2023 on a Sunday: Monday 2 January off.
        (date(2022, 12, 30), date(2023, 1, 3)),
        # An ordinary Christmas: Wednesday and Thursday.
        (date(2024, 12, 24), date(2024, 12, 27)),
    ],
)
def test_christmas_boxing_day_and_their_substitute_days_are_not_working_days(day, expected):
    assert add_working_days(day, 1) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 3, 28), date(2024, 4, 2)),  # Good Friday 29 March, Easter Monday 1 April
        (date(2025, 4, 17), date(2025, 4, 22)),  # Good Friday 18 April, Easter Monday 21 April
        (date(2022, 4, 14), date(2022, 4, 19)),  # Good Friday 15 April, Easter Monday 18 April
    ],
)
def test_good_friday_and_easter_monday_are_not_working_days(day, expected):
    assert add_working_days(day, 1) == expected


def test_fifteen_working_days_across_easter_2024_land_on_wednesday_17_april():
    assert add_working_days(date(2024, 3, 25), 15) == date(2024, 4, 17)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # VE Day 75: the early May bank holiday moved from Monday 4 to Friday 8 May 2020.
        (date(2020, 5, 7), date(2020, 5, 11)),
        (date(2020, 5, 1), date(2020, 5, 4)),
        # Platinum Jubilee: Thursday 2 and Friday 3 June 2022; 30 May was a working day.
        (date(2022, 6, 1), date(2022, 6, 6)),
        (date(2022, 5, 27), date(2022, 5, 30)),
        # State Funeral of Queen Elizabeth II: Monday 19 September 2022.
        (date(2022, 9, 16), date(2022, 9, 20)),
        # Coronation of King Charles III: Monday 8 May 2023.
        (date(2023, 5, 5), date(2023, 5, 9)),
    ],
)
def test_one_off_bank_holidays_are_not_working_days(day, expected):
    assert add_working_days(day, 1) == expected


@pytest.mark.parametrize(
    "day",
    [
        date(2020, 5, 8),
        date(2022, 6, 2),
        date(2022, 6, 3),
        date(2022, 9, 19),
        date(2023, 5, 8),
        date(2021, 12, 27),
        date(2021, 12, 28),
        date(2022, 12, 27),
        date(2022, 1, 3),
        date(2024, 3, 29),
        date(2024, 4, 1),
        date(2024, 1, 6),
        date(2024, 1, 7),
    ],
)
def test_these_days_are_not_working_days(day):
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [date(2020, 5, 4), date(2022, 5, 30), date(2024, 12, 24), date(2024, 12, 27)],
)
def test_these_days_are_working_days(day):
    assert is_working_day(day)


def test_bank_holidays_come_from_the_holidays_package_for_england():
    assert date(2022, 9, 19) in bank_holidays(2022)
    assert date(2022, 9, 19) not in bank_holidays(2021)


def test_negative_working_days_count_back_strictly_before_the_date():
    assert add_working_days(date(2022, 1, 4), -1) == date(2021, 12, 31)
    assert add_working_days(date(2022, 1, 1), -1) == date(2021, 12, 31)
    assert add_working_days(date(2020, 12, 29), -1) == date(2020, 12, 24)
    assert add_working_days(date(2025, 2, 26), -45) == date(2024, 12, 20)


def test_working_days_between_counts_after_the_start_up_to_and_including_the_end():
    assert working_days_between(date(2021, 12, 24), date(2021, 12, 29)) == 1
    assert working_days_between(date(2021, 12, 24), date(2021, 12, 28)) == 0
    assert working_days_between(date(2024, 1, 8), date(2024, 1, 8)) == 0


def test_working_days_between_is_negative_when_the_end_is_before_the_start():
    assert working_days_between(date(2021, 12, 29), date(2021, 12, 24)) == -1


def test_the_calendar_epoch_has_working_day_ordinal_zero():
    assert working_day_ordinal(CALENDAR_EPOCH) == 0
    assert working_day_ordinal(date(2000, 1, 4)) == 1  # 3 January 2000 was a bank holiday


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2024, 3, 15), -3, date(2023, 12, 15)),
        (date(2024, 5, 31), -3, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 10, 31), 3, date(2025, 1, 31)),
        (date(2024, 10, 31), 0, date(2024, 10, 31)),
    ],
)
def test_add_months_keeps_the_day_and_clamps_to_the_end_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


def test_dates_far_from_the_first_use_extend_the_table():
    # Christmas 2100 is a Saturday: Monday 27 and Tuesday 28 December are bank holidays.
    assert add_working_days(date(2100, 12, 24), 1) == date(2100, 12, 29)
    assert add_working_days(date(1880, 6, 4), 1) == date(1880, 6, 7)  # a Friday
    assert working_days_between(date(1880, 6, 4), date(2100, 12, 24)) > 50_000


def test_dates_beyond_the_years_the_holidays_package_knows_are_refused():
    with pytest.raises(UnknownBankHolidaysError):
        add_working_days(date(LAST_KNOWN_YEAR, 12, 31), 1)
    with pytest.raises(UnknownBankHolidaysError):
        add_working_days(date(FIRST_KNOWN_YEAR, 1, 1), -1)
    with pytest.raises(UnknownBankHolidaysError):
        is_working_day(date(LAST_KNOWN_YEAR + 1, 1, 1))
    with pytest.raises(UnknownBankHolidaysError):
        working_days_between(date(2024, 1, 1), date(LAST_KNOWN_YEAR + 1, 1, 1))


# Properties -------------------------------------------------------------------------

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
counts = st.integers(min_value=0, max_value=400)


def _naive_add(start: date, days: int) -> date:
    step = 1 if days > 0 else -1
    day, left = start, abs(days)
    while left:
        day += timedelta(days=step)
        if is_working_day(day):
            left -= 1
    return day


@given(dates, st.integers(min_value=-60, max_value=60))
def test_add_working_days_agrees_with_counting_day_by_day(day, days):
    assert add_working_days(day, days) == _naive_add(day, days)


@given(dates, counts)
def test_working_days_between_undoes_add_working_days(day, days):
    assert working_days_between(day, add_working_days(day, days)) == days


@given(dates, st.integers(min_value=1, max_value=400))
def test_add_working_days_always_lands_on_a_working_day(day, days):
    assert is_working_day(add_working_days(day, days))
    assert is_working_day(add_working_days(day, -days))


@given(dates, dates, counts)
def test_add_working_days_is_monotonic_in_the_start_date(first, second, days):
    first, second = sorted((first, second))
    assert add_working_days(first, days) <= add_working_days(second, days)


@given(dates, counts, counts)
def test_add_working_days_is_strictly_increasing_in_the_count(day, a, b):
    if a != b:
        a, b = sorted((a, b))
        assert add_working_days(day, a) < add_working_days(day, b)


@given(dates, dates, dates)
def test_working_days_between_adds_up_and_changes_sign_when_reversed(a, b, c):
    assert working_days_between(a, b) == -working_days_between(b, a)
    assert working_days_between(a, b) + working_days_between(b, c) == working_days_between(a, c)


@given(dates, st.integers(min_value=1, max_value=400))
def test_counting_back_then_between_counts_the_start_only_if_it_is_a_working_day(day, days):
    earlier = add_working_days(day, -days)
    assert earlier < day
    assert working_days_between(earlier, day) == days - 1 + is_working_day(day)


@given(dates)
def test_working_day_ordinal_counts_from_the_epoch(day):
    assert working_day_ordinal(day) == working_days_between(CALENDAR_EPOCH - timedelta(days=1), day)


@given(dates, st.integers(min_value=-600, max_value=600))
def test_add_months_moves_whole_months_and_never_overflows_the_month(day, months):
    result = add_months(day, months)
    assert result.year * 12 + result.month == day.year * 12 + day.month + months
    assert result.day <= day.day
    if result.day < day.day:
        assert (result + timedelta(days=1)).day == 1
