"""`safe_cell`: text a spreadsheet would run as a formula is marked as text; everything else,
numbers and dates first, passes unchanged; `read_cell` gives back exactly what was written."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from safeguard.common.spreadsheets import read_cell, safe_cell

FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2+3",
    "@SUM(A1)",
    "=1+2",
    "-",
    "+44 7700 900123",
    "\t=1+2",
    "\r=1+2",
    "-1e5",
    "-2,3",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_would_run_as_a_formula_gains_a_leading_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    [-2, -0.5, Decimal("-3.25"), 0, 7, None, True, date(2025, 4, 1), datetime(2025, 4, 1, 9)],
)
def test_numbers_dates_booleans_and_empty_cells_pass_unchanged(value):
    assert safe_cell(value) is value


@pytest.mark.parametrize("text", ["-2", "-0.5", "-1,234.50", "-12345"])
def test_text_that_is_only_a_negative_number_is_left_to_be_read_as_that_number(text):
    assert safe_cell(text) == text


@pytest.mark.parametrize("text", ["", "Jayden Okafor", "Team A", "a=b", "1+2", "O'Neil", "E-mail"])
def test_ordinary_text_passes_unchanged(text):
    assert safe_cell(text) == text


def test_text_already_starting_with_an_apostrophe_is_marked_so_it_reads_back_as_typed():
    assert safe_cell("'=1+2") == "''=1+2"
    assert read_cell(safe_cell("'=1+2")) == "'=1+2"


@pytest.mark.parametrize(
    "text", [*FORMULAS, "", "Jayden", "'", "'quoted'", "'-2", "''@x", "-2", "'Team A"]
)
def test_reading_a_cell_back_gives_the_text_that_was_written(text):
    assert read_cell(safe_cell(text)) == text
