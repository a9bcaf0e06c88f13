"""The measures with a published counterpart: each key, the DfE table it is read from and the
column of that table's local-authority CSV that holds it (docs/benchmarks.md).

The keys for the workforce are this app's own; the keys for indicators are the performance
registry's slugs (``performance/registry.py``), so an indicator page asks for its own slug.
Benchmarks sits below performance and may not import it: the test
``test_measures.py`` holds the two lists together.

Column names are those of the explore-education-statistics "underlying data" CSVs. Where we
could not read a column name from the published file or the DfE's own code reading it, the
measure says so (``verified=False``) and docs/benchmarks.md marks it [unverified]: a file
whose column is named otherwise loads without that measure, and the load says which measures
it found.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Table(StrEnum):
    WORKFORCE = "workforce"
    CIN = "cin"
    CLA = "cla"


TABLE_TITLES: dict[Table, str] = {
    Table.WORKFORCE: "Children's social work workforce",
    Table.CIN: "Characteristics of children in need",
    Table.CLA: "Children looked after in England",
}

# The workforce figures (the workforce dashboards ask for these).
WORKFORCE_VACANCY_RATE = "workforce_vacancy_rate"
WORKFORCE_AGENCY_RATE = "workforce_agency_rate"
WORKFORCE_TURNOVER_RATE = "workforce_turnover_rate"
WORKFORCE_CASELOAD = "workforce_caseload"
WORKFORCE_SICKNESS_DAYS_PER_FTE = "workforce_sickness_days_per_fte"
WORKFORCE_SICKNESS_RATE = "workforce_sickness_rate"

# Indicators of the performance registry with a published counterpart (their slugs).
REFERRALS = "referrals"
RE_REFERRALS = "re_referrals"
ASSESSMENTS = "assessments"
CHILDREN_ON_PLANS = "children_on_plans"
CASELOAD = "caseload"

# Children looked after: no indicator of the registry counts them yet; benchmarks holds them
# for the dashboards that will.
CLA_RATE = "cla_rate_per_10000"
CLA_THREE_OR_MORE_PLACEMENTS = "cla_three_or_more_placements"


@dataclass(frozen=True)
class Measure:
    key: str
    table: Table
    title: str
    # The published column; with ``per_column``, the measure is column / per_column.
    column: str
    unit: str  # "%", "per 10,000 children", "cases per FTE", "days per FTE"
    per_column: str = ""
    # Whether the column name was read from the published file or the DfE's own code.
    verified: bool = True
    # The performance indicator it benchmarks, when there is one.
    indicator: str = ""


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure(
            WORKFORCE_VACANCY_RATE,
            Table.WORKFORCE,
            "Vacancy rate (FTE)",
            "vacancy_rate_fte",
            "%",
        ),
        Measure(
            WORKFORCE_AGENCY_RATE,
            Table.WORKFORCE,
            "Agency worker rate (FTE)",
            "agency_rate_fte",
            "%",
        ),
        Measure(
            WORKFORCE_TURNOVER_RATE,
            Table.WORKFORCE,
            "Turnover rate (FTE)",
            "turnover_rate_fte",
            "%",
        ),
        Measure(
            WORKFORCE_CASELOAD,
            Table.WORKFORCE,
            "Cases per case-holding FTE",
            "caseload_fte",
            "cases per FTE",
        ),
        Measure(
            WORKFORCE_SICKNESS_RATE,
            Table.WORKFORCE,
            "Sickness absence rate (FTE)",
            "absence_rate_fte",
            "%",
        ),
        # Published as days lost and FTE in post; the release's text gives the ratio (8.9).
        Measure(
            WORKFORCE_SICKNESS_DAYS_PER_FTE,
            Table.WORKFORCE,
            "Sickness absence days per FTE",
            "absence_days",
            "days per FTE",
            per_column="inpost_fte",
            verified=False,
        ),
        Measure(
            CASELOAD,
            Table.WORKFORCE,
            "Cases per case-holding FTE",
            "caseload_fte",
            "cases per FTE",
            indicator=CASELOAD,
        ),
        Measure(
            REFERRALS,
            Table.CIN,
            "Referrals per 10,000 children",
            "referral_rate_per_10000",
            "per 10,000 children",
            verified=False,
            indicator=REFERRALS,
        ),
        Measure(
            RE_REFERRALS,
            Table.CIN,
            "Re-referrals within 12 months",
            "rereferral_percent",
            "%",
            indicator=RE_REFERRALS,
        ),
        Measure(
            ASSESSMENTS,
            Table.CIN,
            "Assessments completed within 45 working days",
            "assessments_within_45_days_percent",
            "%",
            verified=False,
            indicator=ASSESSMENTS,
        ),
        Measure(
            CHILDREN_ON_PLANS,
            Table.CIN,
            "Children on a child protection plan per 10,000 children",
            "cpp_rate_per_10000",
            "per 10,000 children",
            verified=False,
            indicator=CHILDREN_ON_PLANS,
        ),
        Measure(
            CLA_RATE,
            Table.CLA,
            "Children looked after per 10,000 children",
            "cla_rate_per_10000",
            "per 10,000 children",
            verified=False,
        ),
        Measure(
            CLA_THREE_OR_MORE_PLACEMENTS,
            Table.CLA,
            "Children looked after with three or more placements in the year",
            "three_or_more_placements_percent",
            "%",
            verified=False,
        ),
    )
}

# The indicators of the performance registry that have a published counterpart.
INDICATOR_MEASURES: frozenset[str] = frozenset(
    m.indicator for m in MEASURES.values() if m.indicator
)


def measures_of(table: Table) -> list[Measure]:
    return [m for m in MEASURES.values() if m.table == table]


# The columns every explore-education-statistics file starts with, in order.
GEOGRAPHY_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "old_la_code",
    "la_name",
)


class Level(StrEnum):
    NATIONAL = "National"
    REGIONAL = "Regional"
    LOCAL_AUTHORITY = "Local authority"


# The symbols the DfE prints in place of a figure (the GSS standard): not applicable (z),
# confidential (c), not available (x), not collected (..), low (low), unknown (u), and
# rounded to zero (~ or k). Each is read as missing and kept as the marker.
SUPPRESSED = frozenset({"z", "c", "x", "..", ".", "low", "u", "~", "k", ":", ""})
