"""Section47: enquiries, initial conferences and their target dates (8675Q)."""

from __future__ import annotations

from collections.abc import Iterator

from safeguard.timescales.clocks import CLOCKS

from ..records import CensusChild
from ..years import CollectionYear
from .common import episode_where, in_year, located_episodes
from .registry import rule

# 8675Q: an initial conference is due within the initial conference clock (15 working days
# of the strategy discussion, Working Together 2023).
INITIAL_CONFERENCE = CLOCKS["initial_conference"]


@rule("2889", "The S47 start date cannot be before the referral date", "Section47")
def _enquiry_before_referral(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for s in e.section47s:
            if s.start_date and e.referral_date and s.start_date < e.referral_date:
                yield f"{episode_where(e)}: section 47 enquiry started {s.start_date}"


@rule(
    "8615",
    "Section 47 Enquiry Start Date must be present and cannot be later than the date of the "
    "initial Child Protection Conference",
    "Section47",
)
def _enquiry_after_conference(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for s in e.section47s:
            if s.start_date is None or (s.conference_date and s.start_date > s.conference_date):
                yield f"{episode_where(e)}: section 47 enquiry started {s.start_date}"


@rule(
    "8675Q",
    f"Please check: S47 Enquiry started more than {INITIAL_CONFERENCE.period} before the end of "
    "the census year. However, there is no date of Initial Child Protection Conference",
    "Section47",
)
def _enquiry_long_open(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for s in e.section47s:
            if (
                s.start_date
                and s.conference_date is None
                and not s.conference_not_required
                and INITIAL_CONFERENCE.due_from(s.start_date) < year.reference_date
            ):
                yield f"{episode_where(e)}: section 47 enquiry started {s.start_date}"


@rule(
    "8715",
    "Date of Initial Child Protection Conference must fall within the census year",
    "Section47",
)
def _conference_in_year(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        dates = [s.conference_date for s in e.section47s] + [e.conference_date]
        for held in dates:
            if held and not in_year(held, year):
                yield f"{where}: DateOfInitialCPC {held}"


@rule(
    "8839",
    "Within one CINdetails group there are 2 or more open S47 Assessments",
    "Section47",
)
def _two_open_enquiries(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        still_open = [
            s for s in e.section47s if s.conference_date is None and not s.conference_not_required
        ]
        if len(still_open) > 1:
            yield where


@rule(
    "2884",
    "An initial child protection conference is recorded at both the S47 and CIN Details "
    "level and it should only be recorded in one",
    "Section47",
)
def _conference_twice(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if e.conference_date and any(s.conference_date == e.conference_date for s in e.section47s):
            yield f"{where}: DateOfInitialCPC {e.conference_date}"


@rule(
    "2991Q",
    "Please check: A Section 47 module is recorded and there is no assessment on the episode",
    "Section47",
)
def _enquiry_without_assessment(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if e.section47s and not e.assessments:
            yield where


@rule(
    "1104",
    "The date of the initial child protection conference cannot be before the referral date",
    "Section47",
)
def _conference_before_referral(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        for s in e.section47s:
            if s.conference_date and e.referral_date and s.conference_date < e.referral_date:
                yield f"{where}: DateOfInitialCPC {s.conference_date}"


@rule(
    "8740",
    "For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the "
    "end of the census year, the start date must fall within the census year",
    "Section47",
)
def _open_enquiry_start_in_year(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        for s in e.section47s:
            if (
                s.conference_date is None
                and not s.conference_not_required
                and s.start_date
                and not in_year(s.start_date, year)
            ):
                yield f"{where}: section 47 enquiry started {s.start_date}"


@rule(
    "8890",
    "A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing",
    "Section47",
)
def _enquiries_overlap(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        for a in e.section47s:
            for b in e.section47s:
                if a is b or not a.start_date or not b.start_date:
                    continue
                b_end = b.conference_date or (
                    None if b.conference_not_required else year.reference_date
                )
                if b_end and b.start_date <= a.start_date < b_end:
                    yield f"{where}: section 47 enquiry started {a.start_date}"
                    break


@rule(
    "8870Q",
    "Please check: The Target Date for Initial Child Protection Conference should not be a weekend",
    "Section47",
)
def _target_at_weekend(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        for s in e.section47s:
            if s.conference_target and s.conference_target.weekday() >= 5:
                yield f"{where}: InitialCPCtarget {s.conference_target}"


@rule(
    "8875",
    "The Date of Initial Child Protection Conference cannot be a weekend",
    "Section47",
)
def _conference_at_weekend(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        for s in e.section47s:
            if s.conference_date and s.conference_date.weekday() >= 5:
                yield f"{where}: DateOfInitialCPC {s.conference_date}"
