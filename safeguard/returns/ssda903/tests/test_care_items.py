"""The return's items from the care record (safeguard.care): MOTHER and MC_DOB on the header,
the UASC table, and CONVICTED, SUBSTANCE_MISUSE and the interventions on OC2; with the
validator (when its environment is set up), the rules these answer hold, and a broken record
gives the expected error.

The small authority of `authority.py`, and two more children:
LA0004  girl born 1 June 2008, looked after since 10 January 2024; her first child born
        1 June 2025, so a mother on 31 March 2026.
LA0005  boy born 1 February 2008, looked after since 1 May 2024 as an unaccompanied
        asylum-seeking child; the status ceased on his 18th birthday, 1 February 2026.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from safeguard.care.models import Conviction, Motherhood, SubstanceMisuse, UascStatus
from safeguard.cases.models import LookedAfterPeriod
from safeguard.cases.tests.factories import (
    LookedAfterPeriodFactory,
    PlacementFactory,
    ReferralFactory,
)
from safeguard.organisation.models import Team
from safeguard.people.tests.factories import ChildFactory
from safeguard.returns.ssda903.build import ssda903_build

from .authority import build_authority
from .test_validator import VALIDATOR, validate

pytestmark = pytest.mark.django_db


def _rows(folder: Path, table: str) -> dict[str, dict[str, str]]:
    with (folder / f"{table}.csv").open(newline="", encoding="utf-8") as source:
        return {row["CHILD"]: row for row in csv.DictReader(source)}


def _child(la_id: str, sex: str, born: date, since: date) -> LookedAfterPeriod:
    child = ChildFactory(la_child_id=la_id, sex=sex, ethnicity="BAFR", date_of_birth=born)
    ReferralFactory(child=child, team=Team.objects.first(), referral_date=since)
    period = LookedAfterPeriodFactory(child=child, start_date=since, home_postcode="")
    PlacementFactory(period=period, postcode="NB7 1CD", urn="SC123456", placement_type="K2")
    return period


@pytest.fixture
def authority():
    authority = build_authority()
    mother = _child("LA0004", "F", date(2008, 6, 1), date(2024, 1, 10))
    Motherhood.objects.create(
        child=mother.child, period=mother, first_child_born_on=date(2025, 6, 1)
    )
    uasc = _child("LA0005", "M", date(2008, 2, 1), date(2024, 5, 1))
    UascStatus.objects.create(child=uasc.child, period=uasc, ceased_on=date(2026, 2, 1))
    girl = LookedAfterPeriod.objects.get(child__la_child_id="LA0001")
    Conviction.objects.create(child=girl.child, period=girl, convicted_on=date(2025, 10, 2))
    for on, intervention in ((date(2025, 5, 1), "none"), (date(2025, 9, 1), "refused")):
        SubstanceMisuse.objects.create(
            child=girl.child, period=girl, identified_on=on, intervention=intervention
        )
    return authority


def test_a_girl_is_a_mother_or_not_and_a_boy_is_not_asked(authority, tmp_path):
    ssda903_build(authority=authority, year=2026, output=tmp_path)
    header = _rows(tmp_path, "header")
    assert (header["LA0004"]["MOTHER"], header["LA0004"]["MC_DOB"]) == ("1", "01/06/2025")
    assert (header["LA0001"]["MOTHER"], header["LA0001"]["MC_DOB"]) == ("0", "")
    assert (header["LA0002"]["MOTHER"], header["LA0005"]["MOTHER"]) == ("", "")


def test_a_first_child_born_after_the_year_leaves_her_not_a_mother_in_it(authority, tmp_path):
    Motherhood.objects.update(first_child_born_on=date(2026, 4, 2))
    ssda903_build(authority=authority, year=2026, output=tmp_path)
    assert _rows(tmp_path, "header")["LA0004"]["MOTHER"] == "0"


def test_the_uasc_table_holds_the_uasc_with_the_day_the_status_ceased(authority, tmp_path):
    ssda903_build(authority=authority, year=2026, output=tmp_path)
    assert _rows(tmp_path, "uasc") == {
        "LA0005": {"CHILD": "LA0005", "SEX": "M", "DOB": "01/02/2008", "DUC": "01/02/2026"}
    }


def test_oc2_says_convicted_and_substance_misuse_with_the_intervention_refused(authority, tmp_path):
    ssda903_build(authority=authority, year=2026, output=tmp_path)
    oc2 = _rows(tmp_path, "oc2")
    girl = oc2["LA0001"]
    assert [girl[c] for c in ("CONVICTED", "SUBSTANCE_MISUSE")] == ["1", "1"]
    assert [girl[c] for c in ("INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")] == ["0", "1"]
    # Looked after 12 months, nothing recorded: 0, and no intervention items.
    mother = oc2["LA0004"]
    assert [mother[c] for c in ("CONVICTED", "SUBSTANCE_MISUSE")] == ["0", "0"]
    assert mother["INTERVENTION_RECEIVED"] == mother["INTERVENTION_OFFERED"] == ""


def test_an_intervention_received_leaves_offered_blank(authority, tmp_path):
    SubstanceMisuse.objects.filter(intervention="none").update(intervention="received")
    ssda903_build(authority=authority, year=2026, output=tmp_path)
    girl = _rows(tmp_path, "oc2")["LA0001"]
    assert (girl["INTERVENTION_RECEIVED"], girl["INTERVENTION_OFFERED"]) == ("1", "")


needs_validator = pytest.mark.skipif(
    not Path(VALIDATOR).is_file(), reason="the 903 validator's environment is not set up"
)
OURS = {
    "393",
    "607",
    "182",
    "191",
    "543",
    "547",
    "611",
    "612",
    "620",
    "621",
    "625",
    "304",
    "158",
    "159",
    "192",
    "193",
    "542",
    "181",
    "165",
    "399",
    "INT09",
    "INT18",
    "INT21",
}


@needs_validator
def test_the_validator_finds_nothing_in_these_items(authority, tmp_path):
    ssda903_build(authority=authority, year=2026, output=tmp_path)
    found = {(f["rule"], f["child"]) for f in validate(tmp_path)["findings"]}
    assert {(rule, child) for rule, child in found if rule in OURS} == set()


@needs_validator
def test_a_mother_whose_child_is_older_than_her_breaks_rule_621(authority, tmp_path):
    Motherhood.objects.update(first_child_born_on=date(2008, 5, 1))
    ssda903_build(authority=authority, year=2026, output=tmp_path)
    found = validate(tmp_path)["findings"]
    assert {"rule": "621", "child": "LA0004", "table": "Header"} in found
