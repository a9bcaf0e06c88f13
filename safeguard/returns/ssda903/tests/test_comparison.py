"""The 903 validator's errors against the explained differences: an error on a rule and table
no entry names fails; an entry that matched nothing is reported, not failed; a rule skipped
that is not one skipped for want of inputs fails."""

from __future__ import annotations

import pytest

from safeguard.returns.ssda903.validator_comparison import (
    EXPLAINED,
    SKIPPED_FOR_WANT_OF_INPUTS,
    Explanation,
    compare,
    load_explanations,
    summary,
)

DOCS = "docs/returns.md#ssda903-what-the-validator-still-finds"


@pytest.fixture
def explanations() -> list[Explanation]:
    return [
        Explanation(rule="169", table="Episodes", why="A reason.", docs=DOCS),
        Explanation(rule="179", table="Episodes", why="Another reason.", docs=DOCS),
    ]


def findings(
    *rows: tuple[str, str, str], failed: tuple[str, ...] = (), skipped: tuple[str, ...] = ()
) -> dict[str, object]:
    return {
        "year": "2026",
        "ran": ["1", "2"],
        "failed": list(failed),
        "skipped": list(skipped),
        "findings": [{"rule": r, "table": t, "child": c} for r, t, c in rows],
    }


def test_the_explained_differences_file_reads_and_names_sections_that_exist():
    assert all(e.why and e.docs for e in load_explanations(EXPLAINED))


def test_an_explained_error_passes_and_an_unexplained_one_fails(explanations):
    ok = compare(findings(("169", "Episodes", "NB1")), explanations)
    assert ok.ok and ok.unexplained == {}
    bad = compare(findings(("169", "Episodes", "NB1"), ("146", "Episodes", "NB2")), explanations)
    assert not bad.ok and bad.unexplained == {("146", "Episodes"): {"NB2"}}
    assert "UNEXPLAINED: rule 146 (Episodes), 1 children: NB2" in summary(bad)


def test_an_explanation_that_matched_nothing_is_reported_but_does_not_fail(explanations):
    result = compare(findings(("169", "Episodes", "NB1")), explanations)
    assert result.ok
    text = summary(result)
    assert "not needed in this run: the explanation of 179 (Episodes) matched no child" in text
    assert "the explanation of 169 (Episodes)" not in text


def test_a_rule_that_cannot_run_on_csv_is_listed_and_any_other_failure_fails(explanations):
    expected = compare(findings(failed=("231", "233")), explanations)
    assert expected.ok and expected.cannot_run == ["231", "233"]
    other = compare(findings(failed=("231", "500")), explanations)
    assert not other.ok and other.failed == ["500"]


def test_only_the_rules_that_want_inputs_the_return_cannot_give_may_be_skipped(explanations):
    expected = compare(findings(skipped=tuple(SKIPPED_FOR_WANT_OF_INPUTS)), explanations)
    assert expected.ok and expected.skipped == len(SKIPPED_FOR_WANT_OF_INPUTS) == 42
    other = compare(findings(skipped=("1008", "SW12STG2")), explanations)
    assert not other.ok and other.skipped_unexpectedly == ["SW12STG2"]
    assert "SKIPPED by the validator (a table is missing or empty): rule SW12STG2" in summary(other)
