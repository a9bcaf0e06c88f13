"""England's line, each neighbour's figure and the neighbours' average, for the latest period
loaded; generated figures say so."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguard.benchmarks.measures import (
    ASSESSMENTS,
    CASELOAD,
    WORKFORCE_SICKNESS_DAYS_PER_FTE,
    WORKFORCE_VACANCY_RATE,
)
from safeguard.benchmarks.models import PublishedLoad, StatisticalNeighbour
from safeguard.benchmarks.selectors import benchmark_for, benchmarks_for, period_label
from safeguard.benchmarks.tests.support import csv_text, england_row, la_row, load_text

pytestmark = pytest.mark.django_db

# vacancy, agency, turnover, caseload, absence %, absence days, FTE in post
FILE_2025 = csv_text(
    [
        england_row("2025", "14.2", "13.0", "11.8", "15.2", "3.5", "322786", "36186"),
        la_row(
            "2025",
            "E08000025",
            "330",
            "Birmingham",
            "20.0",
            "15.0",
            "12.0",
            "17.0",
            "4",
            "10000",
            "1000",
        ),
        la_row(
            "2025", "E08000026", "331", "Coventry", "11.0", "9.0", "10.0", "14.0", "3", "x", "300"
        ),
        la_row("2025", "E08000027", "332", "Dudley", "c", "c", "c", "c", "c", "c", "c"),
        la_row("2025", "E08000028", "333", "Sandwell", "18.0", "1.0", "1.0", "1.0", "1", "1", "1"),
    ]
)


@pytest.fixture
def neighbours(personas):
    for rank, (code, name) in enumerate(
        [("E08000026", "Coventry"), ("E08000027", "Dudley"), ("E08000030", "Walsall")], start=1
    ):
        StatisticalNeighbour.objects.create(
            authority=personas.authority, new_la_code=code, la_name=name, rank=rank
        )


def test_england_comes_from_the_shipped_national_row_without_loading_anything(personas):
    found = benchmark_for(personas.authority, WORKFORCE_VACANCY_RATE)
    assert found is not None
    assert (found.england, found.period, found.generated) == (
        Decimal("14.2"),
        "year to 30 September 2025",
        False,
    )
    assert found.neighbours == () and found.neighbours_average is None
    assert "workforce_england_2025.csv" in found.source


def test_each_chosen_neighbour_is_shown_in_rank_order_with_missing_figures_as_none(
    personas, neighbours
):
    load_text(FILE_2025)
    found = benchmark_for(personas.authority, WORKFORCE_VACANCY_RATE)
    assert found is not None
    # Birmingham and Sandwell were not chosen; Dudley is suppressed (c); Walsall is not in the file.
    assert found.neighbours == (
        ("Coventry", Decimal("11.0")),
        ("Dudley", None),
        ("Walsall", None),
    )
    assert found.england == Decimal("14.2")
    assert found.neighbours_average == Decimal("11.0")
    assert found.source.endswith("csww_2025.csv")


def test_the_average_is_of_the_neighbours_with_a_figure_rounded_to_one_place(personas):
    for rank, code in enumerate(["E08000025", "E08000026", "E08000028"], start=1):
        StatisticalNeighbour.objects.create(
            authority=personas.authority, new_la_code=code, la_name=code, rank=rank
        )
    load_text(FILE_2025)
    found = benchmark_for(personas.authority, WORKFORCE_VACANCY_RATE)
    assert found is not None
    # (20.0 + 11.0 + 18.0) / 3 = 16.333...
    assert found.neighbours_average == Decimal("16.3")
    assert [name for name, _ in found.neighbours] == ["Birmingham", "Coventry", "Sandwell"]


def test_sickness_days_per_fte_is_days_lost_over_fte_in_post(personas, neighbours):
    load_text(FILE_2025)
    found = benchmark_for(personas.authority, WORKFORCE_SICKNESS_DAYS_PER_FTE)
    assert found is not None
    # England 322,786 / 36,186 = 8.92; Coventry's days are not available (x).
    assert found.england == Decimal("8.9")
    assert found.neighbours[0] == ("Coventry", None)


def test_the_latest_period_loaded_is_the_one_shown(personas, neighbours):
    load_text(FILE_2025)
    load_text(
        csv_text(
            [la_row("2024", "E08000026", "331", "Coventry", "30", "1", "1", "1", "1", "1", "1")]
        ),
        source_file="csww_2024.csv",
    )
    found = benchmark_for(personas.authority, WORKFORCE_VACANCY_RATE)
    assert found is not None
    assert found.neighbours[0] == ("Coventry", Decimal("11.0"))


def test_generated_figures_are_labelled_generated(personas, neighbours):
    load_text(FILE_2025, source_file="demo neighbours", generated=True)
    found = benchmark_for(personas.authority, WORKFORCE_VACANCY_RATE)
    assert found is not None
    assert found.generated is True
    assert "demo neighbours (generated)" in found.source


def test_a_measure_without_a_published_counterpart_has_no_benchmark(personas):
    assert benchmark_for(personas.authority, "contacts") is None


def test_a_measure_with_nothing_loaded_has_no_benchmark(personas):
    PublishedLoad.objects.all().delete()
    assert benchmark_for(personas.authority, ASSESSMENTS) is None


def test_the_indicator_caseload_reads_the_published_caseload(personas):
    found = benchmark_for(personas.authority, CASELOAD)
    assert found is not None and found.england == Decimal("15.2")


def test_many_measures_take_two_queries(personas, neighbours):
    load_text(FILE_2025)
    with CaptureQueriesContext(connection) as queries:
        found = benchmarks_for(
            personas.authority, [WORKFORCE_VACANCY_RATE, CASELOAD, ASSESSMENTS, "contacts"]
        )
    assert len(queries) == 2
    assert set(found) == {WORKFORCE_VACANCY_RATE, CASELOAD, ASSESSMENTS}


def test_periods_are_named_as_the_publications_name_them():
    assert period_label("cin", "202425") == "2024 to 2025"
    assert period_label("workforce", "2025") == "year to 30 September 2025"
