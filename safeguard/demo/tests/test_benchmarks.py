"""The demo's benchmarks: ten generated neighbours, each named "(generated)", with figures
around England's and loaded as generated beside the real England line, chosen as the demo
authority's neighbours; the same for the same seed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from safeguard.benchmarks.measures import (
    CASELOAD,
    RE_REFERRALS,
    WORKFORCE_CASELOAD,
    WORKFORCE_VACANCY_RATE,
)
from safeguard.benchmarks.models import PublishedFigure, PublishedLoad, StatisticalNeighbour
from safeguard.benchmarks.selectors import benchmark_for
from safeguard.benchmarks.shipped import england_rows_ensure
from safeguard.demo.generator.benchmarks import NEIGHBOURS, give_benchmarks, periods_for
from safeguard.organisation.models import Authority

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 11, 14)


@pytest.fixture
def authority() -> Authority:
    # A flushed test database has lost the national rows benchmarks' migration 0002 wrote.
    england_rows_ensure()
    return Authority.objects.create(name="Northbridge", la_code="998", child_population=250_000)


def _figures() -> list[tuple[str, str, Decimal | None]]:
    return list(
        PublishedFigure.objects.filter(load__generated=True)
        .order_by("new_la_code", "measure")
        .values_list("new_la_code", "measure", "value")
    )


def test_ten_generated_neighbours_are_chosen_and_shown_as_generated(authority):
    written = give_benchmarks(5, 0.01, AS_OF)
    assert written["benchmarks.statisticalneighbour"] == 10
    chosen = list(StatisticalNeighbour.objects.filter(authority=authority).order_by("rank"))
    assert [n.la_name for n in chosen] == [name for _, name in NEIGHBOURS]
    assert all(n.la_name.endswith("(generated)") for n in chosen)
    found = benchmark_for(authority, WORKFORCE_VACANCY_RATE)
    assert found is not None
    assert found.generated is True
    assert found.england == Decimal("14.2")  # the published England line stays
    assert found.period == "year to 30 September 2025"
    assert "(generated)" in found.source
    assert len(found.neighbours) == 10


def test_the_figures_are_around_englands(authority):
    give_benchmarks(5, 0.01, AS_OF)
    vacancies = PublishedFigure.objects.filter(
        load__generated=True, measure=WORKFORCE_VACANCY_RATE
    ).values_list("value", flat=True)
    assert len(vacancies) == 10
    assert all(Decimal("9.9") <= v <= Decimal("18.5") for v in vacancies)  # 14.2 +/- 30%


def test_one_neighbours_re_referrals_are_suppressed(authority):
    give_benchmarks(5, 0.01, AS_OF)
    found = benchmark_for(authority, RE_REFERRALS)
    assert found is not None and found.period == "2024 to 2025"
    assert [value for _, value in found.neighbours].count(None) == 1


def test_the_indicator_caseload_and_the_workforce_caseload_agree(authority):
    give_benchmarks(5, 0.01, AS_OF)
    a, b = benchmark_for(authority, CASELOAD), benchmark_for(authority, WORKFORCE_CASELOAD)
    assert a is not None and b is not None
    assert a.neighbours == b.neighbours


def test_the_same_seed_writes_the_same_figures_and_a_second_run_replaces_the_first(authority):
    give_benchmarks(5, 0.01, AS_OF)
    first = _figures()
    give_benchmarks(5, 0.01, AS_OF)
    assert _figures() == first
    assert PublishedLoad.objects.filter(generated=True).count() == 3
    give_benchmarks(6, 0.01, AS_OF)
    assert _figures() != first


def test_the_periods_are_the_latest_published_on_the_day():
    assert periods_for(date(2025, 11, 14)) == {"workforce": "2025", "cin": "202425", "cla": "2025"}
    assert periods_for(date(2025, 9, 1)) == {"workforce": "2024", "cin": "202425", "cla": "2025"}
    assert periods_for(date(2025, 3, 1)) == {"workforce": "2024", "cin": "202324", "cla": "2024"}
