"""The indicators' SQL takes every length as a bound parameter, from the clocks (with the
authority's own settings) or from the registry's definitions: none is missing, none unused."""

from __future__ import annotations

import re
from datetime import date

import pytest

from safeguard.organisation.models import Authority
from safeguard.performance import queries
from safeguard.performance.registry import INDICATORS, PLAN_BAND_MONTHS, RE_REFERRAL_MONTHS
from safeguard.timescales.clocks import CLOCKS

PERIOD = queries.Period(date(2024, 4, 1), date(2025, 3, 31))


def _authority(**settings: int) -> Authority:
    values = {
        "cp_visit_working_days": 10,
        "cin_visit_working_days": 20,
        "cin_review_months": 3,
        "due_soon_working_days": 5,
    }
    return Authority(name="Testshire", la_code="998", child_population=1, **(values | settings))


@pytest.mark.parametrize("slug", sorted(INDICATORS))
def test_every_parameter_an_indicators_sql_names_is_supplied(slug):
    indicator = INDICATORS[slug]
    values = queries.parameters_for(PERIOD, _authority(), indicator)
    named = set(re.findall(r"%\((\w+)\)s", indicator.sql))
    assert named <= set(values)
    # The indicator's own lengths are all used by its SQL.
    assert set(indicator.parameters) <= named


def test_the_clocks_lengths_are_bound_from_the_clocks():
    values = queries.parameters_for(PERIOD, _authority(), INDICATORS["assessments"])
    assert values["assessment_working_days"] == CLOCKS["assessment"].amount
    assert values["initial_conference_working_days"] == CLOCKS["initial_conference"].amount
    assert values["lac_first_review_working_days"] == CLOCKS["lac_first_review"].amount
    assert values["lac_second_review_months"] == CLOCKS["lac_second_review"].amount
    assert values["lac_later_review_months"] == CLOCKS["lac_later_review"].amount
    assert values["lac_first_visit_days"] == 7
    assert values["lac_visit_days"] == 42


def test_an_authoritys_visiting_timescale_is_bound_as_its_own():
    values = queries.parameters_for(PERIOD, _authority(cp_visit_working_days=15))
    assert values["cp_visit_working_days"] == 15


def test_the_dfe_reporting_lengths_come_from_the_registry():
    assert INDICATORS["re_referrals"].parameters == {"re_referral_months": RE_REFERRAL_MONTHS}
    assert INDICATORS["plans_ended"].parameters == PLAN_BAND_MONTHS
