"""One indicator worked out for a period (April 2025 unless given), as the pages do."""

from datetime import date

from safeguard.performance import queries, selectors
from safeguard.performance.registry import INDICATORS

APRIL = (date(2025, 4, 1), date(2025, 4, 30))


def run(authority, slug, period=APRIL, team=None):
    return selectors.indicator_result(
        indicator=INDICATORS[slug],
        period=queries.Period(*period),
        authority=authority,
        team=team,
    )
