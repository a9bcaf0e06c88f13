"""The demo's children in care get personal education plans (mostly on time, some late) and
termly reviews, some unaccompanied asylum-seeking children, a few mothers, and convictions and
substance misuse at about the national rates; every row holds the rules the services ask.

Drawn over a few hundred hand-made children in care, without the database: the stage reads
only the generator's own rows."""

from __future__ import annotations

from datetime import date, timedelta
from random import Random

import pytest

from safeguard.care import rules
from safeguard.demo.generator.education import EducationRows, give_education
from safeguard.demo.generator.records import (
    CarePeriodRow,
    ChildHistory,
    PersonRow,
    PlacementRow,
)
from safeguard.people.ages import age_on
from safeguard.timescales.clocks import CLOCKS
from safeguard.timescales.working_days import add_months

AS_OF = date(2026, 12, 1)


@pytest.fixture(scope="module")
def children() -> list[ChildHistory]:
    rng = Random(7)
    made = []
    for index in range(400):
        born = AS_OF - timedelta(days=rng.randint(365, 17 * 365))
        child = PersonRow(
            "A", "Child", born, rng.choice("MF"), rng.choice(["WBRI", "BAFR", "AOTH"]), True
        )
        h = ChildHistory(index=index, child=child)
        start = max(born + timedelta(days=30), AS_OF - timedelta(days=rng.randint(30, 1500)))
        period = CarePeriodRow(start_date=start, category_of_need="N1", home_postcode="NB1 1AA")
        h.care_periods.append(period)
        h.placements.append(PlacementRow(period, start, "S", "C2", "U4", "PR1", "NB2 2BB"))
        made.append(h)
    return made


@pytest.fixture(scope="module")
def drawn(children: list[ChildHistory]) -> EducationRows:
    return give_education(children, 3, AS_OF)


def test_most_initial_peps_are_on_time_and_some_late(drawn: EducationRows) -> None:
    clock = CLOCKS["lac_pep"]
    initial = [(h, p, plan) for h, p, plan in drawn.plans if plan["kind"] == "initial"]
    assert len(initial) > 100
    on_time = [
        plan["meeting_date"] <= clock.due_from(max(p.start_date, add_months(born, 36)))
        for h, p, plan in initial
        if (born := h.child.date_of_birth) is not None
    ]
    assert 0.75 <= sum(on_time) / len(on_time) < 1
    assert any(plan["kind"] == "review" for _, _, plan in drawn.plans)


def test_every_pep_is_in_its_period_for_a_child_of_3_or_over(drawn: EducationRows) -> None:
    for h, period, plan in drawn.plans:
        on = plan["meeting_date"]
        assert on <= AS_OF and on >= period.start_date
        assert rules.pep_from_age_3(h.child.date_of_birth, on) == []


def test_uasc_are_teenagers_of_plausible_heritage_with_no_home_postcode(
    drawn: EducationRows, children: list[ChildHistory]
) -> None:
    # About 8% of the periods, as far as the teenagers who could be UASC allow.
    assert 0 < len(drawn.uasc) <= round(0.08 * len(children))
    for h, period, ceased in drawn.uasc:
        assert 14 <= (age_on(h.child.date_of_birth, period.start_date) or 0) <= 17
        assert h.child.ethnicity != "WBRI" and period.home_postcode == ""
        assert rules.uasc_ceased_fits(period.start_date, h.child.date_of_birth, ceased) == []


def test_a_few_girls_are_mothers_of_15_or_over(drawn: EducationRows) -> None:
    assert 1 <= len(drawn.mothers) <= 5
    for h, _period, born in drawn.mothers:
        assert h.child.sex == "F" and (age_on(h.child.date_of_birth, born) or 0) >= 15


def test_convictions_and_substance_misuse_fit_the_ages_and_rates(
    drawn: EducationRows, children: list[ChildHistory]
) -> None:
    assert drawn.convictions and drawn.misuse
    for h, period, on, _notes in drawn.convictions:
        assert rules.conviction_age_10_or_over(h.child.date_of_birth, on) == []
        assert period.start_date <= on <= AS_OF
    assert len(drawn.misuse) < 0.1 * len(children)
    assert {i for *_, i, _n in drawn.misuse} <= {"received", "refused", "none"}
