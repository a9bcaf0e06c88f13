"""The adoption and previous-permanence rules: each holds on the facts that fit and names
itself, with its field, on the facts that do not."""

from __future__ import annotations

from datetime import date

from safeguard.permanence import rules


def _names(found: list) -> list[tuple[str, tuple[str, ...]]]:
    return [(v.rule, v.fields) for v in found]


def test_a_decision_falls_within_the_period_of_care():
    start, end = date(2025, 2, 3), date(2025, 9, 1)
    assert rules.adoption_date_within_care_period(start, end, "decision_date", start) == []
    assert _names(
        rules.adoption_date_within_care_period(start, end, "decision_date", date(2025, 2, 2))
    ) == [("adoption_date_within_care_period", ("decision_date",))]
    after = rules.adoption_date_within_care_period(start, end, "match_date", date(2025, 9, 2))
    assert "on or before 1 September 2025" in after[0].message


def test_one_decision_stands_at_a_time_and_a_new_one_follows_the_reversal():
    assert rules.adoption_decision_one_open(None) == []
    assert "still stands" in rules.adoption_decision_one_open(date(2025, 3, 1))[0].message
    reversed_on = date(2025, 5, 1)
    assert rules.adoption_decision_after_previous(reversed_on, reversed_on) == []
    assert _names(rules.adoption_decision_after_previous(reversed_on, date(2025, 4, 30))) == [
        ("adoption_decision_after_previous", ("decision_date",))
    ]


def test_only_a_standing_decision_is_matched_ordered_or_reversed():
    assert rules.adoption_decision_stands(None, None) == []
    assert "adoption order was made on 1 May 2025" in (
        rules.adoption_decision_stands(date(2025, 5, 1), None)[0].message
    )
    assert "reversed on 1 May 2025" in (
        rules.adoption_decision_stands(None, date(2025, 5, 1))[0].message
    )


def test_the_match_follows_the_decision_once():
    decided = date(2025, 3, 1)
    assert rules.adoption_match_after_decision(decided, decided) == []
    assert _names(rules.adoption_match_after_decision(decided, date(2025, 2, 28))) == [
        ("adoption_match_after_decision", ("match_date",))
    ]
    assert rules.adoption_match_recorded_once(date(2025, 4, 1))[0].rule == (
        "adoption_match_recorded_once"
    )


def test_adopters_fit_their_legal_status():
    for sex, status in (("F1", "L0"), ("MF", "L11"), ("MF", "L3"), ("FF", "L12"), ("MM", "L4")):
        assert rules.adopters_fit_together(sex, status) == [], (sex, status)
    assert rules.adopters_fit_together("MF", "L2") == []
    single_as_couple = rules.adopters_fit_together("F1", "L11")
    assert single_as_couple[0].message.startswith("A couple adopts together")
    couple_as_single = rules.adopters_fit_together("MF", "L0")
    assert couple_as_single[0].message.startswith("A single person adopts alone")
    same_sex_married = rules.adopters_fit_together("MF", "L12")
    assert same_sex_married[0].fields == ("adopters_legal_status",)


def test_the_order_needs_the_child_placed_for_adoption_after_the_match():
    matched, placed = date(2025, 3, 1), date(2025, 3, 10)
    assert rules.adoption_order_needs_placement("A6", placed, matched) == []
    assert "not placed for adoption now" in (
        rules.adoption_order_needs_placement("U6", None, matched)[0].message
    )
    assert "before the match" in (
        rules.adoption_order_needs_placement("A6", date(2025, 2, 1), matched)[0].message
    )


def test_the_order_comes_after_the_match_and_the_placement():
    matched, placed = date(2025, 3, 1), date(2025, 3, 10)
    assert rules.adoption_order_after_match(matched, placed, date(2025, 3, 11)) == []
    assert rules.adoption_order_after_match(matched, placed, placed)[0].rule == (
        "adoption_order_after_match"
    )
    assert "Record the match" in rules.adoption_order_after_match(None, None, placed)[0].message


def test_the_reversal_follows_the_decision():
    decided = date(2025, 3, 1)
    assert rules.adoption_no_longer_after_decision(decided, decided) == []
    assert _names(rules.adoption_no_longer_after_decision(decided, date(2025, 2, 1))) == [
        ("adoption_no_longer_after_decision", ("no_longer_date",))
    ]


def test_a_known_previous_permanence_names_its_authority_and_an_earlier_order():
    began = date(2025, 2, 3)
    assert rules.previous_permanence_fits("Z1", "", None, began) == []
    assert rules.previous_permanence_fits("P2", "352", date(2019, 6, 1), began) == []
    assert rules.previous_permanence_fits("P1", "WAL", date(2019, 6, 1), began) == []
    assert _names(rules.previous_permanence_fits("P2", "", None, began)) == [
        ("previous_permanence_fits", ("authority_code",)),
        ("previous_permanence_fits", ("order_date",)),
    ]
    assert "three-digit DfE code" in (
        rules.previous_permanence_fits("P3", "35", date(2019, 6, 1), began)[0].message
    )
    assert "must be before 3 February 2025" in (
        rules.previous_permanence_fits("P3", "352", began, began)[0].message
    )
    assert "blank when the previous permanence is not known" in (
        rules.previous_permanence_fits("Z1", "352", None, began)[0].message
    )
