"""The rules of a looked-after child's education, UASC status, motherhood and OC2 items: each
holds on a clean case and breaks on exactly the change it names."""

from __future__ import annotations

from datetime import date

from safeguard.care import rules

LOOKED_AFTER = date(2025, 2, 3)
BORN = date(2010, 6, 15)


def _names(found: list) -> list[str]:
    return [v.rule for v in found]


def test_a_date_in_the_period_of_care_holds_and_one_before_or_after_it_is_refused():
    within = rules.care_record_date_within_period
    assert within(LOOKED_AFTER, None, "convicted_on", date(2025, 3, 1)) == []
    assert _names(within(LOOKED_AFTER, None, "convicted_on", date(2025, 2, 2))) == [
        "care_record_date_within_period"
    ]
    assert _names(within(LOOKED_AFTER, date(2025, 3, 1), "convicted_on", date(2025, 3, 2))) == [
        "care_record_date_within_period"
    ]


def test_one_initial_pep_per_period_and_reviews_only_after_it():
    assert rules.pep_initial_once(None, "initial") == []
    assert _names(rules.pep_initial_once(date(2025, 2, 20), "initial")) == ["pep_initial_once"]
    assert rules.pep_review_after_initial(date(2025, 2, 20), "review", date(2025, 6, 1)) == []
    assert _names(rules.pep_review_after_initial(None, "review", date(2025, 6, 1))) == [
        "pep_review_after_initial"
    ]
    refused = rules.pep_review_after_initial(date(2025, 2, 20), "review", date(2025, 2, 19))
    assert refused[0].fields == ("meeting_date",)


def test_a_pep_is_for_a_child_of_3_or_over_on_the_day():
    assert rules.pep_from_age_3(date(2022, 3, 1), date(2025, 3, 1)) == []
    message = rules.pep_from_age_3(date(2022, 3, 2), date(2025, 3, 1))[0].message
    assert message.startswith("The child was 2 on 1 March 2025")
    assert rules.pep_from_age_3(None, date(2025, 3, 1)) == []


def test_uasc_status_ceases_after_care_began_and_by_the_18th_birthday():
    assert rules.uasc_ceased_fits(LOOKED_AFTER, BORN, None) == []
    assert rules.uasc_ceased_fits(LOOKED_AFTER, BORN, date(2028, 6, 15)) == []
    assert (
        "18th birthday" in rules.uasc_ceased_fits(LOOKED_AFTER, BORN, date(2028, 6, 16))[0].message
    )
    assert _names(rules.uasc_ceased_fits(LOOKED_AFTER, BORN, date(2025, 2, 2))) == [
        "uasc_ceased_fits"
    ]
    assert _names(rules.uasc_recorded_once(True)) == ["uasc_recorded_once"]


def test_a_mother_is_a_girl_of_11_or_over_when_her_first_child_was_born_recorded_once():
    assert rules.mother_is_female("F") == []
    assert _names(rules.mother_is_female("M")) == ["mother_is_female"]
    assert rules.mother_old_enough(BORN, date(2021, 6, 15)) == []
    assert _names(rules.mother_old_enough(BORN, date(2021, 6, 14))) == ["mother_old_enough"]
    assert _names(rules.mother_recorded_once(date(2025, 1, 1))) == ["mother_recorded_once"]


def test_no_child_under_10_is_convicted():
    assert rules.conviction_age_10_or_over(BORN, date(2020, 6, 15)) == []
    assert _names(rules.conviction_age_10_or_over(BORN, date(2020, 6, 14))) == [
        "conviction_age_10_or_over"
    ]
