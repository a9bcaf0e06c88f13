"""The indicators' SQL takes every length as a bound parameter, from the clocks (with the
authority's own settings) or from the registry's definitions: none is missing, none unused."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest

from safeguard.organisation.models import Authority
from safeguard.performance import queries
from safeguard.performance.registry import INDICATORS, PLAN_BAND_MONTHS, RE_REFERRAL_MONTHS
from safeguard.performance.tables import numerator_hidden_text
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


def test_what_a_screen_reader_hears_after_a_share_never_repeats_a_word():
    # "visits where the child was seen seen alone" and "completed completed" were heard.
    for indicator in INDICATORS.values():
        if not indicator.numerator_label:
            continue
        words = numerator_hidden_text(indicator).split()
        repeated = [a for a, b in pairwise(words) if a == b]
        assert not repeated, f"{indicator.slug}: {numerator_hidden_text(indicator)!r}"
    assert numerator_hidden_text(INDICATORS["cp_seen_alone"]) == (
        " of the child protection visits where the child was seen: seen alone"
    )


def test_every_england_figure_names_its_publication_and_year():
    for indicator in INDICATORS.values():
        benchmark = indicator.benchmark
        if benchmark is None:
            assert indicator.no_benchmark, f"{indicator.slug}: say why there is no figure"
            continue
        assert benchmark.publication.startswith("DfE, "), indicator.slug
        assert benchmark.year and benchmark.year in benchmark.label, indicator.slug


def test_the_section_47_and_conference_figures_are_englands_published_ones():
    section47 = INDICATORS["section47_enquiries"].benchmark
    conferences = INDICATORS["initial_conferences"].benchmark
    assert section47 is not None and conferences is not None
    # 230,590 enquiries over 11,999,400 children, per 10,000.
    assert section47.value == Decimal("192.2") and section47.derived
    # (6,240 + 52,430) of 72,090 conferences with a duration.
    assert conferences.value == Decimal("81.4")
    assert INDICATORS["second_plans"].benchmark is None
