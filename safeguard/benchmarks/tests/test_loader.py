"""Loading a published table: the layout checked first (nothing loaded when wrong, the missing
column named), suppressed figures kept as missing, a reload replacing the period it covers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeguard.audit.models import AuditEntry
from safeguard.benchmarks.loader import LayoutError
from safeguard.benchmarks.measures import (
    RE_REFERRALS,
    WORKFORCE_CASELOAD,
    WORKFORCE_VACANCY_RATE,
    Table,
)
from safeguard.benchmarks.models import PublishedFigure, PublishedLoad
from safeguard.benchmarks.tests.support import (
    WORKFORCE_COLUMNS,
    csv_text,
    england_row,
    la_row,
    load_text,
    parsed,
)

pytestmark = pytest.mark.django_db

GOOD = csv_text(
    [
        england_row("2025", "14.2", "13.0", "11.8", "15.2", "3.5", "322786", "36186"),
        [
            "2025",
            "Reporting year",
            "Regional",
            "E92000001",
            "England",
            "E12000005",
            "West Midlands",
            "",
            "",
            "",
            "15",
            "14",
            "12",
            "16",
            "3.6",
            "1",
            "1",
        ],
        la_row("2025", "E08000026", "331", "Coventry", "11.0", "z", "..", "14.0", "c", "x", "300"),
    ]
)


def _load_file(tmp_path: Path, text: str, table: str = "workforce", name: str = "csww.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    call_command("load_published_tables", str(path), "--table", table)


def _loads():
    return list(
        PublishedLoad.objects.filter(table="workforce").values_list("source_file", flat=True)
    )


def test_a_good_file_loads_england_the_region_and_each_authority(tmp_path):
    _load_file(tmp_path, GOOD)
    assert _loads() == ["csww.csv"]  # it replaced the shipped England row for 2025
    coventry = PublishedFigure.objects.get(new_la_code="E08000026", measure=WORKFORCE_VACANCY_RATE)
    assert (coventry.value, coventry.old_la_code, coventry.la_name) == (
        Decimal("11.000"),
        "331",
        "Coventry",
    )
    levels = set(
        PublishedFigure.objects.filter(measure=WORKFORCE_CASELOAD).values_list(
            "geographic_level", flat=True
        )
    )
    assert levels == {"National", "Regional", "Local authority"}
    entry = AuditEntry.objects.filter(
        object_type="benchmarks.publishedload", action="create"
    ).last()
    assert entry is not None and entry.details["file"] == "csww.csv"


def test_suppressed_figures_are_missing_with_their_symbol_kept():
    period = parsed(GOOD).periods["2025"]
    coventry = {f.measure: (f.value, f.marker) for f in period.figures if f.la_name == "Coventry"}
    assert coventry["workforce_agency_rate"] == (None, "z")
    assert coventry["workforce_turnover_rate"] == (None, "..")
    assert coventry["workforce_sickness_rate"] == (None, "c")
    # days lost not available (x): days per FTE cannot be worked out either
    assert coventry["workforce_sickness_days_per_fte"] == (None, "x")


def test_a_file_missing_a_layout_column_names_it_and_loads_nothing(tmp_path):
    text = GOOD.replace("new_la_code,", "", 1)
    before = PublishedFigure.objects.count()
    with pytest.raises(CommandError, match="it has no new_la_code column"):
        _load_file(tmp_path, text)
    assert PublishedFigure.objects.count() == before
    assert _loads() == ["workforce_england_2025.csv"]


def test_a_file_with_none_of_the_tables_columns_says_which_it_expected():
    text = csv_text([england_row("202425", "22.6")], columns=("rereferral_percent",))
    with pytest.raises(LayoutError, match="none of the columns the workforce table"):
        parsed(text, Table.WORKFORCE)
    cin = parsed(text, Table.CIN)
    assert cin.measures == (RE_REFERRALS,)


def test_a_figure_that_is_not_a_number_names_its_row_and_column_and_loads_nothing(tmp_path):
    text = GOOD.replace("11.0,z", "eleven,z")
    with pytest.raises(CommandError, match="Row 4, column vacancy_rate_fte: 'eleven'"):
        _load_file(tmp_path, text)
    assert _loads() == ["workforce_england_2025.csv"]


def test_a_place_listed_twice_in_a_period_is_refused():
    row = la_row("2025", "E08000026", "331", "Coventry", *["1"] * len(WORKFORCE_COLUMNS))
    with pytest.raises(LayoutError, match="Row 3: Coventry appears twice for 2025"):
        parsed(csv_text([row, row]))


def test_loading_again_replaces_that_period_and_keeps_the_others(tmp_path):
    _load_file(tmp_path, GOOD, name="first.csv")
    row_2024 = la_row("2024", "E08000026", "331", "Coventry", *["2"] * len(WORKFORCE_COLUMNS))
    _load_file(tmp_path, csv_text([row_2024]), name="old_year.csv")
    _load_file(tmp_path, GOOD.replace("11.0,z", "12.5,z"), name="second.csv")
    assert sorted(_loads()) == ["old_year.csv", "second.csv"]
    coventry = PublishedFigure.objects.get(
        new_la_code="E08000026", measure=WORKFORCE_VACANCY_RATE, load__time_period="2025"
    )
    assert coventry.value == Decimal("12.500")


def test_a_generated_load_leaves_the_published_england_row_in_place():
    load_text(GOOD, source_file="generated neighbours", generated=True)
    assert sorted(_loads()) == ["generated neighbours", "workforce_england_2025.csv"]
    load_text(GOOD, source_file="generated again", generated=True)
    assert sorted(_loads()) == ["generated again", "workforce_england_2025.csv"]


def test_a_file_that_is_not_there_is_refused(tmp_path):
    with pytest.raises(CommandError, match="is not a file"):
        call_command("load_published_tables", str(tmp_path / "none.csv"), "--table", "cin")


def test_a_file_replaces_only_the_measures_it_holds_so_a_tables_files_add_up():
    # Children in need comes in several files: C1 (re-referrals) then D1 (plans), 2024-25.
    c1 = csv_text([england_row("202425", "21.0")], columns=("rereferral_percent",))
    d1 = csv_text([england_row("202425", "40.0")], columns=("cpp_rate_per_10000",))
    load_text(c1, source_file="c1.csv", table=Table.CIN)
    load_text(d1, source_file="d1.csv", table=Table.CIN)
    england = dict(
        PublishedFigure.objects.filter(load__table="cin", geographic_level="National").values_list(
            "measure", "load__source_file"
        )
    )
    assert england == {
        "re_referrals": "c1.csv",
        "children_on_plans": "d1.csv",
        # still the shipped national row's
        "referrals": "cin_england_2025.csv",
        "assessments": "cin_england_2025.csv",
    }
    load_text(c1.replace("21.0", "22.0"), source_file="c1 again.csv", table=Table.CIN)
    assert sorted(
        PublishedLoad.objects.filter(table="cin").values_list("source_file", flat=True)
    ) == [
        "c1 again.csv",
        "cin_england_2025.csv",
        "d1.csv",
    ]
