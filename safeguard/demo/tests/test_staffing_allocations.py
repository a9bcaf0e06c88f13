"""No demo social worker holds a child in care for only a day or two (the SSDA903 validator's
rule SW09STG2 finds a social worker episode shorter than three days): a worker who leaves days
after taking a case, or days after the child came into care, leaves those days with the team's
manager. Built from the generator's own rows, no database needed."""

from __future__ import annotations

from datetime import date

from safeguard.demo.generator import staffing
from safeguard.demo.generator.organisation import Interval, Slot
from safeguard.demo.generator.records import (
    AllocationRow,
    CarePeriodRow,
    ChildHistory,
    PersonRow,
    ServiceRow,
    TeamRow,
    WorkerRow,
)

AS_OF = date(2026, 12, 1)


def _team() -> TeamRow:
    team = TeamRow("Children in Care Team", "children_in_care", ServiceRow("Children in care"))
    team.manager = WorkerRow("Tess", "Manager", "team_manager", team, date(2020, 1, 6))
    return team


def _worker(team: TeamRow, name: str, started: date, left: date | None = None) -> WorkerRow:
    return WorkerRow(name, "Worker", "social_worker", team, started, left)


def _child() -> ChildHistory:
    return ChildHistory(
        index=1, child=PersonRow("", "", date(2014, 5, 1), "F", "WBRI", is_child=True)
    )


def _held(h: ChildHistory) -> list[tuple[str | None, date, date | None]]:
    return [(a.worker.first_name if a.worker else None, a.start_date, a.end_date)
            for a in h.allocations]  # fmt: skip


def test_a_worker_leaving_two_days_into_a_stretch_leaves_it_with_the_manager() -> None:
    team = _team()
    leaving = _worker(team, "Ada", date(2021, 3, 1), date(2025, 7, 15))
    next_one = _worker(team, "Bea", date(2025, 7, 15))
    slot = Slot(team, 1.0, [leaving, next_one], [date(2021, 3, 1), date(2025, 7, 15)])
    h = _child()
    staffing._split_by_holder(
        h, slot, Interval(date(2025, 7, 13), None, "children_in_care", True, "Transfer"), AS_OF
    )
    assert _held(h) == [
        (None, date(2025, 7, 13), date(2025, 7, 15)),
        ("Bea", date(2025, 7, 15), None),
    ]
    assert h.allocations[0].reason == staffing.HELD_BY_MANAGER_REASON


def test_three_days_is_long_enough_to_name_the_worker() -> None:
    team = _team()
    leaving = _worker(team, "Ada", date(2021, 3, 1), date(2025, 7, 16))
    next_one = _worker(team, "Bea", date(2025, 7, 16))
    slot = Slot(team, 1.0, [leaving, next_one], [date(2021, 3, 1), date(2025, 7, 16)])
    h = _child()
    staffing._split_by_holder(
        h, slot, Interval(date(2025, 7, 13), None, "children_in_care", True, "Transfer"), AS_OF
    )
    assert _held(h)[0] == ("Ada", date(2025, 7, 13), date(2025, 7, 16))


def test_a_worker_leaving_days_after_the_child_came_into_care_hands_those_days_over() -> None:
    team = _team()
    ada = _worker(team, "Ada", date(2021, 3, 1), date(2025, 7, 13))
    h = _child()
    h.care_periods.append(CarePeriodRow(date(2025, 7, 11), "N1"))
    h.allocations.append(
        AllocationRow(team, ada, date(2024, 11, 12), date(2025, 7, 13), "Plan", team.manager)
    )
    staffing._no_short_worker_spell_in_care(h, AS_OF)
    assert _held(h) == [
        ("Ada", date(2024, 11, 12), date(2025, 7, 11)),
        (None, date(2025, 7, 11), date(2025, 7, 13)),
    ]


def test_a_stretch_still_open_on_the_demo_day_keeps_its_worker() -> None:
    team = _team()
    ada = _worker(team, "Ada", date(2021, 3, 1))
    h = _child()
    h.care_periods.append(CarePeriodRow(date(2026, 11, 29), "N1"))
    h.allocations.append(
        AllocationRow(team, ada, date(2026, 1, 5), date(2026, 12, 2), "Plan", team.manager)
    )
    staffing._no_short_worker_spell_in_care(h, AS_OF)
    assert _held(h) == [("Ada", date(2026, 1, 5), date(2026, 12, 2))]
