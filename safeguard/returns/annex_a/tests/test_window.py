"""The reporting window: six or twelve whole calendar months, or a clear refusal."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.returns.annex_a.window import WindowError, reporting_window


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2025, 4, 1), date(2025, 9, 30), 6),
        (date(2025, 9, 1), date(2026, 2, 28), 6),
        (date(2025, 10, 1), date(2026, 9, 30), 12),
        # Counted back from the day after the last day (an inspection on 24 November).
        (date(2025, 5, 24), date(2025, 11, 23), 6),
        # Month ends: 31 August + 6 months is 28 February, so the window ends 27 February
        # counted forward; counted back from 1 March it starts 1 September.
        (date(2025, 8, 31), date(2026, 2, 27), 6),
        (date(2023, 3, 1), date(2024, 2, 29), 12),
    ],
)
def test_six_and_twelve_month_windows_are_accepted(start: date, end: date, months: int) -> None:
    window = reporting_window(start, end)
    assert (window.start, window.end, window.months) == (start, end, months)


def test_a_window_ending_before_it_starts_is_refused_with_both_dates() -> None:
    with pytest.raises(WindowError) as refused:
        reporting_window(date(2025, 9, 30), date(2025, 4, 1))
    assert str(refused.value) == (
        "The window's first day (30 September 2025) is after its last day (01 April 2025): "
        "enter the earlier date as the first day"
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2025, 4, 1), date(2025, 8, 31)),  # five months
        (date(2025, 4, 1), date(2025, 10, 1)),  # six months and a day
        (date(2025, 4, 1), date(2025, 4, 1)),  # one day
        (date(2025, 4, 1), date(2026, 9, 30)),  # eighteen months
    ],
)
def test_other_lengths_are_refused_with_the_last_days_that_would_do(start: date, end: date) -> None:
    with pytest.raises(WindowError) as refused:
        reporting_window(start, end)
    assert "is not 6 or 12 whole months" in str(refused.value)
    assert "the last day is 30 September 2025" in str(refused.value)
    assert "for 12 months it is 31 March 2026" in str(refused.value)


def test_the_year_and_six_months_before_the_last_day() -> None:
    window = reporting_window(date(2025, 4, 1), date(2025, 9, 30))
    assert window.year_before_end == date(2024, 10, 1)
    assert window.six_months_before_end == date(2025, 4, 1)
