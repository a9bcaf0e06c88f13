"""OC3 (care leavers) of the year ending 31 March 2026, from the record: who is in it, the
contact read around each birthday, and the header row of a care leaver not looked after in
the year.

Goldenshire's young people (LA code 898):
CL1  born 5 October 2005, looked after from 1 March 2021 until their 18th birthday: 20 on
     5 October 2025. In touch on 1 September 2025 (own flat, suitable, working full time);
     not reached on 6 October.
CL2  born 15 January 2008, looked after from 1 September 2023 to 1 September 2025 (at 17):
     18 on 15 January 2026, no contact recorded around it.
CL3  born 20 August 2007, looked after from 1 January 2022 until their 18th birthday on 20
     August 2025: left on the birthday, so not asked about at 18 (the validator's rule 1016).
CL4  born 1 December 2006: short breaks only (V3), never a care leaver.
CL5  born 2 March 2007, died in care in 2024 (E2).
CL6  born 2 February 2004: 21 on 2 February 2025, before the year.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from safeguard.care_leavers.models import CareLeaverContact
from safeguard.cases.tests.factories import PlacementFactory, ReferralFactory
from safeguard.organisation.tests.factories import AuthorityFactory, TeamFactory
from safeguard.people.tests.factories import ChildFactory
from safeguard.returns.ssda903.build import oc3_row, ssda903_build

pytestmark = pytest.mark.django_db


def _young_person(team, name, born, start, end, *, reason="E8", legal_status="V2"):
    person = ChildFactory(la_child_id=name, sex="M", ethnicity="WBRI", date_of_birth=born)
    ReferralFactory(child=person, team=team, referral_date=start)
    placement = PlacementFactory(
        period__child=person, period__start_date=start, start_date=start, legal_status=legal_status
    )
    if end is not None:
        period = placement.period
        period.end_date, period.reason_ceased = end, reason
        period.save()
        placement.end_date = end
        placement.save()
    return person


def _read(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(newline="", encoding="utf-8") as source:
        return list(csv.DictReader(source))


@pytest.fixture
def built(tmp_path):
    authority = AuthorityFactory(la_code="898", name="Goldenshire")
    team = TeamFactory(authority=authority)
    cl1 = _young_person(team, "CL1", date(2005, 10, 5), date(2021, 3, 1), date(2023, 10, 5))
    CareLeaverContact.objects.create(child=cl1, contact_date=date(2025, 10, 6), in_touch="NO")
    CareLeaverContact.objects.create(
        child=cl1,
        contact_date=date(2025, 9, 1),
        in_touch="YES",
        accommodation="U",
        accommodation_suitable=True,
        activity="F4",
    )
    _young_person(team, "CL2", date(2008, 1, 15), date(2023, 9, 1), date(2025, 9, 1))
    _young_person(team, "CL3", date(2007, 8, 20), date(2022, 1, 1), date(2025, 8, 20))
    _young_person(
        team, "CL4", date(2006, 12, 1), date(2022, 1, 1), date(2024, 1, 1), legal_status="V3"
    )
    _young_person(team, "CL5", date(2007, 3, 2), date(2021, 1, 1), date(2024, 5, 1), reason="E2")
    _young_person(team, "CL6", date(2004, 2, 2), date(2019, 1, 1), date(2022, 2, 2))
    ssda903_build(authority=authority, year=2026, output=tmp_path)
    return tmp_path


def test_care_leavers_with_a_birthday_from_17_to_21_in_the_year_are_in_oc3(built):
    rows = _read(built, "oc3")
    assert [(r["CHILD"], r["DOB"], r["IN_TOUCH"], r["ACTIV"], r["ACCOM"]) for r in rows] == [
        ("CL1", "05/10/2005", "YES", "F4", "U1"),
        ("CL2", "15/01/2008", "NO", "0", "0"),
    ]


def test_a_care_leaver_not_looked_after_in_the_year_has_a_header_row_only(built):
    header = {r["CHILD"]: r for r in _read(built, "header")}
    assert set(header) == {"CL1", "CL2", "CL3"}  # CL2 and CL3 looked after in the year
    assert (header["CL1"]["MOTHER"], header["CL1"]["MC_DOB"]) == ("", "")
    assert {r["CHILD"] for r in _read(built, "episodes")} == {"CL2", "CL3"}


def test_the_contact_read_is_the_nearest_in_touch_one_from_3_months_before_to_1_after():
    birthday = date(2025, 10, 5)
    early = CareLeaverContact(contact_date=date(2025, 7, 4), in_touch="YES", activity="F1")
    late = CareLeaverContact(contact_date=date(2025, 11, 6), in_touch="YES", activity="F2")
    assert oc3_row("A", "x", [early, late], birthday)["IN_TOUCH"] == "NO"
    inside = CareLeaverContact(
        contact_date=date(2025, 7, 5), in_touch="RHOM", accommodation="", activity=""
    )
    assert oc3_row("A", "x", [early, inside], birthday) == {
        "CHILD": "A",
        "DOB": "x",
        "IN_TOUCH": "RHOM",
        "ACTIV": "0",
        "ACCOM": "0",
    }
