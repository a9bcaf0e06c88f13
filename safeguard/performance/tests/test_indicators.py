"""Each indicator on small hand-built cases, the answers worked out by hand in the comments.

Bank holidays used (England): Christmas Day Wed 25 and Boxing Day Thu 26 December 2024, New
Year's Day Wed 1 January 2025; Good Friday 18 and Easter Monday 21 April 2025; early May bank
holiday Mon 5 May 2025.

Working days after Friday 20 December 2024, counted by hand:
    Mon 23 Dec = 1, Tue 24 = 2, (25, 26 holidays) Fri 27 = 3, Mon 30 = 4, Tue 31 = 5,
    (1 Jan holiday) Thu 2 Jan = 6, Fri 3 = 7, Mon 6 = 8, Tue 7 = 9, Wed 8 = 10, ...
    Wed 22 Jan = 20, ... Wed 26 Feb 2025 = 45 (the domain notes' own example), Thu 27 Feb = 46.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from safeguard.cases.tests.factories import (
    AllocationFactory,
    AssessmentFactory,
    ChildProtectionPlanFactory,
    ContactFactory,
    InitialConferenceFactory,
    LookedAfterPeriodFactory,
    LookedAfterReviewFactory,
    PlacementFactory,
    ReferralFactory,
    Section47EnquiryFactory,
    StrategyDiscussionFactory,
    VisitFactory,
)
from safeguard.common import codes
from safeguard.organisation.tests.factories import (
    AuthorityFactory,
    WorkerFactory,
)
from safeguard.people.tests.factories import ChildFactory
from safeguard.performance import queries, selectors
from safeguard.performance.registry import INDICATORS

pytestmark = pytest.mark.django_db


@pytest.fixture
def authority(calendar):
    return AuthorityFactory(child_population=50_000, cp_visit_working_days=10)


def run(authority, slug, date_from, date_to, team=None):
    return selectors.indicator_result(
        indicator=INDICATORS[slug],
        period=queries.Period(date_from, date_to),
        authority=authority,
        team=team,
    )


def referral(team, on, child=None, **extra):
    return ReferralFactory(
        team=team, referral_date=on, **({"child": child} if child else {}), **extra
    )


# --- Contacts -------------------------------------------------------------------------------


def test_contacts_count_by_local_day_and_share_referred(authority, team_a):
    # 31 March 2025 is in British Summer Time (UTC+1 from 30 March).
    inside_late = ContactFactory(
        team=team_a, received_at=datetime(2025, 3, 31, 22, 30, tzinfo=UTC)
    )  # 23:30 on 31 March, London: in the period
    ContactFactory(
        team=team_a, received_at=datetime(2025, 3, 31, 23, 30, tzinfo=UTC)
    )  # 00:30 on 1 April, London: after it
    ContactFactory(
        team=team_a, received_at=datetime(2025, 2, 28, 23, 59, tzinfo=UTC)
    )  # 23:59 on 28 February (GMT): before it
    first = ContactFactory(team=team_a, received_at=datetime(2025, 3, 1, 0, 0, tzinfo=UTC))
    ReferralFactory(team=team_a, child=first.child, contact=first, referral_date=date(2025, 3, 3))
    ContactFactory(
        team=team_a,
        received_at=datetime(2025, 3, 10, 9, 0, tzinfo=UTC),
        decision=codes.ContactDecision.EARLY_HELP,
        decided_at=datetime(2025, 3, 10, 12, 0, tzinfo=UTC),
        decision_rationale="Early help.",
    )
    result = run(authority, "contacts", date(2025, 3, 1), date(2025, 3, 31))
    # In: inside_late, first (referred), the early-help one. 1 of 3 referred = 33.3%.
    assert result.count == 3
    assert result.numerator == 1
    assert result.value == Decimal("33.3")
    assert inside_late.team_id == team_a.pk


# --- Referrals and re-referrals ---------------------------------------------------------------


def test_referrals_include_both_boundary_days_and_give_a_rate_per_10000(authority, team_a):
    for on in (date(2025, 3, 31), date(2025, 4, 1), date(2026, 3, 31), date(2026, 4, 1)):
        referral(team_a, on)
    result = run(authority, "referrals", date(2025, 4, 1), date(2026, 3, 31))
    # 1 April 2025 and 31 March 2026 are in; 2 referrals / 50,000 children x 10,000 = 0.4.
    assert result.count == 2
    assert result.value == Decimal("0.4")
    assert result.unit == "per 10,000 children"
    assert result.benchmark_comparable  # a whole 12 months
    team = run(authority, "referrals", date(2025, 4, 1), date(2026, 3, 31), team=team_a)
    assert team.value == 2 and team.unit == "referrals"  # a team has no population


def test_a_referral_on_the_12_month_anniversary_is_a_re_referral_and_the_day_after_is_not(
    authority, team_a
):
    on_anniversary, day_after, leap = ChildFactory(), ChildFactory(), ChildFactory()
    referral(
        team_a,
        date(2024, 3, 15),
        child=on_anniversary,
        closure_date=date(2024, 4, 1),
        closure_reason="RC7",
    )
    referral(team_a, date(2025, 3, 15), child=on_anniversary)  # 12 months to the day: yes
    referral(
        team_a,
        date(2024, 3, 15),
        child=day_after,
        closure_date=date(2024, 4, 1),
        closure_reason="RC7",
    )
    referral(team_a, date(2025, 3, 16), child=day_after)  # a day over 12 months: no
    # 12 months after 29 February 2024 is 28 February 2025 (clamped): that day is within.
    referral(
        team_a, date(2024, 2, 29), child=leap, closure_date=date(2024, 3, 1), closure_reason="RC7"
    )
    referral(team_a, date(2025, 2, 28), child=leap)
    result = run(authority, "re_referrals", date(2025, 1, 1), date(2025, 3, 31))
    assert result.count == 3
    assert result.numerator == 2
    assert result.value == Decimal("66.7")


def test_a_first_referral_is_not_a_re_referral(authority, team_a):
    referral(team_a, date(2025, 3, 15))
    assert run(authority, "re_referrals", date(2025, 1, 1), date(2025, 3, 31)).numerator == 0


# --- Assessments ----------------------------------------------------------------------------


def assessment(team, referred, authorised):
    return AssessmentFactory(
        referral=referral(team, referred),
        start_date=referred,
        submitted_date=authorised,
        authorised_date=authorised,
    )


def test_an_assessment_on_working_day_45_across_christmas_is_in_time_and_46_is_not(
    authority, team_a
):
    assessment(team_a, date(2024, 12, 20), date(2025, 2, 26))  # working day 45: in time
    assessment(team_a, date(2024, 12, 20), date(2025, 2, 27))  # working day 46: late
    result = run(authority, "assessments", date(2025, 2, 1), date(2025, 2, 28))
    assert (result.count, result.numerator, result.value) == (2, 1, Decimal("50.0"))
    bands = {band.label: band.count for band in result.bands}
    assert bands["41 to 45 working days"] == 1
    assert bands["46 to 60 working days"] == 1


def test_assessment_days_are_working_days_across_easter_with_quartiles(authority, team_a):
    # Referral Thu 10 April 2025: Fri 11 = 1, Mon 14-Thu 17 = 2-5, (Good Friday, Easter
    # Monday) Tue 22 = 6.
    assessment(team_a, date(2025, 4, 10), date(2025, 4, 10))  # same day: 0
    assessment(team_a, date(2025, 4, 10), date(2025, 4, 17))  # 5
    assessment(team_a, date(2025, 4, 10), date(2025, 4, 22))  # 6
    assessment(team_a, date(2025, 4, 10), date(2025, 4, 21))  # bank holiday: still 5
    result = run(authority, "assessments", date(2025, 4, 1), date(2025, 4, 30))
    # Days 0, 5, 5, 6. Nearest rank: 25th -> 1st = 0, median -> 2nd = 5, 75th -> 3rd = 5.
    assert result.percentiles == selectors.Percentiles(0, 5, 5)
    assert {b.label: b.count for b in result.bands}["Same day"] == 1
    assert result.value == Decimal("100.0")


def test_an_assessment_is_attributed_to_the_team_holding_the_case_on_authorisation(
    authority, team_a, team_b
):
    done = assessment(team_a, date(2025, 1, 6), date(2025, 2, 12))
    # Team A held the case until it passed to team B on 10 February.
    AllocationFactory(
        child=done.child, team=team_a, start_date=date(2025, 1, 6), end_date=date(2025, 2, 10)
    )
    AllocationFactory(child=done.child, team=team_b, start_date=date(2025, 2, 10))
    # Not held by anyone: the referral's team.
    assessment(team_a, date(2025, 1, 6), date(2025, 2, 13))
    period = (date(2025, 2, 1), date(2025, 2, 28))
    assert run(authority, "assessments", *period, team=team_b).count == 1
    assert run(authority, "assessments", *period, team=team_a).count == 1
    groups = queries.grouped_by_team(INDICATORS["assessments"], queries.Period(*period), authority)
    assert {g.key: g.rows for g in groups} == {team_a.pk: 1, team_b.pk: 1}


# --- Section 47 enquiries and initial conferences --------------------------------------------


def enquiry(team, started, conference_on=None):
    ref = referral(team, started)
    s47 = Section47EnquiryFactory(
        strategy_discussion=StrategyDiscussionFactory(referral=ref, discussion_date=started),
        completed=True,
        completed_date=started,
    )
    if conference_on:
        InitialConferenceFactory(section47_enquiry=s47, conference_date=conference_on)
    return s47


def test_section47_enquiries_per_10000_and_share_with_a_conference_within_15_working_days(
    authority, team_a
):
    # Started Thu 10 April 2025; 15th working day is Tue 6 May (Easter and 5 May skipped):
    # 11 Apr = 1, 14-17 = 2-5, 22-25 = 6-9, 28-30 = 10-12, 1 May = 13, 2 May = 14, 6 May = 15.
    enquiry(team_a, date(2025, 4, 10), date(2025, 5, 6))  # day 15: within
    enquiry(team_a, date(2025, 4, 10), date(2025, 5, 7))  # day 16: not
    enquiry(team_a, date(2025, 4, 10))  # no conference
    enquiry(team_a, date(2025, 3, 31), date(2025, 4, 2))  # started before the period
    result = run(authority, "section47_enquiries", date(2025, 4, 1), date(2025, 4, 30))
    assert result.count == 3
    assert result.value == Decimal("0.6")  # 3 / 50,000 x 10,000
    assert result.numerator == 1
    assert result.share == Decimal("33.3")


def test_initial_conferences_in_the_period_within_15_working_days(authority, team_a):
    enquiry(team_a, date(2025, 4, 10), date(2025, 5, 6))  # 15: within
    enquiry(team_a, date(2025, 4, 10), date(2025, 5, 7))  # 16: not
    enquiry(team_a, date(2025, 3, 31), date(2025, 4, 2))  # held in April, 2 days: within
    result = run(authority, "initial_conferences", date(2025, 5, 1), date(2025, 5, 31))
    assert (result.count, result.numerator) == (2, 1)
    assert result.percentiles == selectors.Percentiles(15, 15, 16)


# --- Child protection plans -----------------------------------------------------------------


def plan(team, start, end=None, category="NEG", child=None):
    s47 = enquiry(team, start, start) if child is None else None
    if child is not None:
        ref = referral(team, start, child=child)
        s47 = Section47EnquiryFactory(
            strategy_discussion=StrategyDiscussionFactory(referral=ref, discussion_date=start),
            completed=True,
            completed_date=start,
        )
        InitialConferenceFactory(section47_enquiry=s47, conference_date=start)
    conference = s47.initial_conferences.get()
    return ChildProtectionPlanFactory(
        initial_conference=conference,
        start_date=start,
        end_date=end,
        initial_category=category,
        latest_category=category,
    )


def test_children_on_plans_at_the_end_of_the_period_by_category(authority, team_a):
    plan(team_a, date(2024, 6, 3), category="NEG")
    plan(team_a, date(2025, 3, 31), category="EMO")  # starts on the last day: counted
    plan(team_a, date(2024, 6, 3), end=date(2025, 3, 31), category="PHY")  # ended that day
    plan(team_a, date(2024, 6, 3), end=date(2025, 4, 1), category="SAB")  # ends the day after
    plan(team_a, date(2025, 4, 1), category="MUL")  # starts after
    result = run(authority, "children_on_plans", date(2024, 4, 1), date(2025, 3, 31))
    assert result.count == 3
    assert result.value == Decimal("0.6")
    assert {r.key: r.count for r in result.breakdown} == {
        "NEG": 1,
        "PHY": 0,
        "SAB": 1,
        "EMO": 1,
        "MUL": 0,
    }


def test_a_second_plan_for_the_same_child_is_counted_as_second_or_subsequent(authority, team_a):
    child = ChildFactory()
    plan(team_a, date(2023, 5, 1), end=date(2023, 11, 1), child=child)
    plan(team_a, date(2025, 1, 6), child=child)  # second plan, started in the period
    plan(team_a, date(2025, 1, 7))  # another child's first plan
    result = run(authority, "second_plans", date(2025, 1, 1), date(2025, 3, 31))
    assert (result.count, result.numerator, result.value) == (2, 1, Decimal("50.0"))


def test_a_plan_ending_on_its_second_anniversary_lasted_two_years_and_a_day_earlier_did_not(
    authority, team_a
):
    plan(team_a, date(2023, 2, 3), end=date(2025, 2, 3))  # two years exactly
    plan(team_a, date(2023, 2, 3), end=date(2025, 2, 2))  # a day short
    plan(team_a, date(2024, 11, 4), end=date(2025, 2, 4))  # 3 months exactly
    plan(team_a, date(2024, 8, 4), end=date(2025, 2, 5))  # 6 months and a day
    result = run(authority, "plans_two_years", date(2025, 2, 1), date(2025, 2, 28))
    assert (result.count, result.numerator, result.value) == (4, 1, Decimal("25.0"))
    ended = run(authority, "plans_ended", date(2025, 2, 1), date(2025, 2, 28))
    assert {r.key: r.count for r in ended.breakdown} == {
        "1_3m_or_less": 1,
        "2_3m_6m": 0,
        "3_6m_12m": 1,
        "4_1y_2y": 1,
        "5_2y_plus": 1,
    }
    assert ended.count == 4


# --- Visits ---------------------------------------------------------------------------------


def test_child_protection_visits_in_time_across_christmas_and_a_weekend(authority, team_a):
    seen_before_christmas = plan(team_a, date(2024, 12, 2))
    VisitFactory(child=seen_before_christmas.child, visit_date=date(2024, 12, 20))
    # Seen Fri 20 Dec 2024: the 10th working day after is Wed 8 Jan 2025.
    assert run(authority, "cp_visits", date(2025, 1, 1), date(2025, 1, 8)).numerator == 1
    assert run(authority, "cp_visits", date(2025, 1, 1), date(2025, 1, 9)).numerator == 0


def test_a_child_protection_visit_due_on_a_friday_is_overdue_on_the_saturday(authority, team_a):
    on_plan = plan(team_a, date(2024, 12, 2))
    VisitFactory(child=on_plan.child, visit_date=date(2025, 1, 10))  # due Fri 24 January
    VisitFactory(child=on_plan.child, visit_date=date(2025, 1, 20), not_seen=True)  # not seen
    assert run(authority, "cp_visits", date(2025, 1, 1), date(2025, 1, 24)).numerator == 1
    result = run(authority, "cp_visits", date(2025, 1, 1), date(2025, 1, 25))
    assert (result.count, result.numerator) == (1, 0)


def test_children_seen_alone_on_child_protection_visits_in_the_period(authority, team_a):
    child = ChildFactory()
    VisitFactory(child=child, visit_date=date(2025, 3, 3), seen_alone=True)
    VisitFactory(child=child, visit_date=date(2025, 3, 10), seen_alone=False)
    VisitFactory(child=child, visit_date=date(2025, 3, 17), not_seen=True)  # not seen: out
    VisitFactory(child=child, visit_date=date(2025, 4, 1), seen_alone=True)  # after: out
    result = run(authority, "cp_seen_alone", date(2025, 3, 1), date(2025, 3, 31))
    assert (result.count, result.numerator, result.value) == (2, 1, Decimal("50.0"))


def test_looked_after_visits_first_within_7_days_then_every_42(authority, team_a):
    period = LookedAfterPeriodFactory(start_date=date(2025, 2, 3))
    assert run(authority, "lac_visits", date(2025, 2, 1), date(2025, 2, 10)).numerator == 1
    assert run(authority, "lac_visits", date(2025, 2, 1), date(2025, 2, 11)).numerator == 0
    VisitFactory(child=period.child, kind=codes.VisitKind.LAC_VISIT, visit_date=date(2025, 3, 1))
    # 42 days after 1 March is 12 April.
    assert run(authority, "lac_visits", date(2025, 4, 1), date(2025, 4, 12)).numerator == 1
    assert run(authority, "lac_visits", date(2025, 4, 1), date(2025, 4, 13)).numerator == 0


@pytest.mark.parametrize(
    ("plan", "agreed", "reviewed", "last_in_time"),
    [
        # Placed Tue 2 January 2024, first review 30 January 2024, last seen Mon 10 February
        # 2025, after the placement's first year: each plan's last day in time.
        ("standard", False, True, date(2025, 3, 24)),
        ("until_18", False, True, date(2025, 5, 10)),
        ("long_term_foster", False, True, date(2025, 5, 10)),
        ("long_term_foster", True, True, date(2025, 8, 10)),
        ("connected_person", False, True, date(2025, 3, 10)),
        ("connected_person", False, False, date(2025, 2, 17)),
    ],
)
def test_looked_after_visits_are_in_time_by_the_placements_plan(
    authority, team_a, plan, agreed, reviewed, last_in_time
):
    placement = PlacementFactory(
        period__start_date=date(2024, 1, 2),
        visiting_plan=plan,
        six_monthly_visits_agreed=agreed,
    )
    if reviewed:
        LookedAfterReviewFactory(period=placement.period, review_date=date(2024, 1, 30))
    VisitFactory(
        child=placement.child, kind=codes.VisitKind.LAC_VISIT, visit_date=date(2025, 2, 10)
    )

    def in_time(day: date) -> int:
        return run(authority, "lac_visits", day, day).numerator

    assert (in_time(last_in_time), in_time(last_in_time + timedelta(days=1))) == (1, 0)


def test_looked_after_reviews_20_working_days_then_3_months_across_christmas(authority):
    period = LookedAfterPeriodFactory(start_date=date(2024, 12, 20))
    # The 20th working day after Fri 20 December 2024 is Wed 22 January 2025.
    assert run(authority, "lac_reviews", date(2025, 1, 1), date(2025, 1, 22)).numerator == 1
    assert run(authority, "lac_reviews", date(2025, 1, 1), date(2025, 1, 23)).numerator == 0
    LookedAfterReviewFactory(period=period, child=period.child, review_date=date(2025, 1, 31))
    # Second review within 3 months of 31 January: by 30 April (clamped).
    assert run(authority, "lac_reviews", date(2025, 4, 1), date(2025, 4, 30)).numerator == 1
    late = run(authority, "lac_reviews", date(2025, 4, 1), date(2025, 5, 1))
    assert late.numerator == 0
    assert {r.key: r.count for r in late.breakdown}["second_review"] == 1


# --- Workforce ------------------------------------------------------------------------------


def test_caseload_is_cases_per_case_holding_fte(authority, team_a):
    full = WorkerFactory(authority=authority, team=team_a, full_time_equivalent=Decimal("1.0"))
    half = WorkerFactory(authority=authority, team=team_a, full_time_equivalent=Decimal("0.5"))
    WorkerFactory(authority=authority, team=team_a)  # no cases: not a case holder
    for _ in range(3):
        AllocationFactory(team=team_a, worker=full, start_date=date(2025, 1, 6))
    AllocationFactory(team=team_a, worker=half, start_date=date(2025, 1, 6))
    AllocationFactory(team=team_a, worker=half, start_date=date(2025, 1, 6))
    # Passed on the day: no longer held on 31 March.
    AllocationFactory(
        team=team_a, worker=half, start_date=date(2025, 1, 6), end_date=date(2025, 3, 31)
    )
    result = run(authority, "caseload", date(2025, 1, 1), date(2025, 3, 31))
    # 5 cases / 1.5 FTE = 3.33...
    assert (result.count, result.numerator, result.value) == (2, 5, Decimal("3.3"))


def test_unallocated_children_and_working_days_waited_over_christmas(authority, team_a):
    AllocationFactory(team=team_a, worker=None, start_date=date(2024, 12, 16))
    waiting = referral(team_a, date(2025, 1, 2))
    allocated = referral(team_a, date(2024, 12, 16))
    AllocationFactory(child=allocated.child, team=team_a, start_date=date(2024, 12, 17))
    result = run(authority, "unallocated", date(2024, 12, 1), date(2025, 1, 3))
    # Team allocation since Mon 16 Dec: 17, 18, 19, 20, 23, 24, 27, 30, 31 Dec, 2, 3 Jan = 11.
    # Referral of Thu 2 Jan: 3 Jan = 1.
    assert result.count == 2
    assert result.percentiles == selectors.Percentiles(1, 1, 11)
    assert {r.key: r.count for r in result.breakdown} == {"team_allocation": 1, "referral": 1}
    assert waiting.child_id != allocated.child_id


# --- Periods --------------------------------------------------------------------------------


def test_a_period_ending_before_it_starts_is_refused_with_a_clear_message():
    with pytest.raises(queries.PeriodError, match="on or before its end"):
        queries.Period(date(2025, 4, 1), date(2025, 3, 31))


def test_a_period_outside_the_working_day_calendar_is_refused():
    with pytest.raises(queries.PeriodError, match="working-day calendar"):
        queries.Period(date(1999, 4, 1), date(2000, 3, 31))


def test_the_trend_cuts_the_period_into_calendar_months():
    months = selectors.trend_periods(queries.Period(date(2025, 1, 15), date(2025, 3, 10)))
    assert [(label, p.date_from, p.date_to) for label, p in months] == [
        ("Jan 2025", date(2025, 1, 15), date(2025, 1, 31)),
        ("Feb 2025", date(2025, 2, 1), date(2025, 2, 28)),
        ("Mar 2025", date(2025, 3, 1), date(2025, 3, 10)),
    ]


def test_every_indicator_runs_on_an_empty_record(authority):
    for slug in INDICATORS:
        result = run(authority, slug, date(2025, 4, 1), date(2026, 3, 31))
        assert result.count == 0, slug


def test_a_referral_on_29_february_is_a_day_after_the_anniversary_of_28_february(authority, team_a):
    child, other = ChildFactory(), ChildFactory()
    # 12 months after 28 February 2027 is 28 February 2028: 29 February 2028 is a day later.
    referral(
        team_a, date(2027, 2, 28), child=child, closure_date=date(2027, 3, 1), closure_reason="RC7"
    )
    referral(team_a, date(2028, 2, 29), child=child)
    referral(
        team_a, date(2027, 2, 28), child=other, closure_date=date(2027, 3, 1), closure_reason="RC7"
    )
    referral(team_a, date(2028, 2, 28), child=other)  # the anniversary itself: within
    result = run(authority, "re_referrals", date(2028, 2, 1), date(2028, 2, 29))
    assert (result.count, result.numerator) == (2, 1)
