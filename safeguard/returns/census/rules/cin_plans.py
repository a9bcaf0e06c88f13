"""CINPlanDates: child in need plans, and how they sit beside protection plans."""

from __future__ import annotations

from collections.abc import Iterator

from ..records import CensusChild
from ..years import CollectionYear
from .common import episode_where, in_year, latest_end, located_episodes
from .registry import rule


@rule("4000", "CIN Plan details provided for a referral with no further action", "CINPlanDates")
def _plan_on_nfa_referral(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if e.no_further_action and e.cin_plans:
            yield where


@rule("4015", "The CIN Plan start date cannot be before the referral date", "CINPlanDates")
def _plan_before_referral(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for p in e.cin_plans:
            if p.start_date and e.referral_date and p.start_date < e.referral_date:
                yield f"{episode_where(e)}: CIN plan started {p.start_date}"


@rule("4008", "CIN Plan shown as starting after the child's Date of Death", "CINPlanDates")
def _plan_after_death(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.death_date:
        for e in child.episodes:
            for p in e.cin_plans:
                if p.start_date and p.start_date > child.death_date:
                    yield f"{episode_where(e)}: CIN plan started {p.start_date}"


@rule("4011", "CIN Plan End Date earlier than Start Date", "CINPlanDates")
def _plan_ends_before_start(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for p in e.cin_plans:
            if p.start_date and p.end_date and p.end_date < p.start_date:
                yield f"{episode_where(e)}: CIN plan started {p.start_date}"


@rule(
    "4012Q",
    "Please check: CIN Plan shown as starting and ending on the same day",
    "CINPlanDates",
)
def _plan_one_day(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for p in e.cin_plans:
            if p.start_date and p.end_date == p.start_date:
                yield f"{episode_where(e)}: CIN plan started {p.start_date}"


@rule("4013", "CIN Plan end date must fall within the census year", "CINPlanDates")
def _plan_end_in_year(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for p in e.cin_plans:
            if p.end_date and not in_year(p.end_date, year):
                yield f"{episode_where(e)}: CIN plan ended {p.end_date}"


@rule("4001", "A CIN Plan cannot run concurrently with a Child Protection Plan", "CINPlanDates")
def _open_plan_with_open_protection_plan(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if any(p.end_date is None for p in e.cin_plans) and any(
            cp.end_date is None for cp in e.protection_plans
        ):
            yield where


@rule(
    "4003",
    "A CPP review date is shown as being held at the same time as an open CIN Plan",
    "CINPlanDates",
)
def _review_during_cin_plan(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    # "Within a CINdetails module, no CPPreviewDate can fall between any CINPlanStartDate and
    # CINPlanEndDate unless it is equal to the CPPendDate": from the CIN plan's first day up to
    # the day before it ends, or to the census day if it is still open. A review that ends its
    # plan on the day a CIN plan takes over (a step-down) is excused.
    for e, where in located_episodes(child):
        for p in e.cin_plans:
            if p.start_date is None:
                continue
            for cp in e.protection_plans:
                for review in cp.review_dates:
                    during = p.start_date <= review and (p.end_date is None or review < p.end_date)
                    if during and review != cp.end_date:
                        yield f"{where}: review {review} during CIN plan started {p.start_date}"


@rule(
    "4004",
    "This child is showing more than one open CIN Plan, i.e. with no End Date",
    "CINPlanDates",
)
def _two_open_plans(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if sum(1 for p in e.cin_plans if p.end_date is None) > 1:
            yield where


@rule("4009", "CIN Plan cannot end after the child's Date of Death", "CINPlanDates")
def _plan_ends_after_death(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.death_date:
        for e, where in located_episodes(child):
            for p in e.cin_plans:
                if p.end_date is None or p.end_date > child.death_date:
                    yield f"{where}: CIN plan started {p.start_date}"


@rule(
    "4010",
    "CIN Plan start date is missing or out of data collection period",
    "CINPlanDates",
)
def _plan_start_missing(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        for p in e.cin_plans:
            if p.start_date is None or p.start_date > year.reference_date:
                yield f"{where}: CIN plan started {p.start_date}"


@rule("4014", "CIN Plan data contains overlapping dates", "CINPlanDates")
def _plans_overlap(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        for a in e.cin_plans:
            for b in e.cin_plans:
                if a is b or not a.start_date or not b.start_date:
                    continue
                if (
                    b.start_date <= a.start_date <= latest_end(b.end_date, year)
                    and a.start_date != b.end_date
                ):
                    yield f"{where}: CIN plan started {a.start_date}"
                    break


OPEN_WITH_PROTECTION = (
    "A CIN Plan has been reported as open at the same time as a Child Protection Plan"
)


@rule("4016", OPEN_WITH_PROTECTION, "CINPlanDates")
def _plan_starts_during_protection(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        for p in e.cin_plans:
            for cp in e.protection_plans:
                if (
                    p.start_date
                    and cp.start_date
                    and cp.start_date <= p.start_date <= latest_end(cp.end_date, year)
                    and p.start_date != cp.end_date
                ):
                    yield f"{where}: CIN plan started {p.start_date}"


@rule("4017", OPEN_WITH_PROTECTION, "CINPlanDates")
def _protection_starts_during_plan(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        for p in e.cin_plans:
            for cp in e.protection_plans:
                if (
                    p.start_date
                    and cp.start_date
                    and p.start_date <= cp.start_date <= latest_end(p.end_date, year)
                    and cp.start_date != p.end_date
                ):
                    yield f"{where}: protection plan started {cp.start_date}"
