"""The care plan's clock on a child's timeline (`lac_care_plan`, Care Planning Regulations
2010 reg. 4(2)), without a database. Dates worked by hand from the England bank holidays:
early May (Mon 5 May 2025) and spring (Mon 26 May 2025)."""

from __future__ import annotations

from datetime import date

from safeguard.cases.workflow.timeline import CaseFacts, DueItem, PlanFact, due_items
from safeguard.timescales.clocks import ClockStatus

# Looked after from Thu 1 May 2025: Fri 2 (1), [Mon 5], 6-9 (2-5), 12-16 (6-10): the care
# plan is due Fri 16 May; the first review 20 working days on: 19-23 (11-15), [Mon 26],
# 27-30 (16-19), Mon 2 June (20).
LOOKED_AFTER = date(2025, 5, 1)


def _care_plan(period: PlanFact, today: date) -> DueItem | None:
    found = [
        i
        for i in due_items(CaseFacts(care_periods=[period]), today=today, timescales={})
        if i.clock == "lac_care_plan"
    ]
    assert len(found) <= 1, found
    return found[0] if found else None


def test_the_care_plan_is_due_10_working_days_after_the_first_placement_across_a_bank_holiday():
    item = _care_plan(PlanFact(5, LOOKED_AFTER, None), today=date(2025, 5, 19))

    assert item is not None
    assert (item.subject, item.subject_id, item.started, item.due) == (
        "care_period",
        5,
        LOOKED_AFTER,
        date(2025, 5, 16),
    )
    assert (item.status, item.is_open) == (ClockStatus.OVERDUE, True)


def test_the_first_review_of_the_same_period_is_due_on_2_june_2025() -> None:
    first_review = [
        i
        for i in due_items(
            CaseFacts(care_periods=[PlanFact(5, LOOKED_AFTER, None)]),
            today=date(2025, 5, 2),
            timescales={},
        )
        if i.clock == "lac_first_review"
    ]

    assert [i.due for i in first_review] == [date(2025, 6, 2)]


def test_a_care_plan_agreed_before_the_placement_is_met_in_time() -> None:
    item = _care_plan(
        PlanFact(5, LOOKED_AFTER, None, care_plan_date=date(2025, 4, 30)), today=date(2025, 6, 1)
    )

    assert item is not None
    assert (item.met, item.status, item.is_open) == (
        date(2025, 4, 30),
        ClockStatus.MET_IN_TIME,
        False,
    )


def test_a_care_plan_agreed_on_its_due_date_is_in_time_and_the_day_after_is_late() -> None:
    on_time = _care_plan(
        PlanFact(5, LOOKED_AFTER, None, care_plan_date=date(2025, 5, 16)), today=date(2025, 6, 1)
    )
    late = _care_plan(
        PlanFact(5, LOOKED_AFTER, None, care_plan_date=date(2025, 5, 19)), today=date(2025, 6, 1)
    )

    assert on_time is not None and on_time.status == ClockStatus.MET_IN_TIME
    assert late is not None and late.status == ClockStatus.MET_LATE


def test_care_that_ended_before_the_plan_fell_due_never_makes_it_due() -> None:
    short = PlanFact(5, LOOKED_AFTER, date(2025, 5, 9))

    assert _care_plan(short, today=date(2025, 6, 1)) is None


def test_care_that_ended_after_the_plan_fell_due_keeps_it_as_missed_and_closed() -> None:
    ended = PlanFact(5, LOOKED_AFTER, date(2025, 5, 23))

    item = _care_plan(ended, today=date(2025, 6, 1))

    assert item is not None
    assert (item.status, item.closed, item.is_open) == (ClockStatus.OVERDUE, True, False)
