"""The 903 validator's errors against the explained differences: an error on a rule and table
no entry names fails; an entry that matched nothing is reported, not failed."""

from __future__ import annotations

from safeguard.returns.ssda903.validator_comparison import (
    EXPLAINED,
    compare,
    load_explanations,
    summary,
)


def findings(*rows: tuple[str, str, str], failed: tuple[str, ...] = ()) -> dict[str, object]:
    return {
        "year": "2026",
        "ran": ["1", "2"],
        "failed": list(failed),
        "findings": [{"rule": r, "table": t, "child": c} for r, t, c in rows],
    }


def test_an_explained_error_passes_and_an_unexplained_one_fails():
    explanations = load_explanations(EXPLAINED)
    ok = compare(findings(("169", "Episodes", "NB1")), explanations)
    assert ok.ok and ok.unexplained == {}
    bad = compare(findings(("169", "Episodes", "NB1"), ("146", "Episodes", "NB2")), explanations)
    assert not bad.ok and bad.unexplained == {("146", "Episodes"): {"NB2"}}
    assert "UNEXPLAINED: rule 146 (Episodes), 1 children: NB2" in summary(bad)


def test_an_explanation_that_matched_nothing_is_reported_but_does_not_fail():
    result = compare(findings(("169", "Episodes", "NB1")), load_explanations(EXPLAINED))
    assert result.ok
    text = summary(result)
    assert "not needed in this run: the explanation of 179 (Episodes) matched no child" in text
    assert "the explanation of 169 (Episodes)" not in text


def test_a_rule_that_cannot_run_on_csv_is_listed_and_any_other_failure_fails():
    expected = compare(findings(failed=("231", "233")), load_explanations(EXPLAINED))
    assert expected.ok and expected.cannot_run == ["231", "233"]
    other = compare(findings(failed=("231", "500")), load_explanations(EXPLAINED))
    assert not other.ok and other.failed == ["500"]
