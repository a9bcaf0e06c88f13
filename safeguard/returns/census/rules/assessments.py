"""Assessments: dates, factors, and an assessment open past its clock (8670Q)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from safeguard.timescales.clocks import CLOCKS

from ..records import CensusChild
from ..years import CollectionYear
from .common import NO_FACTORS, episode_where, in_year, latest_end, located_episodes
from .registry import Check, rule

# 8670Q: an assessment is due within the assessment clock (45 working days, Working Together
# 2023) of its start.
ASSESSMENT = CLOCKS["assessment"]


@rule("1103", "The assessment start date cannot be before the referral date", "Assessments")
def _assessment_before_referral(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for a in e.assessments:
            if a.start_date and e.referral_date and a.start_date < e.referral_date:
                yield f"{episode_where(e)}: assessment started {a.start_date}"


@rule("8608", "Assessment Start Date cannot be later than its End Date", "Assessments")
def _assessment_ends_before_start(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for a in e.assessments:
            if a.start_date and a.authorisation_date and a.start_date > a.authorisation_date:
                yield f"{episode_where(e)}: assessment started {a.start_date}"


@rule("8696", "Assessment end date must fall within the census year", "Assessments")
def _assessment_end_in_year(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for a in e.assessments:
            if a.authorisation_date and not in_year(a.authorisation_date, year):
                yield f"{episode_where(e)}: assessment authorised {a.authorisation_date}"


@rule(
    "8736",
    "For an Assessment that has not been completed, the start date must fall within the "
    "census year",
    "Assessments",
)
def _open_assessment_start_in_year(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for a in e.assessments:
            if a.authorisation_date is None and a.start_date and not in_year(a.start_date, year):
                yield f"{episode_where(e)}: assessment started {a.start_date}"


@rule(
    "8614",
    "Parental or child factors at assessment should only be present for a completed assessment",
    "Assessments",
)
def _factors_on_open_assessment(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for a in e.assessments:
            if a.authorisation_date is None and a.factors:
                yield f"{episode_where(e)}: assessment started {a.start_date}"


@rule(
    "8897",
    "Parental or child factors at assessment information is missing from a completed assessment",
    "Assessments",
)
def _completed_without_factors(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for a in e.assessments:
            if a.authorisation_date and not a.factors:
                yield f"{episode_where(e)}: assessment started {a.start_date}"


@rule(
    "8898",
    "The assessment has more than one parental or child factors with the same code",
    "Assessments",
)
def _factor_repeated(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for a in e.assessments:
            for factor, n in Counter(a.factors).items():
                if n > 1:
                    yield f"{episode_where(e)}: assessment started {a.start_date}: factor {factor}"


@rule(
    "8869",
    'The assessment factors code "21" cannot be used in conjunction with any other '
    "assessment factors",
    "Assessments",
)
def _no_factors_not_alone(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for a in e.assessments:
            if NO_FACTORS in a.factors and len(set(a.factors)) > 1:
                yield f"{episode_where(e)}: assessment started {a.start_date}"


def _superseded_factor(code: str) -> Check:
    def check(child: CensusChild, year: CollectionYear) -> Iterator[str]:
        for e in child.episodes:
            for a in e.assessments:
                if code in a.factors:
                    yield f"{episode_where(e)}: assessment started {a.start_date}: factor {code}"

    return check


rule(
    "8945Q",
    "Please check: factor 18A (physical abuse) is no longer used: record 18B (by another "
    "child) or 18C (by an adult)",
    "Assessments",
    applies=lambda year: year.queries_superseded_factors,
)(_superseded_factor("18A"))


rule(
    "8950Q",
    "Please check: factor 19A (sexual abuse) is no longer used: record 19B (by another "
    "child) or 19C (by an adult)",
    "Assessments",
    applies=lambda year: year.queries_superseded_factors,
)(_superseded_factor("19A"))


@rule(
    "8670Q",
    f"Please check: Assessment started more than {ASSESSMENT.period} before the end of the "
    "census year. However, there is no Assessment end date",
    "Assessments",
)
def _assessment_long_open(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for a in e.assessments:
            if (
                a.authorisation_date is None
                and a.start_date
                and ASSESSMENT.due_from(a.start_date) < year.reference_date
            ):
                yield f"{episode_where(e)}: assessment started {a.start_date}"


@rule(
    "8896",
    "Within one CINDetails group there are 2 or more open Assessments groups",
    "Assessments",
)
def _two_open_assessments(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if sum(1 for a in e.assessments if a.authorisation_date is None) > 1:
            yield where


@rule(
    "8863Q",
    "Please check: An Assessment is shown as starting when there is another Assessment ongoing",
    "Assessments",
)
def _assessments_overlap(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        for a in e.assessments:
            for b in e.assessments:
                if a is b or not a.start_date or not b.start_date:
                    continue
                if b.start_date <= a.start_date < latest_end(b.authorisation_date, year):
                    yield f"{where}: assessment started {a.start_date}"
                    break


@rule("8617", "Code 8A has been returned. This code is not a valid code", "Assessments")
def _factor_8a(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        for a in e.assessments:
            if "8A" in a.factors:
                yield f"{where}: assessment started {a.start_date}"
