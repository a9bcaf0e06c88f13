"""The census rules at their edges, over many dates and codes (hypothesis): each checked
against the DfE's own wording of its condition, counted a second way.

- 1530: characters 2-4 of a UPN must be a recognised LA code (942 and 943 from 2023-24).
- 8670Q, 8675Q: a start "before the ReferenceDate minus 45 (15) working days", with no end.
- 8569Q: a no-further-action referral "before [Start_of_Census_Year] minus 1 working day".
- 4003: no review between a CIN plan's start and end "unless it is equal to the CPPendDate".
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from safeguard.people.identifiers import upn_from_seed
from safeguard.returns.census.la_codes import recognised_la_codes
from safeguard.returns.census.records import CensusChild, CinPlanRecord, ProtectionPlanRecord
from safeguard.returns.census.rules import child_issues, rules_for
from safeguard.returns.census.years import collection_year
from safeguard.timescales.working_days import add_working_days

from .builders import clean_child

YEARS = st.sampled_from([2023, 2024, 2025, 2026])


def broken(child: CensusChild, year: int, code: str) -> bool:
    collection = collection_year(year)
    rules = [r for r in rules_for(collection) if r.code == code]
    assert rules, code
    return bool(child_issues(child, collection, rules))


def days(low: date, high: date) -> st.SearchStrategy[date]:
    return st.integers(0, (high - low).days).map(lambda n: low + timedelta(days=n))


# --- 1530 --------------------------------------------------------------------------------------


@given(code=st.integers(0, 999), year=YEARS)
def test_1530_flags_a_upn_exactly_when_its_la_code_is_not_recognised(code: int, year: int):
    child = clean_child()
    child.upn = upn_from_seed(7, f"{code:03d}")
    assert broken(child, year, "1530") == (f"{code:03d}" not in recognised_la_codes(year))


@given(year=YEARS)
def test_1530_leaves_a_upn_of_the_wrong_length_to_1550(year: int):
    child = clean_child()
    child.upn = "A99900000001"  # 12 characters
    assert not broken(child, year, "1530")
    assert broken(child, year, "1550")


def test_the_la_codes_of_2023_are_recognised_from_the_2023_24_rules():
    assert {"942", "943"} <= recognised_la_codes(2024)
    assert not {"942", "943"} & recognised_la_codes(2023)
    assert "999" not in recognised_la_codes() and "352" in recognised_la_codes()


# --- 8670Q and 8675Q ------------------------------------------------------------------------------


def open_assessment(start: date, year: int) -> CensusChild:
    child = clean_child()
    child.episodes = child.episodes[:1]
    e = child.episodes[0]
    e.closure_date, e.closure_reason = None, ""
    e.referral_date = start
    (a,) = e.assessments
    a.start_date, a.authorisation_date, a.factors = start, None, []
    return child


def open_enquiry(start: date) -> CensusChild:
    child = clean_child()
    child.episodes = child.episodes[:1]
    e = child.episodes[0]
    e.closure_date, e.closure_reason, e.protection_plans, e.cin_plans = None, "", [], []
    e.referral_date = start
    e.assessments[0].start_date = start
    (s,) = e.section47s
    s.start_date, s.conference_date, s.conference_not_required = start, None, False
    return child


@given(year=YEARS, data=st.data())
def test_8670Q_flags_an_open_assessment_started_before_the_census_day_minus_45_working_days(
    year: int, data: st.DataObject
):
    reference = collection_year(year).reference_date
    start = data.draw(days(reference - timedelta(days=120), reference))
    wording = start < add_working_days(reference, -45)
    assert broken(open_assessment(start, year), year, "8670Q") == wording


@given(year=YEARS, data=st.data())
def test_8675Q_flags_an_open_enquiry_started_before_the_census_day_minus_15_working_days(
    year: int, data: st.DataObject
):
    reference = collection_year(year).reference_date
    start = data.draw(days(reference - timedelta(days=60), reference))
    wording = start < add_working_days(reference, -15)
    assert broken(open_enquiry(start), year, "8675Q") == wording


def test_an_assessment_due_on_the_census_day_itself_is_not_yet_late():
    # 45 working days after Tuesday 27 January 2026 is Tuesday 31 March 2026.
    assert add_working_days(date(2026, 1, 27), 45) == date(2026, 3, 31)
    assert not broken(open_assessment(date(2026, 1, 27), 2026), 2026, "8670Q")
    assert broken(open_assessment(date(2026, 1, 26), 2026), 2026, "8670Q")


# --- 8569Q ---------------------------------------------------------------------------------------


def nfa_referral(referred: date, year: int) -> CensusChild:
    child = clean_child()
    child.episodes = child.episodes[1:]
    e = child.episodes[0]
    e.referral_date, e.no_further_action, e.assessments = referred, True, []
    e.closure_date, e.closure_reason = collection_year(year).start, "RC7"
    return child


@given(year=YEARS, data=st.data())
def test_8569Q_flags_an_nfa_referral_made_before_the_working_day_before_1_april(
    year: int, data: st.DataObject
):
    start = collection_year(year).start
    referred = data.draw(days(start - timedelta(days=15), start))
    wording = referred < add_working_days(start, -1)
    assert broken(nfa_referral(referred, year), year, "8569Q") == wording


def test_8569Q_allows_maundy_thursday_before_an_easter_monday_1_april():
    # 1 April 2024 was Easter Monday: the working day before it was Thursday 28 March.
    assert not broken(nfa_referral(date(2024, 3, 28), 2025), 2025, "8569Q")
    assert broken(nfa_referral(date(2024, 3, 27), 2025), 2025, "8569Q")


# --- 4003 ----------------------------------------------------------------------------------------


def plans(cin_start: date, cin_end: date | None, review: date, plan_end: date) -> CensusChild:
    child = clean_child()
    child.episodes = child.episodes[:1]
    e = child.episodes[0]
    if cin_end is None:
        e.closure_date, e.closure_reason = None, ""
    e.cin_plans = [CinPlanRecord(50, cin_start, cin_end)]
    e.protection_plans = [
        ProtectionPlanRecord(40, date(2024, 6, 3), plan_end, "NEG", "NEG", 0, [review])
    ]
    return child


PLAN_DAYS = days(date(2024, 6, 4), date(2025, 3, 31))
# The protection plan's end when the review is not the one that ended it.
OTHER_PLAN_END = date(2024, 6, 10)


@given(cin_start=PLAN_DAYS, length=st.integers(0, 200) | st.none(), data=st.data())
def test_4003_never_flags_the_review_that_ended_its_own_plan(
    cin_start: date, length: int | None, data: st.DataObject
):
    cin_end = None if length is None else cin_start + timedelta(days=length)
    review = data.draw(PLAN_DAYS)
    assert not broken(plans(cin_start, cin_end, review, plan_end=review), 2025, "4003")


@given(cin_start=PLAN_DAYS, length=st.integers(1, 200) | st.none(), data=st.data())
def test_4003_flags_any_other_review_from_the_cin_plans_start_until_it_ends(
    cin_start: date, length: int | None, data: st.DataObject
):
    cin_end = None if length is None else cin_start + timedelta(days=length)
    last_day = (cin_end - timedelta(days=1)) if cin_end else date(2025, 3, 31)
    review = data.draw(days(cin_start, max(cin_start, last_day)))
    assume(review != OTHER_PLAN_END)
    assert broken(plans(cin_start, cin_end, review, plan_end=OTHER_PLAN_END), 2025, "4003")


@given(cin_start=PLAN_DAYS, length=st.integers(0, 200), data=st.data())
def test_4003_leaves_reviews_before_or_after_a_closed_cin_plan(
    cin_start: date, length: int, data: st.DataObject
):
    cin_end = cin_start + timedelta(days=length)
    assume(cin_end <= date(2025, 3, 31))
    before = days(date(2024, 6, 4), cin_start - timedelta(days=1))
    after = days(cin_end, date(2025, 3, 31))
    review = data.draw(before | after if cin_start > date(2024, 6, 4) else after)
    assert not broken(plans(cin_start, cin_end, review, plan_end=OTHER_PLAN_END), 2025, "4003")
