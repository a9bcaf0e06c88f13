"""Looked-after reviews on time and care plans agreed on time, on hand-worked cases over Easter
2025 (Good Friday 18 and Easter Monday 21 April; early May bank holiday Monday 5 May), the same
answer as each child's own timeline, team attribution and who sees the children behind them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from safeguard.audit.models import AuditEntry
from safeguard.care.models import HealthAssessment
from safeguard.cases.selectors import child_due_items
from safeguard.cases.tests.factories import (
    AllocationFactory,
    LookedAfterPeriodFactory,
    LookedAfterReviewFactory,
)
from safeguard.people.tests.factories import ChildFactory
from safeguard.performance import queries
from safeguard.performance.registry import INDICATORS
from safeguard.timescales.clocks import ClockStatus

from .indicator_runs import APRIL, run

pytestmark = pytest.mark.django_db


def in_care(team, since, *, care_plan=None, reviews=(), ended=None, child=None):
    if child is None:
        child = ChildFactory()
        AllocationFactory(child=child, team=team, start_date=since)
    period = LookedAfterPeriodFactory(
        child=child,
        start_date=since,
        care_plan_date=care_plan,
        end_date=ended,
        reason_ceased="E11" if ended else "",
    )
    for held in reviews:
        LookedAfterReviewFactory(period=period, review_date=held)
    return child


def care_plan_cases(team):
    """Care plans due in April 2025 (10 working days after the start of care):

    - on_the_day: from Fri 4 April; 7-11 (5), 14-17 (9), (Easter) Tue 22 April (10): agreed
      22 April, in time (without Easter it would have been due on the 18th, and late).
    - a_day_late: from 4 April, agreed Wed 23 April: late.
    - before: from Mon 7 April (due 23 April), agreed 3 April, before the child was placed.
    - not_agreed: from Thu 10 April, due Mon 28 April, nothing agreed: counted, not on time.
    - ended_first: from 10 April, ended 25 April with no plan: never fell due, not counted.
    - march: from Mon 17 March: due Mon 31 March, outside April.
    - first_of_april: from Tue 18 March: 19-21 (3), 24-28 (8), 31 (9), Tue 1 April (10):
      agreed that day, in time.
    """
    return {
        "on_the_day": in_care(team, date(2025, 4, 4), care_plan=date(2025, 4, 22)),
        "a_day_late": in_care(team, date(2025, 4, 4), care_plan=date(2025, 4, 23)),
        "before": in_care(team, date(2025, 4, 7), care_plan=date(2025, 4, 3)),
        "not_agreed": in_care(team, date(2025, 4, 10)),
        "ended_first": in_care(team, date(2025, 4, 10), ended=date(2025, 4, 25)),
        "march": in_care(team, date(2025, 3, 17), care_plan=date(2025, 4, 2)),
        "first_of_april": in_care(team, date(2025, 3, 18), care_plan=date(2025, 4, 1)),
    }


def review_cases(team):
    """Reviews due in April 2025:

    - first_on_time: from Fri 7 March; 20 working days: 10-14 (5), 17-21 (10), 24-28 (15), 31
      March-3 April (19), Fri 4 April (20). Held 4 April: in time.
    - first_late: from Thu 20 March; 21 (1), 24-28 (6), 31-4 (11), 7-11 (16), 14-17 (20):
      due Thu 17 April; held Tue 22 April, 1 working day late over Easter.
    - later_unheld: from 1 July 2024, reviewed 25 July and 31 October 2024; the next due 6
      months after 31 October, clamped to Wed 30 April; not held: counted, not on time.
    - second_twice: from 2 January, first review 14 January, the second due Mon 14 April;
      two review records on 10 April count as one review, in time.
    - ended_first: from Mon 10 March (first due Mon 7 April), ended 3 April unreviewed.
    """
    return {
        "first_on_time": in_care(team, date(2025, 3, 7), reviews=(date(2025, 4, 4),)),
        "first_late": in_care(team, date(2025, 3, 20), reviews=(date(2025, 4, 22),)),
        "later_unheld": in_care(
            team, date(2024, 7, 1), reviews=(date(2024, 7, 25), date(2024, 10, 31))
        ),
        "second_twice": in_care(
            team,
            date(2025, 1, 2),
            reviews=(date(2025, 1, 14), date(2025, 4, 10), date(2025, 4, 10)),
        ),
        "ended_first": in_care(team, date(2025, 3, 10), ended=date(2025, 4, 3)),
    }


# --- Care plans ---------------------------------------------------------------------------------


def test_care_plans_due_in_the_period_and_the_share_agreed_by_their_due_day(authority, team_a):
    care_plan_cases(team_a)
    result = run(authority, "lac_care_plans_on_time")
    # on_the_day, a_day_late, before, not_agreed, first_of_april: 3 of 5 in time.
    assert (result.count, result.numerator, result.value) == (5, 3, Decimal("60.0"))
    assert {row.key: row.count for row in result.breakdown} == {
        "before_placement": 1,
        "in_time": 2,
        "late": 1,
        "not_agreed": 1,
    }


def test_a_care_plan_is_dated_by_its_due_day_with_the_working_days_it_took(authority, team_a):
    cases = care_plan_cases(team_a)
    rows, hidden = queries.fact_rows(
        INDICATORS["lac_care_plans_on_time"],
        queries.Period(*APRIL),
        authority,
        team_id=None,
        numerator_only=False,
        children_sql=("SELECT id FROM people_person", []),
        limit=None,
    )
    by_child = {row["child_id"]: (row["event_date"], row["days"], row["numerator"]) for row in rows}
    assert hidden == 0
    assert by_child[cases["on_the_day"].pk] == (date(2025, 4, 22), 10, 1)
    assert by_child[cases["a_day_late"].pk] == (date(2025, 4, 22), 11, 0)
    assert by_child[cases["before"].pk] == (date(2025, 4, 23), 0, 1)
    assert by_child[cases["not_agreed"].pk] == (date(2025, 4, 28), None, 0)
    assert by_child[cases["first_of_april"].pk] == (date(2025, 4, 1), 10, 1)


# --- Reviews ------------------------------------------------------------------------------------


def test_reviews_due_in_the_period_and_the_share_held_by_their_due_day(authority, team_a):
    review_cases(team_a)
    result = run(authority, "lac_reviews_on_time")
    # first_on_time, first_late, later_unheld, second_twice: 2 of 4 in time.
    assert (result.count, result.numerator, result.value) == (4, 2, Decimal("50.0"))
    assert {row.key: row.count for row in result.breakdown} == {
        "first_review": 2,
        "second_review": 1,
        "later_review": 1,
    }


def test_a_late_review_counts_its_working_days_late_across_easter(authority, team_a):
    cases = review_cases(team_a)
    rows, _ = queries.fact_rows(
        INDICATORS["lac_reviews_on_time"],
        queries.Period(*APRIL),
        authority,
        team_id=None,
        numerator_only=False,
        children_sql=("SELECT id FROM people_person", []),
        limit=None,
    )
    by_child = {row["child_id"]: (row["event_date"], row["days"]) for row in rows}
    assert by_child[cases["first_late"].pk] == (date(2025, 4, 17), 1)
    assert by_child[cases["first_on_time"].pk] == (date(2025, 4, 4), 0)
    assert by_child[cases["later_unheld"].pk] == (date(2025, 4, 30), None)


def test_each_review_due_in_a_year_is_counted_once(authority, team_a):
    # From 7 March 2025: first due 4 April (held 4 April), second 3 months later on 4 July
    # (held 10 July, late), third 6 months after that on 10 January 2026 (not held).
    in_care(team_a, date(2025, 3, 7), reviews=(date(2025, 4, 4), date(2025, 7, 10)))
    year = (date(2025, 4, 1), date(2026, 3, 31))
    result = run(authority, "lac_reviews_on_time", period=year)
    assert (result.count, result.numerator) == (3, 1)


@pytest.mark.parametrize(
    ("slug", "cases", "clocks"),
    [
        ("lac_care_plans_on_time", care_plan_cases, {"lac_care_plan"}),
        (
            "lac_reviews_on_time",
            review_cases,
            {"lac_first_review", "lac_second_review", "lac_later_review"},
        ),
    ],
)
def test_the_indicators_count_what_each_childs_timeline_says(
    authority, team_a, slug, cases, clocks
):
    children = cases(team_a)
    due: list[Any] = []
    for child in children.values():
        items = child_due_items(child=child, authority=authority, today=date(2025, 5, 15))
        due += [i for i in items if i.clock in clocks and APRIL[0] <= i.due <= APRIL[1]]
    result = run(authority, slug)
    assert result.count == len(due)
    assert result.numerator == sum(1 for i in due if i.status is ClockStatus.MET_IN_TIME)


def test_a_review_is_the_teams_that_held_the_case_on_the_day_it_was_due(authority, team_a, team_b):
    # Due Thu 17 April (as first_late); the case moved to Team B on Tue 15 April.
    child = ChildFactory()
    AllocationFactory(
        child=child, team=team_a, start_date=date(2025, 3, 20), end_date=date(2025, 4, 15)
    )
    AllocationFactory(child=child, team=team_b, start_date=date(2025, 4, 15))
    in_care(team_a, date(2025, 3, 20), reviews=(date(2025, 4, 22),), child=child)
    assert run(authority, "lac_reviews_on_time", team=team_a).count == 0
    assert run(authority, "lac_reviews_on_time", team=team_b).count == 1


# --- Who sees the children behind the numbers ---------------------------------------------------


@pytest.fixture
def in_care_personas(calendar, personas):
    """The personas' own child (Team A) and other child (Team B) in care from 4 April 2025 with
    no plan or review: each has a care plan due on 22 April."""
    for child in (personas.own_child, personas.other_child):
        in_care(None, date(2025, 4, 4), child=child)
    return personas


PERIOD = {"from": "2025-04-01", "to": "2025-04-30"}


def test_a_team_manager_sees_their_teams_child_by_name_and_the_other_counted(
    in_care_personas, sign_in
):
    client = sign_in(in_care_personas.team_manager)
    url = reverse("performance:children", args=["lac_care_plans_on_time"])
    listing = client.get(url, PERIOD).context["listing"]
    assert [row["name"] for row in listing.rows] == ["Own Child"]
    assert listing.hidden == 1
    audited = AuditEntry.objects.filter(object_type="performance.indicator")
    assert list(audited.values_list("child_id", flat=True)) == [in_care_personas.own_child.pk]


def test_an_analyst_sees_how_many_reviews_are_due_but_not_whose(in_care_personas, sign_in):
    client = sign_in(in_care_personas.analyst)
    page = client.get(reverse("performance:indicator", args=["lac_reviews_on_time"]), PERIOD)
    assert page.status_code == 200
    # First reviews due 7 May (20 working days from 4 April, over Easter and 5 May): none in April.
    assert page.context["result"].count == 0
    listing = client.get(
        reverse("performance:children", args=["lac_care_plans_on_time"]), PERIOD
    ).context["listing"]
    assert (len(listing.rows), listing.hidden) == (0, 2)
    assert (
        "Own Child"
        not in client.get(
            reverse("performance:children", args=["lac_care_plans_on_time"]), PERIOD
        ).content.decode()
    )


def test_the_indicator_pages_show_numerator_denominator_and_why_there_is_no_england_figure(
    in_care_personas, sign_in
):
    client = sign_in(in_care_personas.analyst)
    html = client.get(
        reverse("performance:indicator", args=["lac_care_plans_on_time"]), PERIOD
    ).content.decode()
    assert "Care plans agreed on time" in html
    assert "the DfE does not collect the date a care plan is agreed" in html
    result = client.get(
        reverse("performance:indicator", args=["lac_care_plans_on_time"]), PERIOD
    ).context["result"]
    assert (result.count, result.numerator, result.value) == (2, 0, Decimal("0.0"))


# --- Initial health assessments -------------------------------------------------------------


def test_initial_health_assessments_due_in_the_period_and_the_share_held_by_their_due_day(
    authority, team_a
):
    """20 working days from becoming looked after:

    - from Mon 17 March 2025: 18-21 (4), 24-28 (9), 31 March-4 April (14), 7-11 (19), Mon 14
      April (20); held that day: in time.
    - from Fri 21 March: 24-28 (5), 31-4 (10), 7-11 (15), 14-17 (19), (Easter) Tue 22 April
      (20); one held that day, in time; one not held.
    - from Thu 20 March: due Thu 17 April; held 22 April: late.
    - from 21 March, ended 10 April with none held: never fell due.
    """

    def with_assessment(since, held=None, ended=None):
        child = in_care(team_a, since, ended=ended)
        if held is not None:
            HealthAssessment.objects.create(
                child=child,
                period=child.care_periods.get(),
                kind=HealthAssessment.Kind.INITIAL,
                assessment_date=held,
                carried_out_by="Dr A Example",
            )

    with_assessment(date(2025, 3, 17), date(2025, 4, 14))
    with_assessment(date(2025, 3, 21), date(2025, 4, 22))
    with_assessment(date(2025, 3, 21))
    with_assessment(date(2025, 3, 20), date(2025, 4, 22))
    with_assessment(date(2025, 3, 21), ended=date(2025, 4, 10))

    result = run(authority, "lac_health_assessments_on_time")

    assert (result.count, result.numerator, result.value) == (4, 2, Decimal("50.0"))
    assert {row.key: row.count for row in result.breakdown} == {
        "before_care": 0,
        "in_time": 2,
        "late": 1,
        "not_held": 1,
    }
