"""The demo's care leavers as the SSDA903 return reads them (OC3, on or around each birthday):
at 19 to 21 near the DfE's shares in touch, in suitable accommodation and not in education,
employment or training (`calibration.CARE_LEAVERS_19_TO_21_*`); at 17 and 18 nearly all in
touch. Drawn for many young people straight from the generator, no database needed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from safeguard.care_leavers.eligibility import CareSpell, birthday
from safeguard.common import codes
from safeguard.demo.generator import calibration as cal
from safeguard.demo.generator.care_leavers import _YoungPerson
from safeguard.demo.generator.streams import substream
from safeguard.people.models import Person
from safeguard.returns.ssda903.build import OC3_LEFT_BEFORE_AGES, oc3_row

AS_OF = date(2026, 12, 1)
YOUNG_PEOPLE = 700


def _oc3_rows() -> dict[int, list[dict[str, str]]]:
    """OC3 rows by age for young people born through 2005, looked after from 14 or 15 to 18
    (two in three) or to some time after their 16th birthday."""
    rows: dict[int, list[dict[str, str]]] = {age: [] for age in range(17, 22)}
    for n in range(YOUNG_PEOPLE):
        rng = substream(11, "oc3-test", n)
        born = date(2005, 1, 1) + timedelta(days=n % 365)
        start = birthday(born, 14) + timedelta(days=rng.randint(30, 600))
        ends = birthday(born, 18) if n % 3 else birthday(born, 16) + timedelta(days=200)
        person = Person(first_name="A", last_name="B", date_of_birth=born)
        young = _YoungPerson(person, [CareSpell(start, ends, "C2")], rng, AS_OF)
        young.build()
        for age in rows:
            on = birthday(born, age)
            # At 17 and 18 only those who left care before the birthday (OC3_LEFT_BEFORE_AGES).
            if on <= AS_OF and (age not in OC3_LEFT_BEFORE_AGES or ends < on):
                rows[age].append(oc3_row("", "", young.contacts, on))
    return rows


@pytest.fixture(scope="module")
def oc3() -> dict[int, list[dict[str, str]]]:
    return _oc3_rows()


def _share(rows: list[dict[str, str]], holds: Callable[[dict[str, str]], bool]) -> float:
    return sum(1 for row in rows if holds(row)) / len(rows)


def test_at_19_to_21_the_shares_are_near_the_dfes(oc3):
    rows = oc3[19] + oc3[20] + oc3[21]
    assert len(rows) > 1500
    in_touch = _share(rows, lambda r: r["IN_TOUCH"] == "YES")
    suitable = _share(rows, lambda r: r["ACCOM"].endswith("1"))
    neet = _share(rows, lambda r: r["ACTIV"] in codes.CARE_LEAVER_NEET)
    assert abs(in_touch - cal.CARE_LEAVERS_19_TO_21_IN_TOUCH) <= 0.03, in_touch
    assert abs(suitable - cal.CARE_LEAVERS_19_TO_21_SUITABLE) <= 0.04, suitable
    assert abs(neet - cal.CARE_LEAVERS_19_TO_21_NEET) <= 0.04, neet


def test_at_17_and_18_nearly_all_are_in_touch(oc3):
    rows = oc3[17] + oc3[18]
    assert _share(rows, lambda r: r["IN_TOUCH"] == "YES") >= 0.95


def test_someone_out_of_touch_has_nothing_else_recorded(oc3):
    out = [r for age in oc3 for r in oc3[age] if r["IN_TOUCH"] != "YES"]
    assert out
    assert {(r["ACTIV"], r["ACCOM"]) for r in out} == {(codes.OC3_NONE, codes.OC3_NONE)}
