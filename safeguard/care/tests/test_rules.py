"""The health record's named rules, without a database."""

from datetime import date

from safeguard.care import rules
from safeguard.cases.workflow.rules.names import Rule


def _names(found):
    return [v.rule for v in found]


def test_a_health_date_before_care_began_is_refused():
    found = rules.health_date_within_care_period(date(2025, 2, 3), None, "on", date(2025, 2, 2))
    assert _names(found) == [Rule.HEALTH_DATE_WITHIN_CARE_PERIOD]
    assert "3 February 2025" in found[0].message


def test_a_health_date_after_care_ended_is_refused_and_the_ends_are_allowed():
    start, end = date(2025, 2, 3), date(2025, 3, 3)
    assert _names(rules.health_date_within_care_period(start, end, "on", date(2025, 3, 4))) == [
        Rule.HEALTH_DATE_WITHIN_CARE_PERIOD
    ]
    assert rules.health_date_within_care_period(start, end, "on", start) == []
    assert rules.health_date_within_care_period(start, end, "on", end) == []


def test_a_second_initial_health_assessment_is_refused_but_a_review_is_not():
    assert _names(rules.initial_health_assessment_once(date(2025, 2, 20), "initial")) == [
        Rule.INITIAL_HEALTH_ASSESSMENT_ONCE
    ]
    assert rules.initial_health_assessment_once(date(2025, 2, 20), "review") == []
    assert rules.initial_health_assessment_once(None, "initial") == []


def test_an_sdq_score_is_0_to_40():
    assert rules.sdq_score_in_range(0) == rules.sdq_score_in_range(40) == []
    assert _names(rules.sdq_score_in_range(41)) == [Rule.SDQ_SCORE_IN_RANGE]
    assert _names(rules.sdq_score_in_range(-1)) == [Rule.SDQ_SCORE_IN_RANGE]


def test_an_sdq_is_for_a_child_of_4_to_16_on_the_day():
    born = date(2015, 6, 10)
    assert _names(rules.sdq_age_4_to_16(born, date(2019, 6, 9))) == [Rule.SDQ_AGE_4_TO_16]
    assert rules.sdq_age_4_to_16(born, date(2019, 6, 10)) == []  # the fourth birthday
    assert rules.sdq_age_4_to_16(born, date(2032, 6, 9)) == []  # still 16
    assert _names(rules.sdq_age_4_to_16(born, date(2032, 6, 10))) == [Rule.SDQ_AGE_4_TO_16]
    assert _names(rules.sdq_age_4_to_16(None, date(2025, 1, 1))) == [Rule.SDQ_AGE_4_TO_16]
