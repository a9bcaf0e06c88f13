"""The census error report: an analyst opens it in a spreadsheet, so a LA child ID or a
schema message quoting a child's value that starts with = + - @ is written as text; the
returns page reads the file back and shows the text as it was."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from safeguard.cases.tests.factories import ReferralFactory
from safeguard.people.models import PersonDisability
from safeguard.people.tests.factories import ChildFactory
from safeguard.returns.census.report import read_report, write_report
from safeguard.returns.census.rules import Issue
from safeguard.returns.census.services import census_build

from .authority import build_authority

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)"]


def _raw(path: Path) -> list[list[str]]:
    """The report's lines after the protective marking, which is its first line."""
    with path.open(newline="", encoding="utf-8") as f:
        marking, *lines = csv.reader(f)
    assert marking == ["OFFICIAL-SENSITIVE"]
    return lines


def test_text_that_would_run_as_a_formula_is_written_as_text_and_read_back_as_it_was(tmp_path):
    path = tmp_path / "c.errors.csv"
    issues = [Issue("XSD", text, False, None, text, f"{text}: not valid") for text in HOSTILE]
    write_report(path, issues)

    written = _raw(path)[1:]
    assert [row[2] for row in written] == ["'" + text for text in HOSTILE]
    assert [row[3] for row in written] == ["'" + text for text in HOSTILE]
    assert [row[5] for row in written] == ["'" + text + ": not valid" for text in HOSTILE]
    assert [(row.message, row.la_child_id, row.where) for row in read_report(path)] == [
        (text, text, f"{text}: not valid") for text in HOSTILE
    ]


def test_an_ordinary_report_is_written_and_read_unchanged(tmp_path):
    path = tmp_path / "c.errors.csv"
    write_report(path, [Issue("8500", "LA Child ID missing", False, 7, "GA0001", "Child")])
    assert _raw(path)[1] == [
        "8500",
        "error",
        "LA Child ID missing",
        "GA0001",
        "7",
        "Child",
        "/children/7",
    ]
    [row] = read_report(path)
    assert (row.rule, row.la_child_id, row.child_id) == ("8500", "GA0001", "7")


@pytest.mark.django_db
def test_a_child_id_typed_as_a_formula_is_text_in_the_built_report(tmp_path):
    authority = build_authority()
    kid = ChildFactory(la_child_id="@SUM(A1)", upn_unknown_reason="UN4")
    PersonDisability.objects.create(person=kid, code="NONE")
    ReferralFactory(child=kid, team=authority.teams.first(), referral_date=date(2024, 9, 2))

    census_build(authority=authority, year=2025, output=tmp_path / "c.xml", workers=0)

    written = _raw(tmp_path / "c.errors.csv")
    ids = {row[3] for row in written[1:]}
    assert "'@SUM(A1)" in ids and "@SUM(A1)" not in ids
    assert "@SUM(A1)" in {row.la_child_id for row in read_report(tmp_path / "c.errors.csv")}
