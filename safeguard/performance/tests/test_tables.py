"""The dashboard exports read back as a spreadsheet reads them: text typed as a formula is text
in both CSV and Excel, and numbers (negative ones too) and dates stay numbers and dates."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

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
