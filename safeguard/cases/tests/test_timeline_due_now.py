"""The timeline as the record reads it (`workflow.timeline.due_now_and_history`): open clocks
first by urgency, the rest latest first; each clock's state is taken as it is, never worked out
again."""

from __future__ import annotations

from datetime import date

from safeguard.cases.workflow.timeline import DueItem, due_now_and_history
from safeguard.timescales.clocks import ClockStatus


def item(
    label: str, due: date, status: ClockStatus, met: date | None = None, closed: bool = False
) -> DueItem:
    return DueItem(label, label, "protection_plan", 1, date(2020, 1, 1), due, met, status, closed)


def test_open_clocks_come_overdue_then_due_soon_then_upcoming_soonest_first_within_each() -> None:
    items = [
        item("upcoming early", date(2025, 3, 20), ClockStatus.UPCOMING),
        item("overdue late", date(2025, 3, 10), ClockStatus.OVERDUE),
        item("due soon", date(2025, 3, 17), ClockStatus.DUE_SOON),
        item("overdue early", date(2025, 2, 1), ClockStatus.OVERDUE),
        item("upcoming late", date(2025, 6, 1), ClockStatus.UPCOMING),
    ]
    due_now, history = due_now_and_history(items)
    assert [i.label for i in due_now] == [
        "overdue early",
        "overdue late",
        "due soon",
        "upcoming early",
        "upcoming late",
    ]
    assert history == []


def test_the_status_decides_the_order_not_the_date() -> None:
    # A clock due later but already marked overdue (the clocks are the one source) comes before
    # one due earlier that its clock calls due soon.
    items = [
        item("due soon", date(2025, 3, 1), ClockStatus.DUE_SOON),
        item("overdue", date(2025, 3, 5), ClockStatus.OVERDUE),
    ]
    assert [i.label for i in due_now_and_history(items)[0]] == ["overdue", "due soon"]


def test_met_and_closed_clocks_are_history_latest_due_first() -> None:
    items = [
        item("met 2020", date(2020, 2, 1), ClockStatus.MET_IN_TIME, met=date(2020, 1, 20)),
        item("closed", date(2024, 5, 1), ClockStatus.OVERDUE, closed=True),
        item("met late 2023", date(2023, 1, 1), ClockStatus.MET_LATE, met=date(2023, 2, 1)),
        item("open", date(2025, 3, 1), ClockStatus.OVERDUE),
    ]
    due_now, history = due_now_and_history(items)
    assert [i.label for i in due_now] == ["open"]
    assert [i.label for i in history] == ["closed", "met late 2023", "met 2020"]
