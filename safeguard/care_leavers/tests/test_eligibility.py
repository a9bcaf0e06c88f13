"""Who is a care leaver, on the boundaries: 13 weeks (91 days) since 14, some of it at 16,
short breaks not counted, the ages of each group. Plain dates, no database.

Alex is born on 10 June 2008: 14 on 10 June 2022, 16 on 10 June 2024, 18 on 10 June 2026,
21 on 10 June 2029, 25 on 10 June 2033.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from safeguard.care_leavers.eligibility import (
    QUALIFYING_DAYS,
    CareSpell,
    Entitlement,
    became_eligible_on,
    birthday,
    days_looked_after_since_14,
    entitlement_on,
    qualifies,
)

BORN = date(2008, 6, 10)
FOURTEEN = date(2022, 6, 10)
SIXTEEN = date(2024, 6, 10)
EIGHTEEN = date(2026, 6, 10)


def spell(start: date, days: int | None, legal_status: str = "V2") -> CareSpell:
    return CareSpell(start, None if days is None else start + timedelta(days=days), legal_status)


def test_thirteen_weeks_ending_on_the_sixteenth_birthday_qualify_on_it():
    # 90 days before 16, and the birthday itself is the 91st day looked after.
    care = [spell(SIXTEEN - timedelta(days=90), 91)]
    assert became_eligible_on(BORN, care) == SIXTEEN


def test_thirteen_weeks_all_before_sixteen_do_not_qualify():
    care = [spell(SIXTEEN - timedelta(days=200), 199)]  # left the day before 16
    assert not qualifies(BORN, care)


def test_ninety_days_at_sixteen_do_not_qualify_and_ninety_one_do():
    assert not qualifies(BORN, [spell(SIXTEEN, 90)])
    assert became_eligible_on(BORN, [spell(SIXTEEN, 91)]) == SIXTEEN + timedelta(days=90)


def test_time_before_fourteen_does_not_count():
    care = [spell(FOURTEEN - timedelta(days=400), 400), spell(SIXTEEN, 30)]
    assert days_looked_after_since_14(BORN, care, SIXTEEN + timedelta(days=40)) == 30
    assert not qualifies(BORN, care)


def test_separate_periods_add_up():
    care = [spell(date(2023, 1, 2), 61), spell(SIXTEEN, 30)]
    assert became_eligible_on(BORN, care) == SIXTEEN + timedelta(days=29)


def test_short_breaks_do_not_count():
    care = [spell(SIXTEEN - timedelta(days=200), 300, "V3"), spell(SIXTEEN, 10, "V4")]
    assert not qualifies(BORN, care)
    assert entitlement_on(BORN, care, SIXTEEN + timedelta(days=5)) is None


def test_time_after_eighteen_does_not_make_someone_eligible():
    assert not qualifies(BORN, [spell(EIGHTEEN - timedelta(days=30), None)])


def test_eligible_while_looked_after_and_relevant_once_left_before_eighteen():
    care = [spell(date(2024, 1, 8), 400)]  # 8 January 2024 to 11 February 2025
    assert entitlement_on(BORN, care, date(2025, 2, 10)) is Entitlement.ELIGIBLE
    assert entitlement_on(BORN, care, date(2025, 2, 11)) is Entitlement.RELEVANT
    assert entitlement_on(BORN, care, EIGHTEEN - timedelta(days=1)) is Entitlement.RELEVANT
    assert entitlement_on(BORN, care, EIGHTEEN) is Entitlement.FORMER_RELEVANT


def test_former_relevant_to_twenty_one_and_on_to_twenty_five_only_with_support():
    care = [spell(date(2024, 1, 8), None)]
    twenty_one, twenty_five = date(2029, 6, 10), date(2033, 6, 10)
    on = twenty_one - timedelta(days=1)
    assert entitlement_on(BORN, care, on) is Entitlement.FORMER_RELEVANT
    assert entitlement_on(BORN, care, twenty_one) is None
    supported = entitlement_on(BORN, care, twenty_one, receiving_support=True)
    assert supported is Entitlement.FORMER_RELEVANT_TO_25
    assert entitlement_on(BORN, care, twenty_five, receiving_support=True) is None


def test_nobody_is_a_care_leaver_before_the_day_they_qualify():
    care = [spell(SIXTEEN, None)]
    qualified = SIXTEEN + timedelta(days=QUALIFYING_DAYS - 1)
    assert entitlement_on(BORN, care, qualified - timedelta(days=1)) is None
    assert entitlement_on(BORN, care, qualified) is Entitlement.ELIGIBLE


def test_a_leap_day_birthday_falls_on_the_first_of_march():
    assert birthday(date(2008, 2, 29), 17) == date(2025, 3, 1)
    assert birthday(date(2008, 2, 29), 16) == date(2024, 2, 29)


@given(
    start=st.dates(min_value=date(2021, 1, 1), max_value=date(2026, 12, 31)),
    days=st.integers(min_value=1, max_value=900),
)
def test_one_spell_qualifies_exactly_when_91_days_fall_between_14_and_18_with_one_at_16(
    start: date, days: int
):
    care = [spell(start, days)]
    end = start + timedelta(days=days)  # first day not looked after
    counted = [
        start + timedelta(days=i)
        for i in range(days)
        if FOURTEEN <= start + timedelta(days=i) < EIGHTEEN
    ]
    expected = len(counted) >= QUALIFYING_DAYS and max(counted, default=FOURTEEN) >= SIXTEEN
    assert qualifies(BORN, care) is expected
    found = became_eligible_on(BORN, care)
    if found is not None:
        assert SIXTEEN <= found < min(end, EIGHTEEN)
        assert days_looked_after_since_14(BORN, care, found) >= QUALIFYING_DAYS


@given(
    on=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 1, 1)),
    support=st.booleans(),
)
def test_each_group_keeps_to_its_ages(on: date, support: bool):
    care = [spell(date(2023, 3, 1), 700)]
    found = entitlement_on(BORN, care, on, receiving_support=support)
    if found in (Entitlement.ELIGIBLE, Entitlement.RELEVANT):
        assert SIXTEEN <= on < EIGHTEEN
    elif found is Entitlement.FORMER_RELEVANT:
        assert EIGHTEEN <= on < date(2029, 6, 10)
    elif found is Entitlement.FORMER_RELEVANT_TO_25:
        assert support and date(2029, 6, 10) <= on < date(2033, 6, 10)
