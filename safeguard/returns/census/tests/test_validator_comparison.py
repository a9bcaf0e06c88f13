"""Safeguard's findings beside the sector validator's, child by child and rule by rule: a
difference passes only where an entry explains it and its check holds for that child."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from safeguard.returns.census.report import write_report
from safeguard.returns.census.rules import Issue
from safeguard.returns.census.validator_comparison import (
    EXPLAINED,
    ComparisonError,
    compare,
    load_explanations,
    main,
    summary,
)

CENSUS = """<?xml version="1.0" encoding="utf-8"?>
<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year>
<ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails></Header><Children>
<Child><ChildIdentifiers><LAchildID>NB1</LAchildID></ChildIdentifiers></Child>
<Child><ChildIdentifiers><LAchildID>NB2</LAchildID></ChildIdentifiers></Child>
<Child><ChildIdentifiers><LAchildID>NB3</LAchildID></ChildIdentifiers>
<CINdetails><ChildProtectionPlans><CPPendDate>2025-12-12</CPPendDate>
<Reviews><CPPreviewDate>2025-12-12</CPPreviewDate></Reviews></ChildProtectionPlans>
</CINdetails></Child>
</Children></Message>
"""
VALIDATOR_COLUMNS = ("", "ERROR_ID", "LAchildID", "rule_code", "tables_affected",
                     "columns_affected", "ROW_ID", "value_flagged", "rule_description")  # fmt: skip


def issue(code: str, child: str) -> Issue:
    return Issue(code, "message", code.endswith("Q"), 1, child, "somewhere")


def files(tmp_path: Path, ours: list[Issue], theirs: list[tuple[str, str, str, str]]) -> Path:
    census = tmp_path / "census.xml"
    census.write_text(CENSUS, encoding="utf-8")
    write_report(tmp_path / "census.errors.csv", ours)
    with (tmp_path / "user_report.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(VALIDATOR_COLUMNS)
        for n, (child, rule, column, value) in enumerate(theirs):
            writer.writerow([n, "x", child, rule, "T", column, n, value, "d"])
    return census


def run(census: Path, log: Path | None = None):
    return compare(
        census=census,
        validator_report=census.with_name("user_report.csv"),
        explanations=load_explanations(EXPLAINED),
        validator_log=log,
    )


@pytest.mark.django_db
def test_findings_on_both_sides_agree_and_the_boundary_day_is_explained(tmp_path):
    census = files(
        tmp_path,
        [issue("8670Q", "NB1")],
        [
            ("NB1", "8670Q", "AssessmentActualStartDate", "2026-01-02"),
            # Started exactly 15 working days before 31 March 2026: due on the census day.
            ("NB2", "8675Q", "S47ActualStartDate", "2026-03-10"),
            # The review that ended its own plan, paired by the validator with another's.
            ("NB3", "4003", "CPPreviewDate", "2025-12-12"),
        ],
    )
    result = run(census)
    assert result.ok and result.unexplained == []
    assert result.ours == {"8670Q": {"NB1"}}
    assert {why.rule: [d.child for d in found] for why, found in result.explained.items()} == {
        "8670Q": [],
        "8675Q": ["NB2"],
        "8569Q": [],
        "4003": ["NB3"],
    }
    assert "not needed in this run: the explanation of 8569Q flagged by the" in summary(result)


@pytest.mark.django_db
def test_a_difference_the_explanation_does_not_cover_fails(tmp_path):
    census = files(
        tmp_path,
        [issue("8670Q", "NB1"), issue("8897", "NB2")],
        [
            # A day earlier than the boundary: the validator is right and we missed it.
            ("NB1", "8670Q", "AssessmentActualStartDate", "2026-01-26"),
            ("NB2", "8675Q", "S47ActualStartDate", "2026-03-09"),
        ],
    )
    result = run(census)
    assert not result.ok
    assert sorted((d.rule, d.child, d.flagged_by) for d in result.unexplained) == [
        ("8675Q", "NB2", "validator"),
        ("8897", "NB2", "safeguard"),
    ]
    report = tmp_path / "user_report.csv"
    assert main(["--census", str(census), "--validator-report", str(report)]) == 1


@pytest.mark.django_db
def test_a_rule_the_validator_could_not_run_fails(tmp_path):
    census = files(tmp_path, [], [])
    log = tmp_path / "validator.log"
    log.write_text("noise\nError with rule 8840: KeyError, 'CPPID'\n", encoding="utf-8")
    result = run(census, log)
    assert not result.ok and result.validator_crashes == ["8840: KeyError, 'CPPID'"]


def test_every_explanation_in_the_repository_links_to_a_section_that_exists():
    assert {(e.rule, e.flagged_by) for e in load_explanations(EXPLAINED)} == {
        ("8670Q", "validator"),
        ("8675Q", "validator"),
        ("8569Q", "validator"),
        ("4003", "validator"),
    }


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('rule = "4003"\nflagged_by = "validator"\nwhy = "w"\ndocs = "docs/returns.md#nowhere"',
         "names no section that exists"),
        ('rule = "4003"\nflagged_by = "both"\nwhy = "w"\ndocs = "docs/returns.md"',
         "flagged_by must be one of"),
        ('rule = "4003"\nflagged_by = "validator"\ndocs = "docs/returns.md"', "why is missing"),
        ('rule = "4003"\nflagged_by = "validator"\nwhy = "w"\ndocs = "docs/returns.md"\n'
         'when = "because"', "no check named 'because'"),
    ],
)  # fmt: skip
def test_a_malformed_explanation_is_refused(tmp_path, entry: str, message: str):
    path = tmp_path / "explained.toml"
    path.write_text(f"[[difference]]\n{entry}\n", encoding="utf-8")
    with pytest.raises(ComparisonError, match=message):
        load_explanations(path)
