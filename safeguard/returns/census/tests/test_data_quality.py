"""What the data-quality page shows of a census child, built from `clean_child()` without a
database: every item the census writes, codes in words with the code beside, the year's own
sex item, and each finding placed against the episode it was found in."""

from __future__ import annotations

from safeguard.common import codes
from safeguard.returns.census import data_quality as dq
from safeguard.returns.census.report import ReportRow
from safeguard.returns.census.rules import child_issues, rules_for
from safeguard.returns.census.years import collection_year

from .builders import clean_child

YEAR = collection_year(2025)


def _row(rule: str, where: str, kind: str = "error") -> ReportRow:
    return ReportRow(rule, kind, f"message of {rule}", "NB0000001", "1", where, "/children/1")


def _values(items: list[dq.Item]) -> dict[str, str]:
    return {item.element: item.value for item in items}


def test_a_code_is_shown_in_words_with_the_code_beside_it():
    assert dq.coded("NEG", codes.CategoryOfAbuse) == "Neglect (NEG)"
    assert dq.coded("2A", codes.ReferralSource) == "School (2A)"


def test_a_code_the_census_does_not_accept_is_shown_as_it_is_and_said_so():
    assert dq.coded("XX", codes.CategoryOfAbuse) == "XX: not a code the census accepts"


def test_an_empty_item_is_not_recorded():
    assert dq.coded("", codes.Ethnicity) == dq.NOT_RECORDED
    assert dq.coded_list([], codes.Disability) == dq.NOT_RECORDED
    assert dq.day(None) == dq.NOT_RECORDED
    assert not dq.Item("Date of death", "PersonDeathDate", dq.NOT_RECORDED).recorded


def test_the_child_items_are_the_census_items_of_child_identifiers_and_characteristics():
    values = _values(dq.child_items(clean_child(), YEAR))
    assert list(values) == [
        "LAchildID",
        "UPN",
        "FormerUPN",
        "UPNunknown",
        "PersonBirthDate",
        "ExpectedPersonBirthDate",
        "Sex",
        "PersonDeathDate",
        "Ethnicity",
        "Disability",
    ]
    assert values["PersonBirthDate"] == "1 June 2015"
    assert values["Sex"] == "Female (F)"
    assert values["Ethnicity"] == "White British (WBRI)"
    assert values["Disability"] == "No disability (NONE)"


def test_before_2024_25_the_sex_item_is_gender_current_as_the_file_writes_it():
    items = dq.child_items(clean_child(), collection_year(2024))
    assert _values(items)["GenderCurrent"] == "Female (2)"


def test_each_episode_holds_its_items_and_its_assessments_plans_and_enquiries():
    episodes, _ = dq.episodes_with_findings(clean_child(), [])
    first = episodes[0]
    assert first.title == "Episode referred 6 May 2024"
    assert _values(first.items)["ReasonForClosure"] == (
        "Services ended for another reason, including no longer in need (RC7)"
    )
    titles = [part.title for part in first.parts]
    assert titles[0] == "Assessment started 6 May 2024"
    assert "Section 47 enquiry started 13 May 2024" in titles
    assert "Child protection plan from 3 June 2024" in titles
    factors = _values(first.parts[0].items)["AssessmentFactors"]
    assert factors.endswith("Domestic violence: parent or carer (3B)")


def test_a_finding_is_placed_in_the_episode_it_was_found_in_and_checked_again_now():
    child = clean_child()
    child.episodes[0].assessments[0].factors = []  # breaks 8897 in the first episode
    rows = [
        _row("8897", "CIN episode referred 2024-05-06: assessment started 2024-05-06"),
        _row("1520", "", "error"),
        _row("XSD", "Child[1]/UPN: not valid"),
    ]
    findings = dq.findings_for(rows, child_issues(child, YEAR, rules_for(YEAR)))
    episodes, about_the_child = dq.episodes_with_findings(child, findings)
    assert [f.rule for f in episodes[0].findings] == ["8897"]
    assert episodes[0].findings[0].found_now is True
    assert [(f.rule, f.found_now) for f in about_the_child] == [("1520", False), ("XSD", None)]
    assert episodes[1].findings == []


def test_a_finding_in_an_episode_no_longer_in_the_census_is_kept_with_the_childs():
    rows = [_row("8608", "CIN episode referred 2023-01-01: assessment started 2023-02-01")]
    episodes, about_the_child = dq.episodes_with_findings(clean_child(), dq.findings_for(rows, []))
    assert all(not e.findings for e in episodes)
    assert [f.rule for f in about_the_child] == ["8608"]


def test_a_child_no_longer_in_the_census_has_no_episodes_and_keeps_every_finding():
    rows = [_row("8897", "CIN episode referred 2024-05-06: assessment started 2024-05-06")]
    episodes, about_the_child = dq.episodes_with_findings(None, dq.findings_for(rows, []))
    assert episodes == [] and len(about_the_child) == 1
