"""The missing-episode rules: each holds on a clean episode and one change breaks exactly it."""

from __future__ import annotations

from datetime import date

from safeguard.care import rules

START = date(2025, 3, 1)
END = date(2025, 3, 2)


def _names(found: list[rules.Violation]) -> list[str]:
    return [v.rule for v in found]


def test_a_return_before_going_missing_is_refused():
    assert rules.missing_end_not_before_start(START, END) == []
    assert rules.missing_end_not_before_start(START, START) == []
    assert _names(rules.missing_end_not_before_start(START, date(2025, 2, 28))) == [
        "missing_end_not_before_start"
    ]


def test_an_episode_outside_the_period_of_care_is_refused():
    period_start, period_end = date(2025, 2, 3), date(2025, 3, 1)
    assert rules.missing_within_care_period(period_start, None, START, END) == []
    before = rules.missing_within_care_period(period_start, None, date(2025, 2, 2), None)
    assert [v.fields for v in before] == [("start_date",)]
    after = rules.missing_within_care_period(period_start, period_end, START, END)
    assert [v.fields for v in after] == [("end_date",)]
    assert "1 March 2025" in after[0].message


def test_episodes_do_not_overlap_and_one_open_blocks_another():
    earlier = [(date(2025, 2, 10), date(2025, 2, 12))]
    assert rules.missing_episodes_do_not_overlap(earlier, START, None) == []
    assert _names(rules.missing_episodes_do_not_overlap(earlier, date(2025, 2, 12), None)) == [
        "missing_episodes_do_not_overlap"
    ]
    still_open = rules.missing_episodes_do_not_overlap([(date(2025, 2, 20), None)], START, None)
    assert "record their return before another episode" in still_open[0].message


def test_a_return_is_recorded_once():
    assert rules.missing_return_recorded_once(None) == []
    assert _names(rules.missing_return_recorded_once(END)) == ["missing_return_recorded_once"]


def test_the_interview_is_answered_only_after_the_return_and_not_before_it():
    assert rules.return_interview_after_return(None, None, None) == []
    assert rules.return_interview_after_return(END, True, date(2025, 3, 4)) == []
    assert _names(rules.return_interview_after_return(None, True, None)) == [
        "return_interview_after_return"
    ]
    early = rules.return_interview_after_return(END, True, START)
    assert [v.fields for v in early] == [("rhi_date",)]


def test_the_interview_answers_fit_together():
    fits = rules.return_interview_answers_fit
    assert fits(True, True, date(2025, 3, 4)) == []
    assert fits(True, False, None) == []
    assert fits(False, None, None) == []
    assert [v.fields for v in fits(True, None, None)] == [("rhi_accepted",)]
    assert [v.fields for v in fits(False, True, date(2025, 3, 4))] == [("rhi_accepted",)]
    assert [v.fields for v in fits(True, True, None)] == [("rhi_date",)]
    assert [v.fields for v in fits(True, False, date(2025, 3, 4))] == [("rhi_date",)]
