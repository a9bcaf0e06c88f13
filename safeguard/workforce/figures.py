"""The workforce rates, on plain numbers, with the DfE's definitions (*Children's social work
workforce*, explore-education-statistics, methodology and data set "Indicators (in post,
starters, leavers, agency workers, vacancies, caseload and absence)"). Each returns None
where the rate has no denominator, rather than a zero that would read as a good result.

Checked against England, year to 30 September 2025 (tests/test_figures.py): vacancies
5,965 / (5,965 + 36,186) = 14.2%; agency 5,416 / (5,416 + 36,186) = 13.0%; turnover
4,276 / 36,186 = 11.8%; caseload 321,661 / 21,105 = 15.2; sickness 322,786 days / 36,186
= 8.9 days per FTE, 3.5% of working days.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from safeguard.benchmarks import measures

# Rounded where the DfE's figures are rounded: the benchmarks' rule, shown beside them.

HUNDRED = Decimal(100)


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if whole <= 0 else part * HUNDRED / whole


def vacancy_rate(*, vacancy_fte: Decimal, in_post_fte: Decimal) -> Decimal | None:
    """Vacancies as a percentage of vacancies plus social workers in post (FTE). A vacancy is
    a funded post's FTE with no directly employed holder: agency cover does not fill it."""
    return _share(vacancy_fte, vacancy_fte + in_post_fte)


def agency_rate(*, agency_fte: Decimal, in_post_fte: Decimal) -> Decimal | None:
    """Agency social workers as a percentage of agency workers plus social workers in post."""
    return _share(agency_fte, agency_fte + in_post_fte)


def turnover_rate(*, leavers_fte: Decimal, in_post_fte: Decimal) -> Decimal | None:
    """Leavers in the year as a percentage of social workers in post at its end (FTE)."""
    return _share(leavers_fte, in_post_fte)


def caseload_per_fte(*, cases: int, case_holding_fte: Decimal) -> Decimal | None:
    """Cases held by case-holding social workers per case-holding FTE."""
    return None if case_holding_fte <= 0 else Decimal(cases) / case_holding_fte


def sickness_days_per_fte(*, days_lost: Decimal, in_post_fte: Decimal) -> Decimal | None:
    """Working days lost to sickness in the year per social worker in post (FTE)."""
    return None if in_post_fte <= 0 else days_lost / in_post_fte


def sickness_rate(*, days_lost: Decimal, in_post_fte: Decimal, working_days: int) -> Decimal | None:
    """Working days lost to sickness as a percentage of the working days available: FTE in
    post times the working days in the year."""
    return _share(days_lost, in_post_fte * working_days)


def stability_rate(*, still_in_post: int, in_post_a_year_ago: int) -> Decimal | None:
    """The share of the social workers in post a year ago (headcount) who are still in post
    today. The DfE publishes no stability figure for the workforce; this is the stability
    index of the CIPD and the NHS workforce statistics (docs/workforce.md, "Figures")."""
    return _share(Decimal(still_in_post), Decimal(in_post_a_year_ago))


# --- What each figure means, for the dashboards and docs/workforce.md ---------------------


@dataclass(frozen=True)
class Definition:
    key: str
    title: str
    unit: str
    definition: str
    # The benchmarks app's measure key (benchmarks/measures.py), or "" if none is published:
    # England's figure and the neighbours' come from there (benchmarks.selectors).
    measure: str
    # Whether a lower figure is the better one (every figure here but stability).
    lower_is_better: bool = True


DEFINITIONS: tuple[Definition, ...] = (
    Definition(
        "vacancy_rate",
        "Vacancy rate",
        "%",
        "Vacant social work posts (FTE) on the day as a percentage of vacancies plus social "
        "workers in post. A post is vacant for the FTE its directly employed holders do not "
        "fill: an agency worker covering it does not fill it.",
        measures.WORKFORCE_VACANCY_RATE,
    ),
    Definition(
        "agency_rate",
        "Agency rate",
        "%",
        "Agency social workers (FTE) on the day as a percentage of agency workers plus "
        "social workers in post.",
        measures.WORKFORCE_AGENCY_RATE,
    ),
    Definition(
        "turnover_rate",
        "Turnover rate",
        "%",
        "Social workers (FTE) who left the authority's employment in the 12 months to the "
        "day, as a percentage of those in post on the day. A move between the authority's "
        "own posts is not a leaver.",
        measures.WORKFORCE_TURNOVER_RATE,
    ),
    Definition(
        "stability_rate",
        "Stability",
        "%",
        "Of the social workers in post a year before the day (headcount), the percentage "
        "still in post in the authority on the day. Not published by the DfE: the stability "
        "index of the CIPD and NHS workforce statistics.",
        "",
        lower_is_better=False,
    ),
    Definition(
        "caseload",
        "Caseload",
        "cases per case-holding FTE",
        "Children allocated on the day to directly employed social workers and senior "
        "practitioners, divided by their FTE: counted from the case record's allocations.",
        measures.WORKFORCE_CASELOAD,
    ),
    Definition(
        "sickness_days_per_fte",
        "Sickness absence",
        "days per FTE",
        "Working days lost to sickness in the 12 months to the day by social workers in "
        "post, per FTE in post on the day.",
        measures.WORKFORCE_SICKNESS_DAYS_PER_FTE,
    ),
    Definition(
        "sickness_rate",
        "Sickness absence rate",
        "% of working days",
        "Working days lost to sickness in the 12 months to the day as a percentage of the "
        "working days available (FTE in post times the working days in those 12 months).",
        measures.WORKFORCE_SICKNESS_RATE,
    ),
)

# Not one of the establishment's figures (WorkforceFigures): counted from the supervision
# record, month by month, on the dashboards beside them. No England figure is collected.
SUPERVISION_ON_TIME = Definition(
    "supervision_on_time",
    "Case supervision on time",
    "% of supervisions due",
    "Of the case supervisions that fell due in the month on cases allocated to the scope's "
    "workers (one interval, the authority's own, after the allocation or the last one held: "
    "docs/supervision.md), the percentage held by their due date. One due and not yet held "
    "counts as not on time.",
    "",
    lower_is_better=False,
)


def supervision_on_time_rate(*, on_time: int, due: int) -> Decimal | None:
    """Supervisions held on time as a percentage of those due; None when none fell due."""
    if due == 0:
        return None
    return Decimal(on_time) * 100 / Decimal(due)
