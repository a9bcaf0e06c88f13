"""The dashboard exports read back as a spreadsheet reads them: text typed as a formula is text
in both CSV and Excel, and numbers (negative ones too) and dates stay numbers and dates; a
percentage is a number with a percentage format, and a share of a small base shows its n."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from safeguard.performance.selectors import SMALL_BASE
from safeguard.performance.tables import Cell, Table, as_csv, as_xlsx

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)"]


def hostile_table() -> Table:
    table = Table(
        slug="children",
        caption="Referrals: children",
        headers=["Child", "Date", "Team", "Days"],
        numeric_columns=frozenset({3}),
        note="=note",
    )
    for number, text in enumerate(HOSTILE):
        table.rows.append(
            [
                Cell(text, href="/cases/1/"),
                Cell(date(2025, 6, 2)),
                Cell(text),
                Cell(Decimal(-2 - number), numeric=True),
            ]
        )
    table.rows.append([Cell("Jayden Okafor"), Cell(None), Cell("Team A"), Cell(Decimal("-1.5"))])
    return table


def test_the_csv_export_writes_formula_text_as_text_and_keeps_numbers():
    rows = list(
        csv.reader(io.StringIO(as_csv(hostile_table(), heading="=heading").decode("utf-8-sig")))
    )
    assert rows[0] == ["'=heading"]
    body = rows[2:-1]
    assert [row[0] for row in body] == ["'" + text for text in HOSTILE] + ["Jayden Okafor"]
    assert [row[2] for row in body] == ["'" + text for text in HOSTILE] + ["Team A"]
    assert [row[3] for row in body] == ["-2", "-3", "-4", "-5", "-1.5"]
    assert body[0][1] == "2025-06-02"
    assert rows[-1] == ["'=note"]


@pytest.mark.parametrize("heading", ["=heading", "Referrals, Team A"])
def test_the_excel_export_has_no_formula_cell_and_keeps_numbers_and_dates(heading):
    sheet = load_workbook(io.BytesIO(as_xlsx(hostile_table(), heading=heading))).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == ("'=heading" if heading.startswith("=") else heading)
    body = values[2:-1]
    assert [row[0] for row in body] == ["'" + text for text in HOSTILE] + ["Jayden Okafor"]
    assert [row[2] for row in body] == ["'" + text for text in HOSTILE] + ["Team A"]
    assert [row[3] for row in body] == [-2, -3, -4, -5, -1.5]
    assert body[0][1] == datetime(2025, 6, 2)
    assert values[-1][0] == "'=note"


def shares_table() -> Table:
    """Shares of a large and a small base, and a ratio of a small base, as the tables make
    them."""
    table = Table(
        slug="trend",
        caption="Assessments: month by month",
        headers=["Month", "Figure (%)", "Counted", "Caseload"],
        numeric_columns=frozenset({1, 2, 3}),
    )
    table.rows.append(
        [
            Cell("Apr 2025"),
            Cell(Decimal("85.7"), numeric=True, percent=True, base=140),
            Cell(140, numeric=True),
            Cell(Decimal("16.5"), numeric=True, base=SMALL_BASE),
        ]
    )
    table.rows.append(
        [
            Cell("May 2025"),
            Cell(Decimal("50.0"), numeric=True, percent=True, base=4),
            Cell(4, numeric=True),
            Cell(Decimal("12.5"), numeric=True, base=2),
        ]
    )
    table.rows.append([Cell("Jun 2025"), Cell(None, percent=True, base=0), Cell(0), Cell(None)])
    return table


def _sheet(table: Table):
    sheet = load_workbook(io.BytesIO(as_xlsx(table, heading="Assessments"))).active
    assert sheet is not None
    return sheet


def test_a_percentage_is_a_number_in_excel_shown_with_a_percentage_format():
    cell = _sheet(shares_table())["B3"]
    assert cell.data_type == "n" and cell.value == pytest.approx(0.857)
    assert cell.number_format == "0.0%"


def test_every_figure_read_back_from_excel_is_a_number_never_text():
    sheet = _sheet(shares_table())
    for row in sheet.iter_rows(min_row=3, min_col=2):
        for cell in row:
            assert cell.value is None or isinstance(cell.value, int | float), cell.coordinate


def test_a_small_base_shows_its_n_on_the_page_and_in_excel_and_the_cell_stays_a_number():
    small = shares_table().rows[1]
    assert small[1].text == "50.0 (n=4)" and small[3].text == "12.5 (n=2)"
    sheet = _sheet(shares_table())
    assert sheet["B4"].value == pytest.approx(0.5)
    assert sheet["B4"].number_format == '0.0%" (n=4)"'
    assert sheet["D4"].value == pytest.approx(12.5)
    assert sheet["D4"].number_format == '0.0" (n=2)"'


def test_a_base_of_twenty_or_more_shows_no_n():
    large = shares_table().rows[0]
    assert large[1].text == "85.7" and large[3].text == "16.5"
    assert _sheet(shares_table())["D3"].number_format == "0.0"


def test_no_figure_has_no_n_and_no_format():
    empty = shares_table().rows[2][1]
    assert empty.text == "" and empty.number_format is None


def test_in_csv_a_share_is_the_number_and_its_base_the_counted_column():
    rows = list(csv.reader(io.StringIO(as_csv(shares_table(), heading="x").decode("utf-8-sig"))))
    assert rows[3] == ["May 2025", "50", "4", "12.5"]
