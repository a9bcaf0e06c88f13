"""England's figure for an indicator is written twice: in the registry (with its publication,
shown on every table) and in the published national row benchmarks ships (shown beside the
neighbours). They must say the same, or a page would show England two ways."""

from __future__ import annotations

import pytest

from safeguard.benchmarks.measures import MEASURES
from safeguard.benchmarks.selectors import benchmark_for
from safeguard.performance.registry import INDICATORS

pytestmark = pytest.mark.django_db

COUNTERPARTS = [m for m in MEASURES.values() if m.indicator and INDICATORS[m.indicator].benchmark]


def test_some_indicators_have_both_an_england_figure_and_a_published_counterpart():
    assert {m.indicator for m in COUNTERPARTS} >= {"caseload", "re_referrals", "assessments"}


@pytest.mark.parametrize("measure", COUNTERPARTS, ids=lambda m: m.key)
def test_the_registry_and_the_shipped_national_row_give_england_the_same_figure(personas, measure):
    registry = INDICATORS[measure.indicator].benchmark
    assert registry is not None
    shipped = benchmark_for(personas.authority, measure.key)
    assert shipped is not None and shipped.england is not None
    assert shipped.england == registry.value.quantize(shipped.england)
