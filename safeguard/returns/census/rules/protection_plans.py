"""ChildProtectionPlans: plans, their categories of abuse and their reviews."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from safeguard.common import codes

from ..records import CensusChild, CinEpisode
from ..years import CollectionYear
from .common import episode_where, in_year, latest_end, located_episodes
from .registry import rule

CATEGORIES = frozenset(codes.CategoryOfAbuse.values)


def _conference_dates(e: CinEpisode) -> list[date]:
    dates = [s.conference_date for s in e.section47s if s.conference_date]
    if e.conference_date:
        dates.append(e.conference_date)
    return dates


@rule(
    "1105",
    "The child protection plan start date cannot be before the referral date",
    "ChildProtectionPlans",
)
def _plan_start_before_referral(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for cp in e.protection_plans:
            if cp.start_date and e.referral_date and cp.start_date < e.referral_date:
                yield f"{episode_where(e)}: protection plan started {cp.start_date}"


@rule(
    "2883",
    "There are more child protection plans starting than initial conferences taking place",
    "ChildProtectionPlans",
)
def _more_plans_than_conferences(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        starting = [
            cp for cp in e.protection_plans if cp.start_date and in_year(cp.start_date, year)
        ]
        if len(starting) > len(_conference_dates(e)):
            yield where


@rule(
    "2885",
    "Child protection plan shown as starting a different day to the initial child protection "
    "conference",
    "ChildProtectionPlans",
)
def _plan_not_on_conference_day(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        held = set(_conference_dates(e))
        for cp in e.protection_plans:
            # A plan that began before the year began at a conference no longer in the return.
            if cp.start_date and in_year(cp.start_date, year) and cp.start_date not in held:
                yield f"{where}: protection plan started {cp.start_date}"


@rule(
    "8730",
    "Number of previous child protection plans is missing",
    "ChildProtectionPlans",
)
def _previous_plans_missing(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for cp in e.protection_plans:
            if cp.previous_plans is None:
                yield f"{episode_where(e)}: protection plan started {cp.start_date}"


@rule(
    "8840",
    "Child Protection Plan cannot start and end on the same day",
    "ChildProtectionPlans",
)
def _protection_one_day(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for cp in e.protection_plans:
            if cp.start_date and cp.end_date == cp.start_date:
                yield f"{episode_where(e)}: protection plan started {cp.start_date}"


@rule(
    "8841",
    "The review date cannot be on the same day or before the Child protection Plan start date",
    "ChildProtectionPlans",
)
def _review_before_plan(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for cp in e.protection_plans:
            for review in cp.review_dates:
                if cp.start_date and review <= cp.start_date:
                    started = f"protection plan started {cp.start_date}"
                    yield f"{episode_where(e)}: {started}: review {review}"


def _category(code: str, attribute: str, message: str) -> None:
    def check(child: CensusChild, year: CollectionYear) -> Iterator[str]:
        for e in child.episodes:
            for cp in e.protection_plans:
                value = getattr(cp, attribute)
                if value not in CATEGORIES:
                    yield f"{episode_where(e)}: protection plan started {cp.start_date}: {value!r}"

    rule(code, message, "ChildProtectionPlans")(check)


_category(
    "8905",
    "initial_category",
    "Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN "
    "Census code set)",
)


_category(
    "8910",
    "latest_category",
    "Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN "
    "Census code set)",
)


@rule(
    "8915",
    "Child Protection Plan shown as starting after the child's Date of Death",
    "ChildProtectionPlans",
)
def _protection_after_death(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.death_date:
        for e in child.episodes:
            for cp in e.protection_plans:
                if cp.start_date and cp.start_date > child.death_date:
                    yield f"{episode_where(e)}: protection plan started {cp.start_date}"


@rule("8925", "Child Protection Plan End Date earlier than Start Date", "ChildProtectionPlans")
def _protection_ends_before_start(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for cp in e.protection_plans:
            if cp.start_date and cp.end_date and cp.end_date < cp.start_date:
                yield f"{episode_where(e)}: protection plan started {cp.start_date}"


@rule(
    "8930",
    "Child Protection Plan End Date must fall within the census year",
    "ChildProtectionPlans",
)
def _protection_end_in_year(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for cp in e.protection_plans:
            if cp.end_date and not in_year(cp.end_date, year):
                yield f"{episode_where(e)}: protection plan ended {cp.end_date}"


@rule(
    "8720",
    "Child Protection Plan Start Date missing or out of data collection period",
    "ChildProtectionPlans",
)
def _protection_start_missing(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        for cp in e.protection_plans:
            if cp.start_date is None or cp.start_date > year.reference_date:
                yield f"{where}: protection plan started {cp.start_date}"


@rule(
    "8920",
    "Child Protection Plan cannot end after the child's Date of Death",
    "ChildProtectionPlans",
)
def _protection_ends_after_death(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.death_date:
        for e, where in located_episodes(child):
            for cp in e.protection_plans:
                if cp.end_date is None or cp.end_date > child.death_date:
                    yield f"{where}: protection plan started {cp.start_date}"


@rule(
    "8935",
    "This child is showing more than one open Child Protection plan, i.e. with no End Date",
    "ChildProtectionPlans",
)
def _two_open_protection_plans(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if sum(1 for cp in e.protection_plans if cp.end_date is None) > 1:
            yield where


@rule("8940", "Child Protection Plan data contains overlapping dates", "ChildProtectionPlans")
def _protection_plans_overlap(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        for a in e.protection_plans:
            for b in e.protection_plans:
                if a is b or not a.start_date or not b.start_date:
                    continue
                if b.start_date <= a.start_date <= latest_end(b.end_date, year):
                    yield f"{where}: protection plan started {a.start_date}"
                    break
