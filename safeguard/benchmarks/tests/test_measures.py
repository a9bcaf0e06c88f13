"""The measures' keys hold to the interface the workforce dashboards and the performance
registry code against."""

from __future__ import annotations

from safeguard.benchmarks import measures
from safeguard.performance.registry import INDICATORS


def test_every_indicator_measure_is_an_indicator_of_the_registry():
    slugs = set(INDICATORS)
    assert slugs >= measures.INDICATOR_MEASURES
    assert {
        "referrals",
        "re_referrals",
        "assessments",
        "children_on_plans",
        "caseload",
    } == measures.INDICATOR_MEASURES


def test_the_workforce_keys_are_the_agreed_strings():
    assert (
        measures.WORKFORCE_VACANCY_RATE,
        measures.WORKFORCE_AGENCY_RATE,
        measures.WORKFORCE_TURNOVER_RATE,
        measures.WORKFORCE_CASELOAD,
        measures.WORKFORCE_SICKNESS_DAYS_PER_FTE,
    ) == (
        "workforce_vacancy_rate",
        "workforce_agency_rate",
        "workforce_turnover_rate",
        "workforce_caseload",
        "workforce_sickness_days_per_fte",
    )
    assert all(key in measures.MEASURES for key in measures.INDICATOR_MEASURES)
