"""CINdetails: the episode (referral, primary need, closure) and the work it holds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from safeguard.cases.workflow.rules import PRE_BIRTH_WINDOW
from safeguard.common import codes
from safeguard.timescales.working_days import add_working_days

from ..records import CensusChild, CinEpisode
from ..years import CollectionYear
from .common import NO_FACTORS, episode_where, in_year, located_episodes
from .registry import rule

REFERRAL_SOURCES = frozenset(codes.ReferralSource.values)
PRIMARY_NEEDS = frozenset(codes.PrimaryNeed.values)
CLOSURE_REASONS = frozenset(codes.ReasonForClosure.values)
CLOSED_AFTER_ASSESSMENT = frozenset({codes.ReasonForClosure.RC8, codes.ReasonForClosure.RC9})
DIED = codes.ReasonForClosure.RC2.value


@rule(
    "8555",
    "Child cannot be referred after its recorded date of death",
    "CINdetails",
)
def _referred_after_death(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.death_date:
        for e, where in located_episodes(child):
            if e.referral_date and e.referral_date > child.death_date:
                yield where


@rule("8590", "Child does not have a recorded CIN episode", "CINdetails")
def _no_episode(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if not child.episodes:
        yield "CINdetails"


@rule(
    "8606",
    "Child referral date is more than 40 weeks before DOB or expected DOB",
    "CINdetails",
)
def _referred_long_before_birth(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    born = child.birth_date or child.expected_birth_date
    if born:
        for e, where in located_episodes(child):
            if e.referral_date and e.referral_date < born - PRE_BIRTH_WINDOW:
                yield where


@rule(
    "8610",
    "Primary Need code is missing for a referral which led to further action",
    "CINdetails",
)
def _primary_need_missing(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if e.no_further_action is False and not e.primary_need:
            yield where


@rule(
    "8650",
    "Primary Need Code invalid (see Primary Need table in CIN census code set)",
    "CINdetails",
)
def _primary_need_invalid(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if e.primary_need and e.primary_need not in PRIMARY_NEEDS:
            yield f"{where}: PrimaryNeedCode {e.primary_need!r}"


@rule("8866", "Source of Referral is missing or an invalid code", "CINdetails")
def _referral_source(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if e.source not in REFERRAL_SOURCES:
            yield f"{where}: ReferralSource {e.source!r}"


@rule("8568", "RNFA flag is missing or invalid", "CINdetails")
def _nfa_flag(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if e.no_further_action is None:
            yield where


@rule(
    "8620",
    "CIN Closure Date present and does not fall within the Census year",
    "CINdetails",
)
def _closure_in_year(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if e.closure_date and not in_year(e.closure_date, year):
            yield f"{where}: CINclosureDate {e.closure_date}"


@rule(
    "8630",
    "CIN Closure Date is before CIN Referral Date for the same CIN episode",
    "CINdetails",
)
def _closed_before_referred(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if e.closure_date and e.referral_date and e.closure_date < e.referral_date:
            yield f"{where}: CINclosureDate {e.closure_date}"


@rule(
    "8640",
    "CIN Reason for Closure code invalid (see Reason for Closure table in CIN Census code set)",
    "CINdetails",
)
def _closure_reason_invalid(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if e.closure_reason and e.closure_reason not in CLOSURE_REASONS:
            yield f"{where}: ReasonForClosure {e.closure_reason!r}"


@rule(
    "8810",
    "A CIN case cannot have a Reason for Closure without a CIN Closure Date",
    "CINdetails",
)
def _reason_without_date(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if e.closure_reason and not e.closure_date:
            yield where


@rule(
    "8805",
    "A CIN case cannot have a CIN Closure Date without a Reason for Closure",
    "CINdetails",
)
def _date_without_reason(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if e.closure_date and not e.closure_reason:
            yield where


@rule(
    "8585Q",
    "Please check: CIN episode shows Died as the Closure Reason, however child has no "
    "recorded Date of Death",
    "CINdetails",
)
def _died_without_date(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.death_date is None:
        for e, where in located_episodes(child):
            if e.closure_reason == DIED:
                yield where


@rule(
    "8815",
    "More than one open CIN Details episode (a module with no CIN Closure Date) has been "
    "provided for this child and case is not a referral with no further action",
    "CINdetails",
)
def _two_open_episodes(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    open_episodes = [
        e for e in child.episodes if e.closure_date is None and not e.no_further_action
    ]
    if len(open_episodes) > 1:
        yield ", ".join(episode_where(e) for e in open_episodes)


def _activity_dates(e: CinEpisode) -> Iterator[tuple[str, date]]:
    """The dates of work in an episode that rule 8565 compares with its closure."""
    for a in e.assessments:
        if a.start_date:
            yield "AssessmentActualStartDate", a.start_date
        if a.authorisation_date:
            yield "AssessmentAuthorisationDate", a.authorisation_date
    for s in e.section47s:
        if s.start_date:
            yield "S47ActualStartDate", s.start_date
        if s.conference_date:
            yield "DateOfInitialCPC", s.conference_date
    if e.conference_date:
        yield "DateOfInitialCPC", e.conference_date
    for cp in e.protection_plans:
        if cp.end_date:
            yield "CPPendDate", cp.end_date
    for p in e.cin_plans:
        if p.start_date:
            yield "CINPlanStartDate", p.start_date
        if p.end_date:
            yield "CINPlanEndDate", p.end_date


@rule("8565", "Activity shown after a case has been closed", "CINdetails")
def _activity_after_closure(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if e.closure_date:
            for name, value in _activity_dates(e):
                if value > e.closure_date:
                    yield f"{where}: {name} {value} after CINclosureDate {e.closure_date}"


@rule(
    "2990",
    "Activity is recorded against a case marked as 'Case closed after assessment, no further "
    "action' or 'Case closed after assessment, referred to early help'",
    "CINdetails",
)
def _activity_after_assessment_closure(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if e.closure_reason in CLOSED_AFTER_ASSESSMENT and (
            e.cin_plans or e.section47s or e.protection_plans or e.conference_date
        ):
            yield f"{where}: ReasonForClosure {e.closure_reason}"


@rule(
    "8867",
    "CIN episode is shown as closed, however Assessment is not shown as completed",
    "CINdetails",
)
def _closed_with_open_assessment(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if e.closure_date:
            for a in e.assessments:
                if a.authorisation_date is None:
                    yield f"{where}: assessment started {a.start_date}"


@rule(
    "8868",
    "CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by "
    "ICPC date or ICPC not required flag",
    "CINdetails",
)
def _closed_with_open_enquiry(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if e.closure_date:
            for s in e.section47s:
                if s.conference_date is None and not s.conference_not_required:
                    yield f"{where}: section 47 enquiry started {s.start_date}"


@rule(
    "8569Q",
    "Please check: A case with referral date before one working day prior to the collection "
    "start date must not be flagged as a no further action case",
    "CINdetails",
)
def _old_referral_flagged_nfa(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    # "If CINreferralDate is before [Start_of_Census_Year] minus 1 working day, ReferralNFA
    # must be false": the last working day before 1 April is itself allowed (a referral then,
    # decided the next working day, is open across the start of the year).
    day_before = add_working_days(year.start, -1)
    for e, where in located_episodes(child):
        if e.no_further_action and e.referral_date and e.referral_date < day_before:
            yield where


@rule(
    "8816",
    "An open CIN episode is shown and case is not a referral with no further action, but it "
    "is not the latest episode",
    "CINdetails",
)
def _open_episode_not_latest(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if (
            e.closure_date is None
            and e.no_further_action is False
            and e.referral_date
            and any(
                other.referral_date and other.referral_date > e.referral_date
                for other in child.episodes
            )
        ):
            yield where


@rule("8820", "The dates on the CIN episodes for this child overlap", "CINdetails")
def _episodes_overlap(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for a in child.episodes:
        for b in child.episodes:
            if a is b or not a.referral_date or not b.referral_date:
                continue
            b_end = b.closure_date or (
                year.reference_date if b.no_further_action is False else None
            )
            if b.referral_date <= a.referral_date and b_end and a.referral_date < b_end:
                yield f"{episode_where(a)} overlaps {episode_where(b)}"


@rule(
    "8831",
    "Activity is recorded against a case marked as a referral with no further action",
    "CINdetails",
)
def _activity_on_nfa_referral(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if e.no_further_action and (e.assessments or e.section47s or e.conference_date):
            yield where


@rule(
    "8832",
    "Child Protection details provided for a referral with no further action",
    "CINdetails",
)
def _protection_on_nfa_referral(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in located_episodes(child):
        if e.no_further_action and e.protection_plans:
            yield where


@rule(
    "8825Q",
    "Please check: Reason for Closure code RC8 (case closed after assessment) or RC9 (case "
    "closed after assessment, referred to early help) has been returned but there is no "
    "assessment present for the episode",
    "CINdetails",
)
def _closed_after_assessment_without_one(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    # What the file holds: an assessment completed before the year is not in it (8696), so an
    # episode closed RC8 this year after last year's assessment is queried too.
    for e, where in located_episodes(child):
        if e.closure_reason in CLOSED_AFTER_ASSESSMENT and not e.assessments:
            yield f"{where}: ReasonForClosure {e.closure_reason}"


@rule(
    "8873Q",
    'Please check: When there is only one assessment on the episode and the factors code "21 '
    'No factors identified" has been used for the completed assessment, the reason for '
    "closure 'RC8' or 'RC9' should be used",
    "CINdetails",
)
def _no_factors_closed_otherwise(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    # An episode still open on 31 March has no reason for closure, which is not RC8 or RC9:
    # the query asks why a case whose only assessment found nothing is still open.
    for e, where in located_episodes(child):
        if (
            e.closure_reason not in CLOSED_AFTER_ASSESSMENT
            and len(e.assessments) == 1
            and NO_FACTORS in e.assessments[0].factors
        ):
            yield f"{where}: ReasonForClosure {e.closure_reason or '(open)'}"
