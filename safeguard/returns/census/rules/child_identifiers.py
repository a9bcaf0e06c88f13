"""ChildIdentifiers: the LA child ID, UPN, dates of birth and death, and sex."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from safeguard.common import codes
from safeguard.people.identifiers import UPN_ALPHABET, upn_check_letter
from safeguard.timescales.working_days import add_months

from ..la_codes import is_recognised_la_code
from ..records import CensusChild
from ..years import CollectionYear
from .common import before_2024_25, from_2024_25, in_year
from .registry import rule

UN7 = codes.UPNUnknown.UN7.value
LA_CHILD_ID_LENGTH = 20


@rule("8500", "LA Child ID missing", "ChildIdentifiers")
def _la_child_id_missing(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if not child.la_child_id:
        yield "LAchildID"


@rule(
    "1570",
    "LAchildID must be no more than 20 characters long",
    "ChildIdentifiers",
    applies=lambda year: year.checks_la_child_id_shape,
)
def _la_child_id_length(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.la_child_id and len(child.la_child_id) > LA_CHILD_ID_LENGTH:
        yield "LAchildID"


@rule(
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


@rule("1510", "UPN invalid (wrong check letter at character 1)", "ChildIdentifiers")
def _upn_check_letter(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    upn = child.upn.upper()
    if upn and _upn_shape_ok(upn) and upn_check_letter(upn[1:]) != upn[0]:
        yield "UPN"


@rule("1530", "UPN invalid (characters 2-4 not a recognised LA code)", "ChildIdentifiers")
def _upn_la_code(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    # Only a UPN of the full 13 characters: a shorter one is 1550's to report, not this.
    upn = child.upn
    if len(upn) == 13 and not is_recognised_la_code(upn[1:4], year.year):
        yield f"UPN LA code {upn[1:4]!r}"


@rule("1540", "UPN invalid (characters 5-12 not all numeric)", "ChildIdentifiers")
def _upn_digits(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    # As implemented: characters 2-12 (the LA number and the rest) must be digits.
    if child.upn and not child.upn[1:12].isdigit():
        yield "UPN"


@rule("1550", "UPN invalid (character 13 not a recognised value)", "ChildIdentifiers")
def _upn_last_character(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    upn = child.upn.upper()
    if upn and (len(upn) != 13 or not (upn[12].isdigit() or upn[12] in UPN_ALPHABET)):
        yield "UPN"


@rule(
    "8772",
    "UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details "
    "is a referral going on to further action",
    "ChildIdentifiers",
)
def _un7_with_further_action(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.upn_unknown == UN7 and any(e.no_further_action is False for e in child.episodes):
        yield "UPNunknown"


@rule(
    "8520",
    "Date of Birth is after data collection period (must be on or before the end of the "
    "census period)",
    "ChildIdentifiers",
)
def _born_after_period(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.birth_date and child.birth_date > year.reference_date:
        yield f"PersonBirthDate {child.birth_date}"


@rule(
    "8525",
    "Either Date of Birth or Expected Date of Birth must be provided (but not both)",
    "ChildIdentifiers",
)
def _birth_or_expected(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if (child.birth_date is None) == (child.expected_birth_date is None):
        yield "PersonBirthDate / ExpectedPersonBirthDate"


@rule(
    "8535Q",
    "Please check: Child's date of death should not be prior to the date of birth",
    "ChildIdentifiers",
)
def _died_before_born(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.death_date and (child.birth_date is None or child.death_date < child.birth_date):
        yield f"PersonDeathDate {child.death_date}"


@rule("8775Q", "Please check: Child is over 25 years old", "ChildIdentifiers")
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
rule("4180", "Gender is missing", "ChildIdentifiers", applies=before_2024_25)(_sex_missing)


rule("4180", "Sex must be provided and equal M, F or U", "ChildIdentifiers", applies=from_2024_25)(
    _sex_missing
)


rule("8750", "Gender must equal 0 for an unborn child", "ChildIdentifiers", applies=before_2024_25)(
    _unborn_sex
)


rule("8750", "Sex must equal U for an unborn child", "ChildIdentifiers", applies=from_2024_25)(
    _unborn_sex
)


@rule(
    "8545Q",
    "Please check: Child's date of death should be within the census year",
    "ChildIdentifiers",
)
def _death_in_year(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.death_date and not in_year(child.death_date, year):
        yield f"PersonDeathDate {child.death_date}"


@rule(
    "8530Q",
    "Please check: Expected Date of Birth is outside the expected range for this census "
    "(March to December of the Census Year end)",
    "ChildIdentifiers",
)
def _expected_birth_range(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    expected = child.expected_birth_date
    if expected and not (
        year.reference_date - timedelta(days=30) <= expected <= add_months(year.reference_date, 9)
    ):
        yield f"ExpectedPersonBirthDate {expected}"


UPN_MISSING_EXPLAINED = frozenset({"UN2", "UN3", "UN4", "UN5", "UN6"})


@rule(
    "8770Q",
    "Please check: UPN or reason UPN missing expected for a child who is more than 5 years old",
    "ChildIdentifiers",
)
def _upn_expected(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    born = child.birth_date
    if (
        born
        and add_months(born, 72) <= year.reference_date
        and any(e.no_further_action is False for e in child.episodes)
        and not child.upn
        and child.upn_unknown not in UPN_MISSING_EXPLAINED
    ):
        yield "UPN / UPNunknown"
