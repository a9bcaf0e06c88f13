"""The demo's benchmarks (issue 17): ten generated statistical neighbours with plausible
published figures around England's, loaded as a generated table beside the real England line
the benchmarks migration ships, and chosen as the demo authority's neighbours.

Every neighbour's name ends "(generated)" and every load is marked generated, so no page can
show them as the DfE's. Their figures are rates, so the scale does not change them.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.db import transaction

from safeguard.benchmarks import measures as m
from safeguard.benchmarks.loader import Figure, Parsed, Period
from safeguard.benchmarks.measures import Level, Table
from safeguard.benchmarks.models import PublishedFigure, PublishedLoad, StatisticalNeighbour
from safeguard.benchmarks.services import published_table_load, statistical_neighbours_choose
from safeguard.organisation.models import Authority

SOURCE_FILE = "Safeguard demo: generated statistical neighbours"

# Invented places, none an English local authority; ONS-style codes in E99, which no real
# authority uses.
NEIGHBOURS: tuple[tuple[str, str], ...] = tuple(
    (f"E990000{n:02d}", f"{name} (generated)")
    for n, name in enumerate(
        (
            "Ashmere",
            "Brackenford",
            "Caldermoor",
            "Dunsworth",
            "Elmhaven",
            "Fernleigh Vale",
            "Greystowe",
            "Harrowdene",
            "Ironmere",
            "Kestrelby",
        ),
        start=1,
    )
)

# England's figures when the shipped national rows are not there (a real file loaded without
# them): the same published figures (safeguard/benchmarks/data/README.md).
ENGLAND = {
    m.WORKFORCE_VACANCY_RATE: Decimal("14.2"),
    m.WORKFORCE_AGENCY_RATE: Decimal("13.0"),
    m.WORKFORCE_TURNOVER_RATE: Decimal("11.8"),
    m.WORKFORCE_CASELOAD: Decimal("15.2"),
    m.CASELOAD: Decimal("15.2"),
    m.WORKFORCE_SICKNESS_RATE: Decimal("3.5"),
    m.WORKFORCE_SICKNESS_DAYS_PER_FTE: Decimal("8.9"),
    m.REFERRALS: Decimal("527.4"),
    m.RE_REFERRALS: Decimal("22.6"),
    m.ASSESSMENTS: Decimal("85.7"),
    m.CHILDREN_ON_PLANS: Decimal("41.2"),
    m.CLA_RATE: Decimal("67"),
    m.CLA_THREE_OR_MORE_PLACEMENTS: Decimal("10.0"),
}
# How far a neighbour strays from England, as a share of England's figure.
SPREAD = 0.3
# A share of percentages stays within 0-100.
PERCENT_UNITS = {"%"}


def periods_for(as_of: date) -> dict[Table, str]:
    """The latest period each table would be published for on ``as_of``: the workforce year
    to 30 September, the financial year for children in need, 31 March for looked after."""
    workforce_year = as_of.year if as_of >= date(as_of.year, 9, 30) else as_of.year - 1
    march_year = as_of.year if as_of >= date(as_of.year, 3, 31) else as_of.year - 1
    return {
        Table.WORKFORCE: str(workforce_year),
        Table.CIN: f"{march_year - 1}{str(march_year)[2:]}",
        Table.CLA: str(march_year),
    }


def _england(measure: str) -> Decimal:
    found = (
        PublishedFigure.objects.filter(measure=measure, geographic_level=Level.NATIONAL)
        .exclude(value=None)
        .order_by("-load__time_period")
        .values_list("value", flat=True)
        .first()
    )
    return found if found is not None else ENGLAND[measure]


def _figure(rng: random.Random, measure: m.Measure, england: Decimal) -> Decimal:
    value = england * Decimal(str(1 + rng.uniform(-SPREAD, SPREAD)))
    if measure.unit in PERCENT_UNITS:
        value = min(value, Decimal(100))
    return value.quantize(Decimal("0.1"))


def give_benchmarks(seed: int, scale: float, as_of: date) -> dict[str, int]:
    """Write the generated neighbours' tables and choose them for the demo authority; the
    rows written, by model."""
    rng = random.Random(f"benchmarks-{seed}")
    periods = periods_for(as_of)
    with transaction.atomic():
        england = {key: _england(key) for key in m.MEASURES}
        for table in Table:
            figures = []
            for code, name in NEIGHBOURS:
                # The indicator's caseload is the workforce table's column: one figure for both.
                drawn: dict[tuple[str, str], Decimal] = {}
                for measure in m.measures_of(table):
                    # One neighbour's re-referrals suppressed, as small counts are published.
                    suppressed = code == NEIGHBOURS[3][0] and measure.key == m.RE_REFERRALS
                    figures.append(
                        Figure(
                            measure=measure.key,
                            geographic_level=Level.LOCAL_AUTHORITY,
                            new_la_code=code,
                            old_la_code="",
                            la_name=name,
                            region_name="Northbridge region (generated)",
                            value=None
                            if suppressed
                            else drawn.setdefault(
                                (measure.column, measure.per_column),
                                _figure(rng, measure, england[measure.key]),
                            ),
                            marker="c" if suppressed else "",
                        )
                    )
            period = Period(periods[table], "generated", figures)
            published_table_load(
                parsed=Parsed(
                    table,
                    {period.time_period: period},
                    tuple(x.key for x in m.measures_of(table)),
                    0,
                ),
                source_file=SOURCE_FILE,
                generated=True,
            )
        for authority in Authority.objects.order_by("pk"):
            statistical_neighbours_choose(
                authority=authority,
                neighbours=NEIGHBOURS,
                actor=None,
                choosable=dict(NEIGHBOURS),
            )
    return {
        f"benchmarks.{model._meta.model_name}": model.objects.count()
        for model in (PublishedLoad, PublishedFigure, StatisticalNeighbour)
    }
