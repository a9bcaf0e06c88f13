"""The DfE validation rules for the Children in Need census, as plain functions.

Each rule is registered with its DfE number and message (a number ending in Q is a query:
the authority may explain it rather than fix it). Child rules look at one `CensusChild` and
yield where in it the rule is broken; return rules (`ReturnTally`) look across every child
(duplicate identifiers, shares of the whole return). No rule touches the database: the same
functions check a hand-built child in a test and a streamed child in `census_build`.

Sources: the rule numbers, messages and conditions follow the community implementation of
the DfE rules (`data-to-insight/csc-validator-be-cin`, rule files per year) as summarised in
shared/domain/cin-census.md; docs/returns.md lists which were read word for word and which
are our wording. Where the DfE's published rules for a year differ, the DfE wins.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from safeguard.common import codes
from safeguard.people.identifiers import UPN_ALPHABET, upn_check_letter
from safeguard.timescales.working_days import add_working_days

from .records import CensusChild, CinEpisode, Header
from .years import CollectionYear

Check = Callable[[CensusChild, CollectionYear], Iterable[str]]

ETHNICITIES = frozenset(codes.Ethnicity.values)
DISABILITIES = frozenset(codes.Disability.values)
REFERRAL_SOURCES = frozenset(codes.ReferralSource.values)
PRIMARY_NEEDS = frozenset(codes.PrimaryNeed.values)
CLOSURE_REASONS = frozenset(codes.ReasonForClosure.values)
CATEGORIES = frozenset(codes.CategoryOfAbuse.values)
NO_FACTORS = codes.AssessmentFactor.NO_FACTORS.value
CLOSED_AFTER_ASSESSMENT = frozenset({codes.ReasonForClosure.RC8, codes.ReasonForClosure.RC9})
DIED = codes.ReasonForClosure.RC2.value
UN7 = codes.UPNUnknown.UN7.value
NONE = codes.Disability.NONE.value
# 8606: a referral can be made before birth, but not more than 40 weeks before it.
PREGNANCY = timedelta(weeks=40)
# 8670Q / 8675Q: an assessment is due within 45 working days of its start; an initial
# conference within 15 working days of the strategy discussion (Working Together 2023).
ASSESSMENT_WORKING_DAYS = 45
CONFERENCE_WORKING_DAYS = 15
# 2886Q: share of children with no sex recorded above which the return is queried.
NO_SEX_SHARE = 0.02
# 2887Q: fewer different disability codes than this across the return is queried.
FEWEST_DISABILITY_CODES = 8
LA_CHILD_ID_LENGTH = 20


@dataclass(frozen=True)
class Rule:
    code: str
    message: str
    module: str
    check: Check | None = None  # None for rules on the header or across the return
    applies: Callable[[CollectionYear], bool] = lambda year: True

    @property
    def is_query(self) -> bool:
        return self.code.endswith("Q")


@dataclass(frozen=True)
class Issue:
    """One place where one rule is broken: per child and per rule, with where in the child."""

    code: str
    message: str
    is_query: bool
    person_id: int | None
    la_child_id: str
    where: str


RULES: list[Rule] = []


def _rule(
    code: str,
    message: str,
    module: str,
    *,
    applies: Callable[[CollectionYear], bool] = lambda year: True,
) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        RULES.append(Rule(code, message, module, check, applies))
        return check

    return register


def _whole(code: str, message: str, module: str) -> None:
    RULES.append(Rule(code, message, module))


def rules_for(year: CollectionYear) -> list[Rule]:
    return [r for r in RULES if r.applies(year)]


def _from_2024_25(year: CollectionYear) -> bool:
    return year.uses_sex


def _before_2024_25(year: CollectionYear) -> bool:
    return not year.uses_sex


def _in_year(value: date, year: CollectionYear) -> bool:
    return year.start <= value <= year.reference_date


# --- where: short, date-based locations a person can find in the record ----------------------


def _episode(e: CinEpisode) -> str:
    return f"CIN episode referred {e.referral_date}"


def _episodes(child: CensusChild) -> Iterator[tuple[CinEpisode, str]]:
    for e in child.episodes:
        yield e, _episode(e)


# --- Header ------------------------------------------------------------------------------

_whole("100", "Reference Date is incorrect", "Header")


def header_issues(header: Header, year: CollectionYear) -> list[Issue]:
    if header.reference_date == year.reference_date:
        return []
    rule = _by_code("100")
    return [
        Issue(rule.code, rule.message, False, None, "", f"ReferenceDate {header.reference_date}")
    ]


# --- Child identifiers -------------------------------------------------------------------


@_rule("8500", "LA Child ID missing", "ChildIdentifiers")
def _la_child_id_missing(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if not child.la_child_id:
        yield "LAchildID"


@_rule(
    "1570",
    "LAchildID must be no more than 20 characters long",
    "ChildIdentifiers",
    applies=lambda year: year.checks_la_child_id_shape,
)
def _la_child_id_length(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.la_child_id and len(child.la_child_id) > LA_CHILD_ID_LENGTH:
        yield "LAchildID"


@_rule(
    "1580",
    "LAchildID must contain only letters and numbers",
    "ChildIdentifiers",
    applies=lambda year: year.checks_la_child_id_shape,
)
def _la_child_id_characters(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.la_child_id and not re.fullmatch(r"[A-Za-z0-9]+", child.la_child_id):
        yield "LAchildID"


def _upn_shape_ok(upn: str) -> bool:
    return len(upn) == 13 and upn[1:12].isdigit() and (upn[12].isdigit() or upn[12] in UPN_ALPHABET)


@_rule("1510", "UPN invalid (wrong check letter at character 1)", "ChildIdentifiers")
def _upn_check_letter(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    upn = child.upn.upper()
    if upn and _upn_shape_ok(upn) and upn_check_letter(upn[1:]) != upn[0]:
        yield "UPN"


@_rule("1540", "UPN invalid (characters 5-12 not all numeric)", "ChildIdentifiers")
def _upn_digits(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    # As implemented: characters 2-12 (the LA number and the rest) must be digits.
    if child.upn and not child.upn[1:12].isdigit():
        yield "UPN"


@_rule("1550", "UPN invalid (character 13 not a recognised value)", "ChildIdentifiers")
def _upn_last_character(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    upn = child.upn.upper()
    if upn and (len(upn) != 13 or not (upn[12].isdigit() or upn[12] in UPN_ALPHABET)):
        yield "UPN"


@_rule(
    "8772",
    "UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details "
    "is a referral going on to further action",
    "ChildIdentifiers",
)
def _un7_with_further_action(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.upn_unknown == UN7 and any(e.no_further_action is False for e in child.episodes):
        yield "UPNunknown"


@_rule(
    "8520",
    "Date of Birth is after data collection period (must be on or before the end of the "
    "census period)",
    "ChildIdentifiers",
)
def _born_after_period(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.birth_date and child.birth_date > year.reference_date:
        yield f"PersonBirthDate {child.birth_date}"


@_rule(
    "8525",
    "Either Date of Birth or Expected Date of Birth must be provided (but not both)",
    "ChildIdentifiers",
)
def _birth_or_expected(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if (child.birth_date is None) == (child.expected_birth_date is None):
        yield "PersonBirthDate / ExpectedPersonBirthDate"


@_rule(
    "8535Q",
    "Please check: Child's date of death should not be prior to the date of birth",
    "ChildIdentifiers",
)
def _died_before_born(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.death_date and (child.birth_date is None or child.death_date < child.birth_date):
        yield f"PersonDeathDate {child.death_date}"


@_rule(
    "8555",
    "Child cannot be referred after its recorded date of death",
    "CINdetails",
)
def _referred_after_death(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.death_date:
        for e, where in _episodes(child):
            if e.referral_date and e.referral_date > child.death_date:
                yield where


@_rule("8775Q", "Please check: Child is over 25 years old", "ChildIdentifiers")
def _over_25(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    born = child.birth_date
    if born:
        # Still in an episode after the 25th birthday (29 February counts from 1 March).
        try:
            turned_25 = born.replace(year=born.year + 25)
        except ValueError:
            turned_25 = date(born.year + 25, 3, 1)
        if turned_25 < year.reference_date and any(
            e.closure_date is None or turned_25 < e.closure_date for e in child.episodes
        ):
            yield f"PersonBirthDate {born}"


def _sex_missing(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if not child.sex or year.sex_code(child.sex) not in year.valid_sex_codes:
        yield year.sex_element


def _unborn_sex(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    unborn = child.birth_date is None and child.expected_birth_date is not None
    if unborn and child.sex and year.sex_code(child.sex) != year.unborn_sex_code:
        yield year.sex_element


# The same two rules, worded for the code set of the year.
_rule("4180", "Gender is missing", "ChildIdentifiers", applies=_before_2024_25)(_sex_missing)
_rule(
    "4180", "Sex must be provided and equal M, F or U", "ChildIdentifiers", applies=_from_2024_25
)(_sex_missing)
_rule(
    "8750", "Gender must equal 0 for an unborn child", "ChildIdentifiers", applies=_before_2024_25
)(_unborn_sex)
_rule("8750", "Sex must equal U for an unborn child", "ChildIdentifiers", applies=_from_2024_25)(
    _unborn_sex
)


# --- Child characteristics ---------------------------------------------------------------


@_rule(
    "4220",
    "Ethnicity is missing or invalid (see Ethnicity table)",
    "ChildCharacteristics",
)
def _ethnicity(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.ethnicity not in ETHNICITIES:
        yield f"Ethnicity {child.ethnicity!r}"


@_rule(
    "8540",
    "Child's disability is missing or invalid (see Disability table)",
    "ChildCharacteristics",
)
def _disability(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    # Asked of children born and referred on to further action (not of the unborn).
    if child.birth_date is None or not any(e.no_further_action is False for e in child.episodes):
        return
    if not child.disabilities:
        yield "Disabilities (none recorded)"
    for code in child.disabilities:
        if code not in DISABILITIES:
            yield f"Disability {code!r}"


@_rule(
    "8790",
    "Disability information includes both None and other values",
    "ChildCharacteristics",
)
def _disability_none_and_others(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.birth_date and NONE in child.disabilities and len(set(child.disabilities)) > 1:
        yield "Disabilities"


@_rule(
    "8794",
    "Child has two or more disabilities with the same code",
    "ChildCharacteristics",
)
def _disability_repeated(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for code, n in Counter(child.disabilities).items():
        if n > 1:
            yield f"Disability {code}"


@_rule("8590", "Child does not have a recorded CIN episode", "CINdetails")
def _no_episode(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if not child.episodes:
        yield "CINdetails"


# --- CIN details (the episode) -----------------------------------------------------------


@_rule(
    "8606",
    "Child referral date is more than 40 weeks before DOB or expected DOB",
    "CINdetails",
)
def _referred_long_before_birth(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    born = child.birth_date or child.expected_birth_date
    if born:
        for e, where in _episodes(child):
            if e.referral_date and e.referral_date < born - PREGNANCY:
                yield where


@_rule(
    "8610",
    "Primary Need code is missing for a referral which led to further action",
    "CINdetails",
)
def _primary_need_missing(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if e.no_further_action is False and not e.primary_need:
            yield where


@_rule(
    "8650",
    "Primary Need Code invalid (see Primary Need table in CIN census code set)",
    "CINdetails",
)
def _primary_need_invalid(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if e.primary_need and e.primary_need not in PRIMARY_NEEDS:
            yield f"{where}: PrimaryNeedCode {e.primary_need!r}"


@_rule("8866", "Source of Referral is missing or an invalid code", "CINdetails")
def _referral_source(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if e.source not in REFERRAL_SOURCES:
            yield f"{where}: ReferralSource {e.source!r}"


@_rule("8568", "RNFA flag is missing or invalid", "CINdetails")
def _nfa_flag(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if e.no_further_action is None:
            yield where


@_rule(
    "8620",
    "CIN Closure Date present and does not fall within the Census year",
    "CINdetails",
)
def _closure_in_year(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if e.closure_date and not _in_year(e.closure_date, year):
            yield f"{where}: CINclosureDate {e.closure_date}"


@_rule(
    "8630",
    "CIN Closure Date is before CIN Referral Date for the same CIN episode",
    "CINdetails",
)
def _closed_before_referred(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if e.closure_date and e.referral_date and e.closure_date < e.referral_date:
            yield f"{where}: CINclosureDate {e.closure_date}"


@_rule(
    "8640",
    "CIN Reason for Closure code invalid (see Reason for Closure table in CIN Census code set)",
    "CINdetails",
)
def _closure_reason_invalid(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if e.closure_reason and e.closure_reason not in CLOSURE_REASONS:
            yield f"{where}: ReasonForClosure {e.closure_reason!r}"


@_rule(
    "8810",
    "A CIN case cannot have a Reason for Closure without a CIN Closure Date",
    "CINdetails",
)
def _reason_without_date(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if e.closure_reason and not e.closure_date:
            yield where


@_rule(
    "8805",
    "A CIN case cannot have a CIN Closure Date without a Reason for Closure",
    "CINdetails",
)
def _date_without_reason(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if e.closure_date and not e.closure_reason:
            yield where


@_rule(
    "8585Q",
    "Please check: CIN episode shows Died as the Closure Reason, however child has no "
    "recorded Date of Death",
    "CINdetails",
)
def _died_without_date(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.death_date is None:
        for e, where in _episodes(child):
            if e.closure_reason == DIED:
                yield where


@_rule(
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
        yield ", ".join(_episode(e) for e in open_episodes)


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


@_rule("8565", "Activity shown after a case has been closed", "CINdetails")
def _activity_after_closure(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if e.closure_date:
            for name, value in _activity_dates(e):
                if value > e.closure_date:
                    yield f"{where}: {name} {value} after CINclosureDate {e.closure_date}"


@_rule(
    "2990",
    "Activity is recorded against a case marked as 'Case closed after assessment, no further "
    "action' or 'Case closed after assessment, referred to early help'",
    "CINdetails",
)
def _activity_after_assessment_closure(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if e.closure_reason in CLOSED_AFTER_ASSESSMENT and (
            e.cin_plans or e.section47s or e.protection_plans or e.conference_date
        ):
            yield f"{where}: ReasonForClosure {e.closure_reason}"


@_rule("4000", "CIN Plan details provided for a referral with no further action", "CINPlanDates")
def _plan_on_nfa_referral(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if e.no_further_action and e.cin_plans:
            yield where


@_rule(
    "8867",
    "CIN episode is shown as closed, however Assessment is not shown as completed",
    "CINdetails",
)
def _closed_with_open_assessment(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if e.closure_date:
            for a in e.assessments:
                if a.authorisation_date is None:
                    yield f"{where}: assessment started {a.start_date}"


@_rule(
    "8868",
    "CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by "
    "ICPC date or ICPC not required flag",
    "CINdetails",
)
def _closed_with_open_enquiry(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if e.closure_date:
            for s in e.section47s:
                if s.conference_date is None and not s.conference_not_required:
                    yield f"{where}: section 47 enquiry started {s.start_date}"


# --- Assessments -------------------------------------------------------------------------


@_rule("1103", "The assessment start date cannot be before the referral date", "Assessments")
def _assessment_before_referral(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for a in e.assessments:
            if a.start_date and e.referral_date and a.start_date < e.referral_date:
                yield f"{_episode(e)}: assessment started {a.start_date}"


@_rule("8608", "Assessment Start Date cannot be later than its End Date", "Assessments")
def _assessment_ends_before_start(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for a in e.assessments:
            if a.start_date and a.authorisation_date and a.start_date > a.authorisation_date:
                yield f"{_episode(e)}: assessment started {a.start_date}"


@_rule("8696", "Assessment end date must fall within the census year", "Assessments")
def _assessment_end_in_year(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for a in e.assessments:
            if a.authorisation_date and not _in_year(a.authorisation_date, year):
                yield f"{_episode(e)}: assessment authorised {a.authorisation_date}"


@_rule(
    "8736",
    "For an Assessment that has not been completed, the start date must fall within the "
    "census year",
    "Assessments",
)
def _open_assessment_start_in_year(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for a in e.assessments:
            if a.authorisation_date is None and a.start_date and not _in_year(a.start_date, year):
                yield f"{_episode(e)}: assessment started {a.start_date}"


@_rule(
    "8614",
    "Parental or child factors at assessment should only be present for a completed assessment",
    "Assessments",
)
def _factors_on_open_assessment(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for a in e.assessments:
            if a.authorisation_date is None and a.factors:
                yield f"{_episode(e)}: assessment started {a.start_date}"


@_rule(
    "8897",
    "Parental or child factors at assessment information is missing from a completed assessment",
    "Assessments",
)
def _completed_without_factors(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for a in e.assessments:
            if a.authorisation_date and not a.factors:
                yield f"{_episode(e)}: assessment started {a.start_date}"


@_rule(
    "8898",
    "The assessment has more than one parental or child factors with the same code",
    "Assessments",
)
def _factor_repeated(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for a in e.assessments:
            for factor, n in Counter(a.factors).items():
                if n > 1:
                    yield f"{_episode(e)}: assessment started {a.start_date}: factor {factor}"


@_rule(
    "8869",
    'The assessment factors code "21" cannot be used in conjunction with any other '
    "assessment factors",
    "Assessments",
)
def _no_factors_not_alone(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for a in e.assessments:
            if NO_FACTORS in a.factors and len(set(a.factors)) > 1:
                yield f"{_episode(e)}: assessment started {a.start_date}"


def _superseded_factor(code: str) -> Check:
    def check(child: CensusChild, year: CollectionYear) -> Iterator[str]:
        for e in child.episodes:
            for a in e.assessments:
                if code in a.factors:
                    yield f"{_episode(e)}: assessment started {a.start_date}: factor {code}"

    return check


_rule(
    "8945Q",
    "Please check: factor 18A (physical abuse) is no longer used: record 18B (by another "
    "child) or 18C (by an adult)",
    "Assessments",
    applies=lambda year: year.queries_superseded_factors,
)(_superseded_factor("18A"))
_rule(
    "8950Q",
    "Please check: factor 19A (sexual abuse) is no longer used: record 19B (by another "
    "child) or 19C (by an adult)",
    "Assessments",
    applies=lambda year: year.queries_superseded_factors,
)(_superseded_factor("19A"))


@_rule(
    "8670Q",
    "Please check: Assessment started more than 45 working days before the end of the census "
    "year. However, there is no Assessment end date",
    "Assessments",
)
def _assessment_long_open(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for a in e.assessments:
            if (
                a.authorisation_date is None
                and a.start_date
                and add_working_days(a.start_date, ASSESSMENT_WORKING_DAYS) < year.reference_date
            ):
                yield f"{_episode(e)}: assessment started {a.start_date}"


# --- CIN plans ---------------------------------------------------------------------------


@_rule("4015", "The CIN Plan start date cannot be before the referral date", "CINPlanDates")
def _plan_before_referral(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for p in e.cin_plans:
            if p.start_date and e.referral_date and p.start_date < e.referral_date:
                yield f"{_episode(e)}: CIN plan started {p.start_date}"


def _overlap(start_a: date, end_a: date | None, start_b: date, end_b: date | None) -> bool:
    """Two periods share a day other than a hand-over (one ends the day the other starts)."""
    return start_a < (end_b or date.max) and start_b < (end_a or date.max)


@_rule("4008", "CIN Plan shown as starting after the child's Date of Death", "CINPlanDates")
def _plan_after_death(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.death_date:
        for e in child.episodes:
            for p in e.cin_plans:
                if p.start_date and p.start_date > child.death_date:
                    yield f"{_episode(e)}: CIN plan started {p.start_date}"


@_rule("4011", "CIN Plan End Date earlier than Start Date", "CINPlanDates")
def _plan_ends_before_start(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for p in e.cin_plans:
            if p.start_date and p.end_date and p.end_date < p.start_date:
                yield f"{_episode(e)}: CIN plan started {p.start_date}"


@_rule(
    "4012Q",
    "Please check: CIN Plan shown as starting and ending on the same day",
    "CINPlanDates",
)
def _plan_one_day(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for p in e.cin_plans:
            if p.start_date and p.end_date == p.start_date:
                yield f"{_episode(e)}: CIN plan started {p.start_date}"


@_rule("4013", "CIN Plan end date must fall within the census year", "CINPlanDates")
def _plan_end_in_year(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for p in e.cin_plans:
            if p.end_date and not _in_year(p.end_date, year):
                yield f"{_episode(e)}: CIN plan ended {p.end_date}"


# --- Section 47 enquiries and initial conferences ----------------------------------------


@_rule("2889", "The S47 start date cannot be before the referral date", "Section47")
def _enquiry_before_referral(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for s in e.section47s:
            if s.start_date and e.referral_date and s.start_date < e.referral_date:
                yield f"{_episode(e)}: section 47 enquiry started {s.start_date}"


@_rule(
    "8615",
    "Section 47 Enquiry Start Date must be present and cannot be later than the date of the "
    "initial Child Protection Conference",
    "Section47",
)
def _enquiry_after_conference(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for s in e.section47s:
            if s.start_date is None or (s.conference_date and s.start_date > s.conference_date):
                yield f"{_episode(e)}: section 47 enquiry started {s.start_date}"


@_rule(
    "8675Q",
    "Please check: S47 Enquiry started more than 15 working days before the end of the census "
    "year. However, there is no date of Initial Child Protection Conference",
    "Section47",
)
def _enquiry_long_open(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for s in e.section47s:
            if (
                s.start_date
                and s.conference_date is None
                and not s.conference_not_required
                and add_working_days(s.start_date, CONFERENCE_WORKING_DAYS) < year.reference_date
            ):
                yield f"{_episode(e)}: section 47 enquiry started {s.start_date}"


@_rule(
    "8715",
    "Date of Initial Child Protection Conference must fall within the census year",
    "Section47",
)
def _conference_in_year(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        dates = [s.conference_date for s in e.section47s] + [e.conference_date]
        for held in dates:
            if held and not _in_year(held, year):
                yield f"{where}: DateOfInitialCPC {held}"


@_rule(
    "8839",
    "Within one CINdetails group there are 2 or more open S47 Assessments",
    "Section47",
)
def _two_open_enquiries(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        still_open = [
            s for s in e.section47s if s.conference_date is None and not s.conference_not_required
        ]
        if len(still_open) > 1:
            yield where


@_rule(
    "2884",
    "An initial child protection conference is recorded at both the S47 and CIN Details "
    "level and it should only be recorded in one",
    "Section47",
)
def _conference_twice(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if e.conference_date and any(s.conference_date == e.conference_date for s in e.section47s):
            yield f"{where}: DateOfInitialCPC {e.conference_date}"


@_rule(
    "2991Q",
    "Please check: A Section 47 module is recorded and there is no assessment on the episode",
    "Section47",
)
def _enquiry_without_assessment(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if e.section47s and not e.assessments:
            yield where


# --- Child protection plans --------------------------------------------------------------


def _conference_dates(e: CinEpisode) -> list[date]:
    dates = [s.conference_date for s in e.section47s if s.conference_date]
    if e.conference_date:
        dates.append(e.conference_date)
    return dates


@_rule(
    "1105",
    "The child protection plan start date cannot be before the referral date",
    "ChildProtectionPlans",
)
def _plan_start_before_referral(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for cp in e.protection_plans:
            if cp.start_date and e.referral_date and cp.start_date < e.referral_date:
                yield f"{_episode(e)}: protection plan started {cp.start_date}"


@_rule(
    "2883",
    "There are more child protection plans starting than initial conferences taking place",
    "ChildProtectionPlans",
)
def _more_plans_than_conferences(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        starting = [
            cp for cp in e.protection_plans if cp.start_date and _in_year(cp.start_date, year)
        ]
        if len(starting) > len(_conference_dates(e)):
            yield where


@_rule(
    "2885",
    "Child protection plan shown as starting a different day to the initial child protection "
    "conference",
    "ChildProtectionPlans",
)
def _plan_not_on_conference_day(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        held = set(_conference_dates(e))
        for cp in e.protection_plans:
            # A plan that began before the year began at a conference no longer in the return.
            if cp.start_date and _in_year(cp.start_date, year) and cp.start_date not in held:
                yield f"{where}: protection plan started {cp.start_date}"


@_rule(
    "8730",
    "Number of previous child protection plans is missing",
    "ChildProtectionPlans",
)
def _previous_plans_missing(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for cp in e.protection_plans:
            if cp.previous_plans is None:
                yield f"{_episode(e)}: protection plan started {cp.start_date}"


@_rule(
    "8840",
    "Child Protection Plan cannot start and end on the same day",
    "ChildProtectionPlans",
)
def _protection_one_day(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for cp in e.protection_plans:
            if cp.start_date and cp.end_date == cp.start_date:
                yield f"{_episode(e)}: protection plan started {cp.start_date}"


@_rule(
    "8841",
    "The review date cannot be on the same day or before the Child protection Plan start date",
    "ChildProtectionPlans",
)
def _review_before_plan(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for cp in e.protection_plans:
            for review in cp.review_dates:
                if cp.start_date and review <= cp.start_date:
                    yield f"{_episode(e)}: protection plan started {cp.start_date}: review {review}"


def _category(code: str, attribute: str, message: str) -> None:
    def check(child: CensusChild, year: CollectionYear) -> Iterator[str]:
        for e in child.episodes:
            for cp in e.protection_plans:
                value = getattr(cp, attribute)
                if value not in CATEGORIES:
                    yield f"{_episode(e)}: protection plan started {cp.start_date}: {value!r}"

    _rule(code, message, "ChildProtectionPlans")(check)


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


@_rule(
    "8915",
    "Child Protection Plan shown as starting after the child's Date of Death",
    "ChildProtectionPlans",
)
def _protection_after_death(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.death_date:
        for e in child.episodes:
            for cp in e.protection_plans:
                if cp.start_date and cp.start_date > child.death_date:
                    yield f"{_episode(e)}: protection plan started {cp.start_date}"


@_rule("8925", "Child Protection Plan End Date earlier than Start Date", "ChildProtectionPlans")
def _protection_ends_before_start(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for cp in e.protection_plans:
            if cp.start_date and cp.end_date and cp.end_date < cp.start_date:
                yield f"{_episode(e)}: protection plan started {cp.start_date}"


@_rule(
    "8930",
    "Child Protection Plan End Date must fall within the census year",
    "ChildProtectionPlans",
)
def _protection_end_in_year(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e in child.episodes:
        for cp in e.protection_plans:
            if cp.end_date and not _in_year(cp.end_date, year):
                yield f"{_episode(e)}: protection plan ended {cp.end_date}"


# --- Rules whose conditions follow the community SQL implementation (see docs) -----------


def _latest_end(value: date | None, year: CollectionYear) -> date:
    """An open period counts as running to the end of the census year."""
    return value or year.reference_date


@_rule(
    "8545Q",
    "Please check: Child's date of death should be within the census year",
    "ChildIdentifiers",
)
def _death_in_year(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.death_date and not _in_year(child.death_date, year):
        yield f"PersonDeathDate {child.death_date}"


@_rule(
    "8530Q",
    "Please check: Expected Date of Birth is outside the expected range for this census "
    "(March to December of the Census Year end)",
    "ChildIdentifiers",
)
def _expected_birth_range(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    expected = child.expected_birth_date
    if expected and not (
        year.reference_date - timedelta(days=30) <= expected <= _add_months(year.reference_date, 9)
    ):
        yield f"ExpectedPersonBirthDate {expected}"


def _add_months(d: date, months: int) -> date:
    month = d.month - 1 + months
    y, m = d.year + month // 12, month % 12 + 1
    days = [31, 29 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 28, 31, 30, 31, 30, 31, 31,
            30, 31, 30, 31]  # fmt: skip
    return date(y, m, min(d.day, days[m - 1]))


UPN_MISSING_EXPLAINED = frozenset({"UN2", "UN3", "UN4", "UN5", "UN6"})


@_rule(
    "8770Q",
    "Please check: UPN or reason UPN missing expected for a child who is more than 5 years old",
    "ChildIdentifiers",
)
def _upn_expected(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    born = child.birth_date
    if (
        born
        and _add_months(born, 72) <= year.reference_date
        and any(e.no_further_action is False for e in child.episodes)
        and not child.upn
        and child.upn_unknown not in UPN_MISSING_EXPLAINED
    ):
        yield "UPN / UPNunknown"


@_rule(
    "8569",
    "A case with referral date before one working day prior to the collection start date must "
    "not be flagged as a no further action case",
    "CINdetails",
)
def _old_referral_flagged_nfa(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    day_before = add_working_days(year.start, -1)
    for e, where in _episodes(child):
        if e.no_further_action and e.referral_date and e.referral_date < day_before:
            yield where


@_rule(
    "8816",
    "An open CIN episode is shown and case is not a referral with no further action, but it "
    "is not the latest episode",
    "CINdetails",
)
def _open_episode_not_latest(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
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


@_rule("8820", "The dates on the CIN episodes for this child overlap", "CINdetails")
def _episodes_overlap(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for a in child.episodes:
        for b in child.episodes:
            if a is b or not a.referral_date or not b.referral_date:
                continue
            b_end = b.closure_date or (
                year.reference_date if b.no_further_action is False else None
            )
            if b.referral_date <= a.referral_date and b_end and a.referral_date < b_end:
                yield f"{_episode(a)} overlaps {_episode(b)}"


@_rule(
    "8831",
    "Activity is recorded against a case marked as a referral with no further action",
    "CINdetails",
)
def _activity_on_nfa_referral(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if e.no_further_action and (e.assessments or e.section47s or e.conference_date):
            yield where


@_rule(
    "8832",
    "Child Protection details provided for a referral with no further action",
    "CINdetails",
)
def _protection_on_nfa_referral(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if e.no_further_action and e.protection_plans:
            yield where


@_rule(
    "8896",
    "Within one CINDetails group there are 2 or more open Assessments groups",
    "Assessments",
)
def _two_open_assessments(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if sum(1 for a in e.assessments if a.authorisation_date is None) > 1:
            yield where


@_rule(
    "8863Q",
    "Please check: An Assessment is shown as starting when there is another Assessment ongoing",
    "Assessments",
)
def _assessments_overlap(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        for a in e.assessments:
            for b in e.assessments:
                if a is b or not a.start_date or not b.start_date:
                    continue
                if b.start_date <= a.start_date < _latest_end(b.authorisation_date, year):
                    yield f"{where}: assessment started {a.start_date}"
                    break


@_rule(
    "8873",
    'When there is only one assessment on the episode and the factors code "21 No factors '
    "identified\" has been used for the completed assessment, the reason for closure 'RC8' "
    "must be used",
    "CINdetails",
)
def _no_factors_closed_otherwise(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if (
            e.closure_reason
            and e.closure_reason != codes.ReasonForClosure.RC8
            and len(e.assessments) == 1
            and NO_FACTORS in e.assessments[0].factors
        ):
            yield f"{where}: ReasonForClosure {e.closure_reason}"


@_rule("8617", "Code 8A has been returned. This code is not a valid code", "Assessments")
def _factor_8a(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        for a in e.assessments:
            if "8A" in a.factors:
                yield f"{where}: assessment started {a.start_date}"


@_rule("4001", "A CIN Plan cannot run concurrently with a Child Protection Plan", "CINPlanDates")
def _open_plan_with_open_protection_plan(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if any(p.end_date is None for p in e.cin_plans) and any(
            cp.end_date is None for cp in e.protection_plans
        ):
            yield where


@_rule(
    "4003",
    "A CPP review date is shown as being held at the same time as an open CIN Plan",
    "CINPlanDates",
)
def _review_during_cin_plan(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        for p in e.cin_plans:
            for cp in e.protection_plans:
                for review in cp.review_dates:
                    if p.start_date and p.end_date and p.start_date < review < p.end_date:
                        yield f"{where}: review {review} during CIN plan started {p.start_date}"


@_rule(
    "4004",
    "This child is showing more than one open CIN Plan, i.e. with no End Date",
    "CINPlanDates",
)
def _two_open_plans(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if sum(1 for p in e.cin_plans if p.end_date is None) > 1:
            yield where


@_rule("4009", "CIN Plan cannot end after the child's Date of Death", "CINPlanDates")
def _plan_ends_after_death(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.death_date:
        for e, where in _episodes(child):
            for p in e.cin_plans:
                if p.end_date is None or p.end_date > child.death_date:
                    yield f"{where}: CIN plan started {p.start_date}"


@_rule(
    "4010",
    "CIN Plan start date is missing or out of data collection period",
    "CINPlanDates",
)
def _plan_start_missing(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        for p in e.cin_plans:
            if p.start_date is None or p.start_date > year.reference_date:
                yield f"{where}: CIN plan started {p.start_date}"


@_rule("4014", "CIN Plan data contains overlapping dates", "CINPlanDates")
def _plans_overlap(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        for a in e.cin_plans:
            for b in e.cin_plans:
                if a is b or not a.start_date or not b.start_date:
                    continue
                if (
                    b.start_date <= a.start_date <= _latest_end(b.end_date, year)
                    and a.start_date != b.end_date
                ):
                    yield f"{where}: CIN plan started {a.start_date}"
                    break


OPEN_WITH_PROTECTION = (
    "A CIN Plan has been reported as open at the same time as a Child Protection Plan"
)


@_rule("4016", OPEN_WITH_PROTECTION, "CINPlanDates")
def _plan_starts_during_protection(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        for p in e.cin_plans:
            for cp in e.protection_plans:
                if (
                    p.start_date
                    and cp.start_date
                    and cp.start_date <= p.start_date <= _latest_end(cp.end_date, year)
                    and p.start_date != cp.end_date
                ):
                    yield f"{where}: CIN plan started {p.start_date}"


@_rule("4017", OPEN_WITH_PROTECTION, "CINPlanDates")
def _protection_starts_during_plan(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        for p in e.cin_plans:
            for cp in e.protection_plans:
                if (
                    p.start_date
                    and cp.start_date
                    and p.start_date <= cp.start_date <= _latest_end(p.end_date, year)
                    and cp.start_date != p.end_date
                ):
                    yield f"{where}: protection plan started {cp.start_date}"


@_rule(
    "1104",
    "The date of the initial child protection conference cannot be before the referral date",
    "Section47",
)
def _conference_before_referral(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        for s in e.section47s:
            if s.conference_date and e.referral_date and s.conference_date < e.referral_date:
                yield f"{where}: DateOfInitialCPC {s.conference_date}"


@_rule(
    "8740",
    "For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the "
    "end of the census year, the start date must fall within the census year",
    "Section47",
)
def _open_enquiry_start_in_year(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        for s in e.section47s:
            if (
                s.conference_date is None
                and not s.conference_not_required
                and s.start_date
                and not _in_year(s.start_date, year)
            ):
                yield f"{where}: section 47 enquiry started {s.start_date}"


@_rule(
    "8890",
    "A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing",
    "Section47",
)
def _enquiries_overlap(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
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


@_rule(
    "8870Q",
    "Please check: The Target Date for Initial Child Protection Conference should not be a weekend",
    "Section47",
)
def _target_at_weekend(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        for s in e.section47s:
            if s.conference_target and s.conference_target.weekday() >= 5:
                yield f"{where}: InitialCPCtarget {s.conference_target}"


@_rule(
    "8875",
    "The Date of Initial Child Protection Conference cannot be a weekend",
    "Section47",
)
def _conference_at_weekend(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        for s in e.section47s:
            if s.conference_date and s.conference_date.weekday() >= 5:
                yield f"{where}: DateOfInitialCPC {s.conference_date}"


@_rule(
    "8720",
    "Child Protection Plan Start Date missing or out of data collection period",
    "ChildProtectionPlans",
)
def _protection_start_missing(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        for cp in e.protection_plans:
            if cp.start_date is None or cp.start_date > year.reference_date:
                yield f"{where}: protection plan started {cp.start_date}"


@_rule(
    "8920",
    "Child Protection Plan cannot end after the child's Date of Death",
    "ChildProtectionPlans",
)
def _protection_ends_after_death(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.death_date:
        for e, where in _episodes(child):
            for cp in e.protection_plans:
                if cp.end_date is None or cp.end_date > child.death_date:
                    yield f"{where}: protection plan started {cp.start_date}"


@_rule(
    "8935",
    "This child is showing more than one open Child Protection plan, i.e. with no End Date",
    "ChildProtectionPlans",
)
def _two_open_protection_plans(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        if sum(1 for cp in e.protection_plans if cp.end_date is None) > 1:
            yield where


@_rule("8940", "Child Protection Plan data contains overlapping dates", "ChildProtectionPlans")
def _protection_plans_overlap(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for e, where in _episodes(child):
        for a in e.protection_plans:
            for b in e.protection_plans:
                if a is b or not a.start_date or not b.start_date:
                    continue
                if b.start_date <= a.start_date <= _latest_end(b.end_date, year):
                    yield f"{where}: protection plan started {a.start_date}"
                    break


# --- Rules across the whole return -------------------------------------------------------

_whole("8510", "More than one child record with the same LA Child ID", "ChildIdentifiers")
_whole("1520", "More than one record with the same UPN", "ChildIdentifiers")
_whole(
    "2886Q",
    "Please check: more than 2% of children born have no sex recorded (U, or 0 before 2024-25)",
    "ChildIdentifiers",
)
_whole(
    "2887Q",
    "Please check: fewer than 8 different disability codes have been reported",
    "ChildCharacteristics",
)


def _by_code(code: str, year: CollectionYear | None = None) -> Rule:
    for rule in RULES:
        if rule.code == code and (year is None or rule.applies(year)):
            return rule
    raise KeyError(code)


@dataclass
class ReturnTally:
    """What the return-wide rules need, gathered one child at a time (ids and codes only)."""

    year: CollectionYear
    la_child_ids: dict[str, list[int]] = field(default_factory=dict)
    upns: dict[str, list[int]] = field(default_factory=dict)
    born: int = 0
    born_without_sex: int = 0
    disability_codes: set[str] = field(default_factory=set)

    def add(self, child: CensusChild) -> None:
        if child.la_child_id:
            self.la_child_ids.setdefault(child.la_child_id, []).append(child.person_id)
        if child.upn:
            self.upns.setdefault(child.upn.upper(), []).append(child.person_id)
        if child.birth_date is not None:
            self.born += 1
            if child.sex in ("", codes.Sex.UNKNOWN):
                self.born_without_sex += 1
        self.disability_codes.update(c for c in child.disabilities if c != NONE)

    def issues(self) -> list[Issue]:
        found: list[Issue] = []

        def duplicates(code: str, seen: dict[str, list[int]], item: str) -> None:
            rule = _by_code(code, self.year)
            for value, people in seen.items():
                if len(people) > 1:
                    for person_id in people:
                        label = value if item == "LAchildID" else ""
                        found.append(
                            Issue(
                                rule.code,
                                rule.message,
                                rule.is_query,
                                person_id,
                                label,
                                f"{item} shared by {len(people)} children",
                            )
                        )

        duplicates("8510", self.la_child_ids, "LAchildID")
        duplicates("1520", self.upns, "UPN")
        if self.born and self.born_without_sex / self.born > NO_SEX_SHARE:
            rule = _by_code("2886Q", self.year)
            share = f"{self.born_without_sex} of {self.born} children born"
            found.append(Issue(rule.code, rule.message, True, None, "", share))
        if self.born and len(self.disability_codes) < FEWEST_DISABILITY_CODES:
            rule = _by_code("2887Q", self.year)
            used = ", ".join(sorted(self.disability_codes)) or "none"
            found.append(Issue(rule.code, rule.message, True, None, "", f"codes used: {used}"))
        return found


def child_issues(child: CensusChild, year: CollectionYear, rules: list[Rule]) -> list[Issue]:
    """Every child rule broken by this child, each place it is broken."""
    found = []
    for rule in rules:
        if rule.check is None:
            continue
        for where in rule.check(child, year):
            found.append(
                Issue(
                    rule.code,
                    rule.message,
                    rule.is_query,
                    child.person_id,
                    child.la_child_id or "",
                    where,
                )
            )
    return found
