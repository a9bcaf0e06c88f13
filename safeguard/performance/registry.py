"""The performance indicators: one SQL file each (``sql/<slug>.sql``) and its definition here.

Every SQL file returns the *facts* behind its indicator, one row per thing counted, with the
same columns, so that one aggregation (``queries.py``) serves them all:

    child_id      the child the row is about (empty for a worker's caseload row)
    team_id       the team the row is attributed to (docs/performance.md: team attribution)
    subject_id    the id of the referral, assessment, plan, visit ... counted
    event_date    the date the row is dated by (shown in drill-down lists)
    category      a breakdown (category of abuse, duration band ...) or empty
    numerator     what the share counts (0 or 1), or the cases a worker holds
    denominator   1 for a counted row, or the worker's full-time equivalent
    days          working or calendar days (as the indicator says), for distributions

An indicator's figure is SUM(numerator) / SUM(denominator) (a share, or cases per FTE) and its
count is SUM(denominator) (or the number of rows); rates per 10,000 use the authority's child
population. Definitions follow the DfE's (shared/domain, EES releases); each entry says where
it departs and why.

No SQL file holds a length: statutory and local timescales are bound from the clocks
(``timescales.clocks.clock_sql_parameters``, named ``<clock>_<unit>``), and the DfE's own
reporting lengths (the re-referral year, the plan duration bands) from ``parameters`` here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path

from safeguard.care.clocks import PEP_FROM_AGE
from safeguard.care_leavers.eligibility import (
    OC3_MONTHS_AFTER,
    OC3_MONTHS_BEFORE,
    QUALIFYING_DAYS,
)
from safeguard.cases.workflow import lac_visits
from safeguard.family_help.models import EarlyHelpEpisode
from safeguard.timescales.clocks import CLOCKS

SQL_DIR = Path(__file__).resolve().parent / "sql"


class Kind(StrEnum):
    # Things that happened in the period (referrals made, assessments completed ...).
    EVENTS = "events"
    # The position on the last day of the period (children on plans, caseloads ...).
    SNAPSHOT = "snapshot"


class Figure(StrEnum):
    COUNT = "count"  # the headline is a number of things (with a rate if per 10,000)
    SHARE = "share"  # the headline is a percentage: numerator / denominator
    RATIO = "ratio"  # the headline is numerator / denominator, e.g. cases per FTE


@dataclass(frozen=True)
class Benchmark:
    """England's figure, as published (or derived from published figures, said so), with the
    publication and the year (or day) it is for, shown beside it in every table."""

    value: Decimal
    label: str
    source: str
    publication: str
    year: str
    derived: bool = False

    @property
    def cited(self) -> str:
        """The publication and year, e.g. "DfE, ... 2025 (C1), 2024-25; derived"."""
        return f"{self.publication}, {self.year}" + ("; derived" if self.derived else "")


@dataclass(frozen=True)
class Band:
    label: str
    low: int
    high: int | None  # inclusive; None: no upper bound


@dataclass(frozen=True)
class Indicator:
    slug: str
    title: str
    kind: Kind
    figure: Figure
    # What one row is, in the plural ("contacts", "referrals").
    counted: str
    # What the numerator is, for a share ("became referrals").
    numerator_label: str = ""
    per_10000: bool = False
    definition: str = ""
    source: str = ""
    departures: str = ""
    team_attribution: str = ""
    days_unit: str = ""  # "working days" / "calendar days" / "" when no days are kept
    bands: tuple[Band, ...] = ()
    percentiles: bool = False
    categories: dict[str, str] = field(default_factory=dict)
    benchmark: Benchmark | None = None
    # Why there is no England line, when there is none.
    no_benchmark: str = ""
    category_benchmarks: dict[str, Decimal] = field(default_factory=dict)
    # The rows are workers, not children (the caseload).
    rows_are_workers: bool = False
    # Lengths the indicator's definition sets (not a clock's), bound by name into its SQL.
    parameters: dict[str, int] = field(default_factory=dict)

    @property
    def sql(self) -> str:
        return sql_text(self.slug)


@cache
def sql_text(slug: str) -> str:
    return (SQL_DIR / f"{slug}.sql").read_text()


ENGLAND_CHILDREN = (
    "England's children aged 0-17 taken as 11,999,400: 399,460 children in need at 31 March "
    "2024 at 332.9 per 10,000 (EES, Characteristics of children in need 2024)"
)
# The DfE's releases the England figures are read from (explore-education-statistics).
CIN_2025 = "DfE, Characteristics of children in need 2025"
WORKFORCE_2025 = "DfE, Children's social work workforce 2025"
LOCAL_MEASURE = (
    "A local measure: the DfE does not collect it, so there is no national figure to compare."
)

TEAM_ON_THE_DAY = (
    "The team holding the child's case (allocation) on the day of the event; if no team held "
    "it, the team the referral was made to."
)
TEAM_AT_PERIOD_END = (
    "The team holding the child's case on the last day of the period; if no team held it, "
    "the team the referral was made to."
)

# The lengths the indicators take from the clocks, for their titles and definitions.
ASSESSMENT = CLOCKS["assessment"].period
INITIAL_CONFERENCE = CLOCKS["initial_conference"].period
# "A re-referral occurs when a child is referred within 12 months of a previous referral."
RE_REFERRAL_MONTHS = 12
# The upper bounds, in months from the plan's start, of the DfE's plan duration bands (D7).
PLAN_BAND_MONTHS = {
    "plan_band_3m_months": 3,
    "plan_band_6m_months": 6,
    "plan_band_1y_months": 12,
    "plan_band_2y_months": 24,
}

PLAN_CATEGORIES = {
    "NEG": "Neglect",
    "PHY": "Physical abuse",
    "SAB": "Sexual abuse",
    "EMO": "Emotional abuse",
    "MUL": "Multiple",
}
PLAN_DURATIONS = {
    "1_3m_or_less": "3 months or less",
    "2_3m_6m": "Over 3 months, up to 6 months",
    "3_6m_12m": "Over 6 months, under 1 year",
    "4_1y_2y": "1 year, under 2 years",
    "5_2y_plus": "2 years or more",
}
ASSESSMENT_BANDS = (
    Band("Same day", 0, 0),
    Band("1 to 10 working days", 1, 10),
    Band("11 to 20 working days", 11, 20),
    Band("21 to 30 working days", 21, 30),
    Band("31 to 40 working days", 31, 40),
    Band("41 to 45 working days", 41, 45),
    Band("46 to 60 working days", 46, 60),
    Band("61 working days or more", 61, None),
)
WAITING_BANDS = (
    Band("Under 5 working days", 0, 4),
    Band("5 to 9 working days", 5, 9),
    Band("10 to 19 working days", 10, 19),
    Band("20 working days or more", 20, None),
)

# Family help's indicators are attributed to the council team with oversight of the family.
FAMILY_HELP_TEAM = (
    "The council team with oversight of the family's help (its team), even when a partner's "
    "practitioner leads."
)
EARLY_HELP_REASONS = {reason.value: reason.label for reason in EarlyHelpEpisode.Reason}

# The personal education plan runs from the third birthday for a child under 3 when care
# began (care.clocks.PEP_FROM_AGE).
PEP_FROM_AGE_MONTHS = 12 * PEP_FROM_AGE
# The ages a care leaver's entitlement turns on (care_leavers.eligibility: 14, 16 and 18) and
# the DfE's care leavers "aged 19 to 21" (OC3: their 19th, 20th or 21st birthday in the year;
# the 22nd ends it), in months from the date of birth for the calendar table.
CARE_LEAVER_AGE_MONTHS = {f"age_{age}_months": 12 * age for age in (14, 16, 18, 19, 20, 21, 22)}
# OC3's answers come from a contact "around the birthday" (care_leavers.eligibility).
OC3_WINDOW_MONTHS = {
    "oc3_months_before": OC3_MONTHS_BEFORE,
    "oc3_months_after": OC3_MONTHS_AFTER,
}

INDICATORS_LIST: tuple[Indicator, ...] = (
    Indicator(
        slug="contacts",
        title="Contacts and the share that became referrals",
        kind=Kind.EVENTS,
        figure=Figure.SHARE,
        counted="contacts",
        numerator_label="became referrals",
        definition=(
            "Contacts received at the front door in the period; the share the front door "
            "decided to refer to children's social care (or that a referral was opened from)."
        ),
        source="Working Together to Safeguard Children 2023, ch. 2 (the front door's decision).",
        departures=(
            "The DfE collects no contacts (the census starts at the referral), so this is a "
            "local measure; Ofsted's Annex A list 1 holds the same contacts."
        ),
        team_attribution="The front-door team that received the contact.",
        no_benchmark=LOCAL_MEASURE,
    ),
    Indicator(
        slug="referrals",
        title="Referrals per 10,000 children",
        kind=Kind.EVENTS,
        figure=Figure.COUNT,
        counted="referrals",
        per_10000=True,
        definition=(
            "Referrals to children's social care (census CINreferralDate) dated in the period, "
            "per 10,000 children in the authority (its child population)."
        ),
        source="DfE, Characteristics of children in need (table C1); CIN census N00100.",
        departures=(
            "The rate is for the period chosen, not annualised: compare it with England's "
            "only over 12 months. A team's rate is not shown (teams have no population)."
        ),
        team_attribution="The team the referral was made to.",
        categories={
            "N0": "Not stated",
            "N1": "Abuse or neglect",
            "N2": "Child's disability",
            "N3": "Parental disability or illness",
            "N4": "Family in acute stress",
            "N5": "Family dysfunction",
            "N6": "Socially unacceptable behaviour",
            "N7": "Low income",
            "N8": "Absent parenting",
            "N9": "Cases other than children in need",
        },
        benchmark=Benchmark(
            Decimal("527.4"),
            "England 2024-25: 527 referrals per 10,000 children a year",
            "632,830 referrals in the year to 31 March 2025 (EES, CIN data set C1) over "
            + ENGLAND_CHILDREN,
            publication=f"{CIN_2025} (C1)",
            year="2024-25",
            derived=True,
        ),
    ),
    Indicator(
        slug="re_referrals",
        title="Re-referrals within 12 months",
        kind=Kind.EVENTS,
        figure=Figure.SHARE,
        counted="referrals",
        numerator_label="within 12 months of a previous referral",
        definition=(
            "Of the referrals in the period, the share made within 12 months of a previous "
            "referral of the same child: on or before the 12-month anniversary of it."
        ),
        source=(
            "DfE, Children in need: a focus on re-referrals ('a re-referral occurs when a child "
            "is referred within 12 months of a previous referral')."
        ),
        departures=(
            "The DfE does not say whether a referral on the anniversary itself is 'within' 12 "
            "months; Safeguard counts it, as 'within N working days' counts the N-th day "
            "(docs/timescales.md). Only referrals in this authority's record count."
        ),
        team_attribution="The team the referral was made to.",
        parameters={"re_referral_months": RE_REFERRAL_MONTHS},
        benchmark=Benchmark(
            Decimal("22.6"),
            "England 2024-25: 22.6%",
            "142,900 of 632,830 referrals in the year to 31 March 2025 (EES, CIN data set C1).",
            publication=f"{CIN_2025} (C1)",
            year="2024-25",
        ),
    ),
    Indicator(
        slug="assessments",
        title=f"Assessments completed within {ASSESSMENT}",
        kind=Kind.EVENTS,
        figure=Figure.SHARE,
        counted="assessments completed",
        # Read after the count ("assessments completed within ..."), so not "completed" again.
        numerator_label=f"within {ASSESSMENT} of the referral",
        definition=(
            f"Assessments completed (authorised) in the period; the share authorised within "
            f"{ASSESSMENT} of the referral (working days after the referral date up to and "
            "including the authorisation date), with the distribution of working days taken."
        ),
        source=(
            "Working Together to Safeguard Children 2023, ch. 2; DfE, Characteristics of "
            "children in need (table C2); census rule 8670Q."
        ),
        team_attribution=TEAM_ON_THE_DAY.replace("the event", "authorisation"),
        days_unit="working days",
        bands=ASSESSMENT_BANDS,
        percentiles=True,
        benchmark=Benchmark(
            Decimal("85.7"),
            "England 2024-25: 85.7% (quartiles 17, 33 and 43 working days)",
            "555,820 of 648,830 assessments completed in the year to 31 March 2025 (EES, CIN "
            "data set C2, the sum of the bands up to 41-45 days).",
            publication=f"{CIN_2025} (C2)",
            year="2024-25",
        ),
    ),
    Indicator(
        slug="section47_enquiries",
        title=(
            "Section 47 enquiries per 10,000 and those leading to a conference in "
            f"{INITIAL_CONFERENCE.amount} days"
        ),
        kind=Kind.EVENTS,
        figure=Figure.COUNT,
        counted="section 47 enquiries",
        numerator_label=f"led to an initial conference within {INITIAL_CONFERENCE}",
        per_10000=True,
        definition=(
            "Section 47 enquiries started in the period (census S47ActualStartDate: the date of "
            "the strategy discussion), per 10,000 children; and the share of them that led to "
            f"an initial child protection conference within {INITIAL_CONFERENCE} of that start."
        ),
        source=(
            "Children Act 1989 s.47; Working Together 2023, ch. 2; DfE, Characteristics of "
            "children in need (section 47 tables); census items N00148, N00110."
        ),
        departures=(
            f"The DfE publishes the {INITIAL_CONFERENCE.amount}-day share of initial conferences "
            "held, not of enquiries started: that is the next indicator. Enquiries started late "
            f"in the period may still be within their {INITIAL_CONFERENCE.amount} days when the "
            "figures are read."
        ),
        team_attribution=TEAM_ON_THE_DAY.replace("the event", "the enquiry's start"),
        days_unit="working days",
        # The rate only: the DfE publishes no share of enquiries leading to a conference.
        benchmark=Benchmark(
            Decimal("192.2"),
            "England 2024-25: 192 section 47 enquiries per 10,000 children a year",
            "230,590 section 47 enquiries in the year to 31 March 2025 (EES, CIN data set C4, "
            "'Section 47s and initial child protection conferences', national row) over "
            + ENGLAND_CHILDREN
            + ". Read from the EES data set: the domain notes did not hold it.",
            publication=f"{CIN_2025} (C4)",
            year="2024-25",
            derived=True,
        ),
    ),
    Indicator(
        slug="initial_conferences",
        title=f"Initial conferences within {INITIAL_CONFERENCE}",
        kind=Kind.EVENTS,
        figure=Figure.SHARE,
        counted="initial child protection conferences",
        numerator_label=f"held within {INITIAL_CONFERENCE} of the section 47 start",
        definition=(
            "Initial child protection conferences held in the period after a section 47 "
            f"enquiry; the share held within {INITIAL_CONFERENCE} of the enquiry's start."
        ),
        source="Working Together 2023, ch. 2; census rule 8675Q; DfE CIN statistics.",
        departures=(
            "Conferences for children who moved in on another authority's plan are left out."
        ),
        team_attribution=TEAM_ON_THE_DAY.replace("the event", "the conference"),
        days_unit="working days",
        percentiles=True,
        benchmark=Benchmark(
            Decimal("81.4"),
            "England 2024-25: 81.4% (quartiles 13, 14 and 15 working days)",
            "58,670 of the 72,090 initial conferences with a duration in the year to 31 March "
            "2025 were held within 15 working days of the section 47 start: the sum of the "
            "bands 0-10 (6,240) and 11-15 (52,430) working days over all four bands (EES, CIN "
            "data set C4, national row; 72,100 conferences in all). Read from the EES data "
            "set: the domain notes did not hold it.",
            publication=f"{CIN_2025} (C4)",
            year="2024-25",
        ),
    ),
    Indicator(
        slug="children_on_plans",
        title="Children on child protection plans per 10,000, by category of abuse",
        kind=Kind.SNAPSHOT,
        figure=Figure.COUNT,
        counted="children on a plan",
        per_10000=True,
        definition=(
            "Children who are the subject of a child protection plan on the last day of the "
            "period (started on or before it, not ended by it), per 10,000 children, by the "
            "plan's latest category of abuse."
        ),
        source="DfE, Characteristics of children in need (table D1, 'at 31 March'); N00114.",
        departures="A plan ending on the last day of the period is no longer counted that day.",
        team_attribution=TEAM_AT_PERIOD_END,
        days_unit="calendar days",
        categories=PLAN_CATEGORIES,
        benchmark=Benchmark(
            Decimal("41.2"),
            "England 31 March 2025: 41 per 10,000",
            "49,420 children on a plan at 31 March 2025 (EES, CIN data set D1) over "
            + ENGLAND_CHILDREN,
            publication=f"{CIN_2025} (D1)",
            year="31 March 2025",
            derived=True,
        ),
    ),
    Indicator(
        slug="second_plans",
        title="Second or subsequent child protection plans",
        kind=Kind.EVENTS,
        figure=Figure.SHARE,
        counted="plans started",
        numerator_label="second or subsequent plans",
        definition=(
            "Of the child protection plans started in the period, the share that are the "
            "child's second or subsequent plan (an earlier plan at any time)."
        ),
        source="DfE CIN statistics; LG Inform metric 100 (former NI 65).",
        departures=(
            "Only earlier plans in this authority's record count (the DfE counts plans the "
            "authority knows of, including elsewhere, through NumberOfPreviousCPP)."
        ),
        team_attribution=TEAM_ON_THE_DAY.replace("the event", "the plan's start"),
        categories=PLAN_CATEGORIES,
        no_benchmark=(
            "No national figure: the domain notes give the definition (CIN table D3, former NI "
            "65) but not the national value, and no published value was found to read it "
            "from. None is invented."
        ),
    ),
    Indicator(
        slug="plans_two_years",
        title="Plans lasting two years or more",
        kind=Kind.EVENTS,
        figure=Figure.SHARE,
        counted="plans ended",
        numerator_label="lasted two years or more",
        definition=(
            "Of the child protection plans that ended in the period, the share that lasted two "
            "years or more: ended on or after the second anniversary of their start."
        ),
        source="DfE, Characteristics of children in need (table D7, plans ended by duration).",
        team_attribution=TEAM_ON_THE_DAY.replace("the event", "the plan's end"),
        days_unit="calendar days",
        parameters={"plan_band_2y_months": PLAN_BAND_MONTHS["plan_band_2y_months"]},
        benchmark=Benchmark(
            Decimal("4.4"),
            "England 2024-25: 4.4%",
            "2,710 of the plans ended in the year to 31 March 2025 (EES, CIN data set D7).",
            publication=f"{CIN_2025} (D7)",
            year="2024-25",
        ),
    ),
    Indicator(
        slug="plans_ended",
        title="Child protection plans ended, by duration",
        kind=Kind.EVENTS,
        figure=Figure.COUNT,
        counted="plans ended",
        definition=(
            "Child protection plans that ended in the period, by how long they lasted: 3 months "
            "or less; over 3 up to 6 months; over 6 months, under a year; 1 year, under 2; 2 "
            "years or more (anniversaries from the start date, 29 February to 28 February)."
        ),
        source="DfE, Characteristics of children in need (table D7).",
        departures=(
            "The DfE's published bands do not say where a plan of exactly 12 months falls; "
            "Safeguard puts it in '1 year, under 2 years'."
        ),
        team_attribution=TEAM_ON_THE_DAY.replace("the event", "the plan's end"),
        days_unit="calendar days",
        categories=PLAN_DURATIONS,
        parameters=PLAN_BAND_MONTHS,
        no_benchmark=(
            "England's count (62,300 in 2024-25) is not comparable with one authority's; the "
            "shares by duration are shown against England's below."
        ),
        category_benchmarks={
            "1_3m_or_less": Decimal("15.9"),
            "2_3m_6m": Decimal("11.0"),
            "3_6m_12m": Decimal("43.5"),
            "4_1y_2y": Decimal("25.2"),
            "5_2y_plus": Decimal("4.4"),
        },
    ),
    Indicator(
        slug="cp_visits",
        title="Child protection visits in timescale",
        kind=Kind.SNAPSHOT,
        figure=Figure.SHARE,
        counted="children on a plan",
        numerator_label="seen within the visiting timescale",
        definition=(
            "Children on a child protection plan on the last day of the period; the share whose "
            "visits are in time that day: seen on a child protection visit (or the plan "
            "started) no more than the authority's visiting timescale (working days, default "
            f"{CLOCKS['cp_visit'].amount}) before, so the next visit is not overdue."
        ),
        source="Local procedures (timescales.md: CP visits, configurable per authority).",
        departures=LOCAL_MEASURE,
        team_attribution=TEAM_AT_PERIOD_END,
        days_unit="working days",
        bands=WAITING_BANDS,
        no_benchmark=LOCAL_MEASURE,
    ),
    Indicator(
        slug="cp_seen_alone",
        title="Children seen alone on child protection visits",
        kind=Kind.EVENTS,
        figure=Figure.SHARE,
        counted="child protection visits where the child was seen",
        numerator_label="seen alone",
        definition=(
            "Child protection visits made in the period at which the child was seen; the share "
            "at which the child was seen alone."
        ),
        source="Working Together 2023, ch. 2 (seeing the child alone).",
        departures=LOCAL_MEASURE,
        team_attribution=TEAM_ON_THE_DAY.replace("the event", "the visit").split("; if")[0] + ".",
        no_benchmark=LOCAL_MEASURE,
    ),
    Indicator(
        slug="caseload",
        title="Caseload per case-holding worker",
        kind=Kind.SNAPSHOT,
        figure=Figure.RATIO,
        counted="case-holding workers",
        numerator_label="cases held",
        definition=(
            "Children's cases allocated to a worker on the last day of the period, divided by "
            "the full-time equivalent of the workers holding at least one case that day."
        ),
        source=(
            "DfE, Children's social work workforce (caseload per case-holding FTE, at 30 "
            "September)."
        ),
        departures=(
            "The DfE counts cases on 30 September from the workforce census; here any day can "
            "be chosen. A worker's team is their current team (the record keeps no history)."
        ),
        team_attribution="The worker's team.",
        days_unit="cases",
        rows_are_workers=True,
        benchmark=Benchmark(
            Decimal("15.2"),
            "England 30 September 2025: 15.2 cases per case-holding FTE",
            "321,661 cases over 21,105 case-holding FTE at 30 September 2025 (EES, Children's "
            "social work workforce, national row); it supersedes 2023's 16.0.",
            publication=WORKFORCE_2025,
            year="30 September 2025",
        ),
    ),
    Indicator(
        slug="unallocated",
        title="Unallocated cases and how long they have waited",
        kind=Kind.SNAPSHOT,
        figure=Figure.COUNT,
        counted="children waiting for a worker",
        definition=(
            "Children waiting for a worker on the last day of the period: their case is held by "
            "a team with no worker named, or they have an open referral and no team holds their "
            "case; with the working days each has waited."
        ),
        source="Local measure (Ofsted ILACS: 'children left without a social worker').",
        departures=LOCAL_MEASURE,
        team_attribution="The team holding the case, else the team the referral was made to.",
        days_unit="working days",
        bands=WAITING_BANDS,
        percentiles=True,
        categories={"team_allocation": "Held by a team, no worker", "referral": "Not allocated"},
        no_benchmark=LOCAL_MEASURE,
    ),
    Indicator(
        slug="lac_visits",
        title="Looked-after children's visits in timescale",
        kind=Kind.SNAPSHOT,
        figure=Figure.SHARE,
        counted="children looked after",
        numerator_label="visited in time",
        definition=(
            "Children looked after on the last day of the period; the share whose statutory "
            "visits are in time that day: first within "
            f"{CLOCKS['lac_first_visit'].period.counted()} of coming into care, then at most "
            f"{CLOCKS['lac_visit'].period} ({CLOCKS['lac_visit'].period.counted()}) apart, "
            "or the interval the placement's plan sets (below), counting visits at which the "
            "child was seen."
        ),
        source="Care Planning, Placement and Case Review (England) Regulations 2010, reg. 28.",
        departures=(
            "As in the overdue lists, the interval after each visit is the one the plan of the "
            "placement in force that day sets (reg. 28): every "
            f"{CLOCKS['lac_visit_weekly_until_first_review'].period} until the first review "
            "with a parent before assessment or a connected person, then every "
            f"{CLOCKS['lac_visit_connected_person'].period} for a connected person; after a "
            f"placement's first year, every {CLOCKS['lac_visit_until_18'].period} where it is "
            f"meant to last until 18, every {CLOCKS['lac_visit_long_term_foster'].period} in a "
            "long-term foster placement where the child agreed. A placement recorded before "
            f"its plan was asked is held to {CLOCKS['lac_visit'].period} (stricter)."
        ),
        parameters={"placement_first_year_months": lac_visits.PLACEMENT_FIRST_YEAR_MONTHS},
        team_attribution="The team holding the child's case on the last day of the period.",
        days_unit="calendar days",
        categories={"first_visit": "First visit due", "later_visit": "Later visit due"},
        no_benchmark=LOCAL_MEASURE,
    ),
    Indicator(
        slug="lac_reviews",
        title="Looked-after children's reviews in timescale",
        kind=Kind.SNAPSHOT,
        figure=Figure.SHARE,
        counted="children looked after",
        numerator_label="reviewed in time",
        definition=(
            "Children looked after on the last day of the period; the share whose reviews are in "
            f"time that day: the first within {CLOCKS['lac_first_review'].period} of coming "
            f"into care, the second within {CLOCKS['lac_second_review'].period} of the first, "
            f"then at most {CLOCKS['lac_later_review'].period} apart."
        ),
        source="Care Planning, Placement and Case Review (England) Regulations 2010, reg. 33.",
        team_attribution="The team holding the child's case on the last day of the period.",
        categories={
            "first_review": "First review due",
            "second_review": "Second review due",
            "later_review": "Later review due",
        },
        no_benchmark=LOCAL_MEASURE,
    ),
    Indicator(
        slug="lac_reviews_on_time",
        title="Looked-after reviews on time",
        kind=Kind.EVENTS,
        figure=Figure.SHARE,
        counted="looked-after reviews due",
        numerator_label="held by the day they were due",
        definition=(
            "Looked-after reviews that fell due in the period; the share held by the day they "
            f"were due: the first within {CLOCKS['lac_first_review'].period} of the child "
            f"becoming looked after, the second within {CLOCKS['lac_second_review'].period} of "
            f"the first, then each within {CLOCKS['lac_later_review'].period} of the one "
            "before. Each review due is counted once, dated by its due day, whether it was "
            "held in time, late or not yet."
        ),
        source="Care Planning, Placement and Case Review (England) Regulations 2010, reg. 33.",
        departures=(
            "A review due in the period and not yet held counts as not on time, even where the "
            "day it was due is still to come: read a period that has ended. A period of care "
            "that ended before a review fell due has no review due."
        ),
        team_attribution="The team holding the child's case on the day the review was due.",
        days_unit="working days late",
        categories={
            "first_review": "First review",
            "second_review": "Second review",
            "later_review": "Later review",
        },
        no_benchmark=(
            "No national figure: the DfE collects review dates in the SSDA903 return, but the "
            "domain notes hold no published share of reviews held on time, and none was found "
            "to read it from. None is invented."
        ),
    ),
    Indicator(
        slug="lac_care_plans_on_time",
        title="Care plans agreed on time",
        kind=Kind.EVENTS,
        figure=Figure.SHARE,
        counted="care plans due",
        numerator_label="agreed by the day they were due",
        definition=(
            "Care plans that fell due in the period (one for each period of care, due "
            f"{CLOCKS['lac_care_plan'].period} after the start of the first placement); the "
            "share agreed by that day, a plan agreed before the child was placed included."
        ),
        source=("Care Planning, Placement and Case Review (England) Regulations 2010, reg. 4(2)."),
        departures=(
            "A plan due in the period and not yet agreed counts as not on time, even where the "
            "day it was due is still to come: read a period that has ended. Care plans for "
            "care orders (Children Act 1989 s.31A) are held to the same day."
        ),
        team_attribution="The team holding the child's case on the day the plan was due.",
        days_unit="working days",
        categories={
            "before_placement": "Agreed by the day the child was placed",
            "in_time": "Agreed after, in time",
            "late": "Agreed late",
            "not_agreed": "Not agreed",
        },
        no_benchmark=(
            "No national figure: the DfE does not collect the date a care plan is agreed. "
            "None is invented."
        ),
    ),
    Indicator(
        slug="lac_health_assessments_on_time",
        title="Initial health assessments on time",
        kind=Kind.EVENTS,
        figure=Figure.SHARE,
        counted="initial health assessments due",
        numerator_label="held by the day they were due",
        definition=(
            "Initial health assessments that fell due in the period (one for each period of "
            f"care, due {CLOCKS['lac_initial_health_assessment'].period} after the child "
            "became looked after); the share held by that day, one held before the child "
            "became looked after included."
        ),
        source=(
            "Care Planning, Placement and Case Review (England) Regulations 2010, reg. 7(1); "
            "Promoting the health and wellbeing of looked-after children (DfE and DH, 2015)."
        ),
        departures=(
            "An assessment due in the period and not yet held counts as not on time, even "
            "where the day it was due is still to come: read a period that has ended. A "
            "period of care that ended before its assessment fell due has none due."
        ),
        team_attribution="The team holding the child's case on the day the assessment was due.",
        days_unit="working days",
        categories={
            "before_care": "Held by the day the child became looked after",
            "in_time": "Held after, in time",
            "late": "Held late",
            "not_held": "Not held",
        },
        no_benchmark=(
            "No national figure: the SSDA903 return counts health assessments of children "
            "looked after for 12 months (OC2), not whether the initial assessment was held in "
            "time. None is invented."
        ),
    ),
    Indicator(
        slug="lac_peps_on_time",
        title="Personal education plans on time",
        kind=Kind.EVENTS,
        figure=Figure.SHARE,
        counted="children who became looked after",
        numerator_label="had their first personal education plan in place in time",
        definition=(
            "Children who became looked after in the period (one row for each period of care; "
            "for a child under 3 that day, the day they turned 3 while looked after); the "
            "share whose first personal education plan (the period's initial PEP meeting) was "
            f"in place by the day it was due, {CLOCKS['lac_pep'].period} later (a plan in "
            "place earlier counts). The guidance's 20 school days are counted as working "
            "days: bank holidays are not counted, school holidays are, so the day is never "
            "later than the guidance's and is earlier in the holidays."
        ),
        source=(
            "Promoting the education of looked-after children and previously looked-after "
            "children, statutory guidance (DfE, February 2018): the PEP in place within 20 "
            "school days of entering care, ready for the first review."
        ),
        departures=(
            "Safeguard holds no school terms, so the 20 school days are read as working days "
            "(as Gateshead's and Knowsley's procedures read them). A change of school restarts "
            "the 20 days in the guidance; school moves are not recorded, so only the first "
            "plan is counted. A child who came into care late in the period and has no plan "
            "yet counts as not on time even if their plan is due after the period's last day: "
            "those are shown apart in the breakdown, and a period that ended at least "
            f"{CLOCKS['lac_pep'].period} ago reads true. A period of care that ended before "
            "its plan fell due has none due."
        ),
        team_attribution="The team holding the child's case on the day the plan was due.",
        days_unit="working days",
        parameters={"pep_from_age_months": PEP_FROM_AGE_MONTHS},
        categories={
            "before_start": "In place by the day the child became looked after (or turned 3)",
            "in_time": "In place after, in time",
            "late": "In place late",
            "not_in_place": "Not in place, due by the period's last day",
            "due_after_period": "Not in place, due after the period's last day",
        },
        no_benchmark=(
            "No national figure: the DfE collects no PEP dates (the SSDA903 return has none), "
            "and no published share of plans in place on time was found. None is invented."
        ),
    ),
    Indicator(
        slug="missing_return_interviews",
        title="Return home interviews after missing episodes",
        kind=Kind.EVENTS,
        figure=Figure.SHARE,
        counted="missing episodes ended",
        numerator_label=(
            f"had a return home interview within {CLOCKS['missing_return_interview'].period}"
        ),
        definition=(
            "Missing episodes (missing, or away from placement without authorisation) of "
            "looked-after children that ended in the period, dated by the day the child "
            "returned; the share with a return home interview held within "
            f"{CLOCKS['missing_return_interview'].period} of that day (72 hours, read as "
            "calendar days: the record holds days, not hours). The breakdown shows every "
            "other answer: held late, accepted with no day recorded, declined, offered with "
            "no answer recorded, not offered, nothing recorded yet. Offered is the sum of the "
            "first five rows, accepted the first three."
        ),
        source=(
            "Statutory guidance on children who run away or go missing from home or care "
            "(DfE, January 2014): a return interview offered when the child is found and "
            "carried out within 72 hours of their return; Ofsted Annex A list 8 (return "
            "interview offered, accepted)."
        ),
        departures=(
            "The record keeps whether the interview was offered and accepted and the day it "
            "was held, but never the day it was offered. So an offer within 72 hours is "
            "counted only where the interview itself was held within them (it was offered "
            "first); an offer declined, or accepted with no day recorded, is counted as not "
            "in time, since when it was made is not known. The share is therefore the "
            "interviews held in time, which is never more than the offers made in time. An "
            "episode with nothing recorded yet counts as not in time; an episode still open "
            "is not counted."
        ),
        team_attribution="The team holding the child's case on the day they returned.",
        days_unit="calendar days",
        categories={
            "held_in_time": "Interview held in time",
            "held_late": "Interview held late",
            "accepted_not_held": "Accepted, no day held recorded",
            "declined": "Offered and declined",
            "offered_no_answer": "Offered, answer not recorded",
            "not_offered": "Not offered",
            "not_recorded": "Nothing recorded yet",
        },
        no_benchmark=(
            "No national figure: the SSDA903 return counts missing episodes but holds no "
            "return interview, and the DfE publishes no share of interviews offered or held. "
            "None is invented."
        ),
    ),
    Indicator(
        slug="care_leavers_in_touch",
        title="Care leavers aged 19 to 21 in touch",
        kind=Kind.SNAPSHOT,
        figure=Figure.SHARE,
        counted="care leavers aged 19 to 21",
        numerator_label="the council was in touch with",
        definition=(
            "Care leavers aged 19, 20 or 21 on the last day of the period (looked after for "
            f"{QUALIFYING_DAYS // 7} weeks in all from their 14th birthday, some of it at 16 "
            "or over, short breaks left out); the share the council was in touch with, read "
            "as the SSDA903 return reads it (OC3): at their latest birthday, from the contact "
            f"nearest it from {OC3_WINDOW_MONTHS['oc3_months_before']} months before to "
            f"{OC3_WINDOW_MONTHS['oc3_months_after']} month after, a contact in touch before "
            "one not; with no contact in that window the council was not in touch. Over the "
            "year to 31 March, these are the young people the return asks about at 19, 20 "
            "and 21."
        ),
        source=(
            "Children Act 1989, s. 23C (former relevant young people) and Sch. 2 para. 19B; "
            "DfE, SSDA903 guide (OC3: IN_TOUCH around the birthday); DfE, Children looked "
            "after in England including adoptions (care leavers aged 19 to 21)."
        ),
        departures=(
            "As the DfE's tables, young people who have died (DIED) or returned home to their "
            "parents for six months or more (RHOM) are left out, as are those whose care "
            "ended in death, by another council taking over or in adoption (as OC3). A "
            "contact after the last day but inside the window counts, as it does in the "
            "return. At 21 everyone who turned 21 is counted, receiving support or not, as "
            "OC3 counts them. Young people born on or before 1 January 2000 are not counted (the "
            "working-day calendar starts then), which matters only for periods before 2022."
        ),
        team_attribution=(
            "The team holding the young person's case on the last day of the period."
        ),
        parameters={
            **CARE_LEAVER_AGE_MONTHS,
            **OC3_WINDOW_MONTHS,
            "qualifying_days": QUALIFYING_DAYS,
        },
        categories={
            "in_touch": "In touch",
            "not_in_touch": "Not in touch",
            "refuses_contact": "Refuses contact",
            "no_longer_needs_services": "No longer needs services",
            "no_contact": "No contact recorded around the birthday",
        },
        no_benchmark=(
            "No England line: the DfE publishes the share of care leavers aged 19 to 21 its "
            "councils were in touch with (Children looked after in England including "
            "adoptions), but the national value for the years to 31 March 2024 and 2025 "
            "could not be read from the sources available here (only a second-hand 91% for "
            "2020-21). None is invented; add it from the EES care leavers data set."
        ),
    ),
    Indicator(
        slug="family_help_open",
        title="Children in family help",
        kind=Kind.SNAPSHOT,
        figure=Figure.COUNT,
        counted="children in family help",
        numerator_label="led by a partner's practitioner",
        definition=(
            "Children whose family help (early help) is open on the last day of the period: "
            "their early help episode started on or before it and had not ended by it; the "
            "share whose family's lead practitioner that day works for a partner (a school, "
            "a health service) rather than the council; by the reason for help."
        ),
        source=(
            "Working Together to Safeguard Children 2023, ch. 3 (early help, the lead "
            "practitioner); Standard Safeguarding Dataset, ssd_early_help_episodes "
            "(EARL003A-005A)."
        ),
        departures=(
            "An episode ending on the last day is no longer counted that day. The DfE "
            "collects no early help data."
        ),
        team_attribution=FAMILY_HELP_TEAM,
        days_unit="calendar days",
        categories=EARLY_HELP_REASONS,
        no_benchmark=LOCAL_MEASURE,
    ),
    Indicator(
        slug="family_help_families_open",
        title="Families in family help",
        kind=Kind.SNAPSHOT,
        figure=Figure.COUNT,
        counted="families in family help",
        numerator_label="led by a partner's practitioner",
        definition=(
            "Families whose family help is open on the last day of the period (started on or "
            "before it, not closed by it); the share led that day by a partner's practitioner. "
            "Each family is listed under the child whose help started first."
        ),
        source="Working Together to Safeguard Children 2023, ch. 3 (early help).",
        departures=(
            "A family is named in the list of children only to those who may see that child; "
            "the others count it without a name. The DfE collects no early help data."
        ),
        team_attribution=FAMILY_HELP_TEAM,
        days_unit="calendar days",
        no_benchmark=LOCAL_MEASURE,
    ),
    Indicator(
        slug="family_help_stepped_up",
        title="Family help stepped up to social care within 12 months",
        kind=Kind.EVENTS,
        figure=Figure.SHARE,
        counted="children whose family help ended",
        numerator_label="stepped up to social care within 12 months",
        definition=(
            "Children whose early help episode ended in the period (any reason); the share "
            "stepped up to children's social care: the episode ended 'stepped up', or the "
            "child was referred on or after the day it ended and on or before its 12-month "
            "anniversary (as re-referrals: months clamped to the month's end)."
        ),
        source=(
            "Working Together to Safeguard Children 2023, ch. 3 (stepping up from early help "
            "to a statutory assessment); the 12 months are the DfE's re-referral year "
            "(Children in need: a focus on re-referrals)."
        ),
        departures=(
            "A local measure. For a period ended less than 12 months ago the share can still "
            "rise. A referral made while the help was open is not counted unless the episode "
            "ended 'stepped up'; only this authority's referrals are seen."
        ),
        team_attribution=FAMILY_HELP_TEAM,
        categories={
            "stepped_up": "Ended stepped up",
            "referred_within_12_months": "Referred within 12 months of ending",
            "not_stepped_up": "Not stepped up",
        },
        parameters={"re_referral_months": RE_REFERRAL_MONTHS},
        no_benchmark=LOCAL_MEASURE,
    ),
    Indicator(
        slug="family_help_re_referrals",
        title="Referrals within 12 months of family help ending with needs met",
        kind=Kind.EVENTS,
        figure=Figure.SHARE,
        counted="referrals",
        numerator_label="within 12 months of family help that met the family's needs",
        definition=(
            "Of the referrals in the period, the share for a child whose early help episode "
            "ended 'needs met' on or before the referral date and no more than 12 months "
            "before it (the referral on or before the 12-month anniversary of the end)."
        ),
        source=(
            "DfE, Children in need: a focus on re-referrals (the 12-month re-referral year), "
            "applied to early help closed as needs met (Working Together 2023, ch. 3)."
        ),
        departures=(
            "A local measure: the DfE's re-referral counts earlier referrals only. A referral "
            "on the anniversary is counted, as in re-referrals."
        ),
        team_attribution="The team the referral was made to.",
        parameters={"re_referral_months": RE_REFERRAL_MONTHS},
        no_benchmark=LOCAL_MEASURE,
    ),
)

INDICATORS: dict[str, Indicator] = {indicator.slug: indicator for indicator in INDICATORS_LIST}

# The domain notes hold no figures for statistical neighbours; no line is drawn for them.
STATISTICAL_NEIGHBOURS_NOTE = (
    "No statistical neighbours' figures for this indicator: it has no counterpart in the DfE's "
    "published local-authority tables, or none are loaded. An analyst loads the tables and "
    "chooses the neighbours on the Benchmarks pages (docs/benchmarks.md); none are invented."
)
