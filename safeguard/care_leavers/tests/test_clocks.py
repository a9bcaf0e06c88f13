"""The needs assessment and pathway plan review clocks, hand-worked across bank holidays:
calendar months, so a due day on a bank holiday stays where it falls, while "due soon" counts
the working days left (Christmas and Boxing Day not among them)."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.care_leavers.clocks import (
    NEEDS_ASSESSMENT,
    PATHWAY_REVIEW,
    CareLeaverFacts,
    care_leaver_due_items,
)
from safeguard.care_leavers.selectors import open_care_leaver_clocks
from safeguard.care_leavers.tests.support import BORN, make_care_leaver
from safeguard.people.tests.factories import ChildFactory
from safeguard.timescales.clocks import ClockStatus, local_timescales


def _items(facts: CareLeaverFacts, today: date) -> list:
    return care_leaver_due_items(facts, today=today, timescales={})


def test_the_needs_assessment_is_due_three_months_after_becoming_eligible():
    # Eligible on Wednesday 26 February 2025: due Monday 26 May, the spring bank holiday.
    facts = CareLeaverFacts(child_id=1, eligible_from=date(2025, 2, 26), entitled_now=True)
    (item,) = _items(facts, today=date(2025, 5, 19))
    assert (item.clock, item.due) == (NEEDS_ASSESSMENT, date(2025, 5, 26))
    # 20-23 May are working days and 26 May is not: four left, so due soon.
    assert item.status is ClockStatus.DUE_SOON


def test_an_assessment_done_after_the_due_day_is_met_late():
    facts = CareLeaverFacts(
        child_id=1,
        eligible_from=date(2025, 2, 26),
        entitled_now=True,
        assessments=[date(2025, 5, 27)],
    )
    (item,) = _items(facts, today=date(2025, 6, 2))
    assert item.status is ClockStatus.MET_LATE


def test_pathway_plan_reviews_chain_six_monthly_over_christmas():
    # Agreed Tuesday 25 June 2024: review due Wednesday 25 December; reviewed on Friday 20
    # December, so the next is due Friday 20 June 2025.
    facts = CareLeaverFacts(
        child_id=1,
        eligible_from=date(2024, 3, 1),
        entitled_now=True,
        assessments=[date(2024, 4, 2)],
        plans=[(7, date(2024, 6, 25), [date(2024, 12, 20)])],
    )
    reviews = [i for i in _items(facts, today=date(2025, 6, 13)) if i.clock == PATHWAY_REVIEW]
    assert [(i.due, i.status) for i in reviews] == [
        (date(2024, 12, 25), ClockStatus.MET_IN_TIME),
        (date(2025, 6, 20), ClockStatus.DUE_SOON),
    ]


def test_the_review_due_on_christmas_day_is_due_soon_from_the_week_before():
    facts = CareLeaverFacts(
        child_id=1,
        eligible_from=date(2024, 3, 1),
        entitled_now=True,
        assessments=[date(2024, 4, 2)],
        plans=[(7, date(2024, 6, 25), [])],
    )
    # Thursday 19 December: 20, 23 and 24 December are the working days left.
    (review,) = [i for i in _items(facts, date(2024, 12, 19)) if i.clock == PATHWAY_REVIEW]
    assert review.status is ClockStatus.DUE_SOON
    (review,) = [i for i in _items(facts, date(2024, 12, 27)) if i.clock == PATHWAY_REVIEW]
    assert review.status is ClockStatus.OVERDUE


def test_no_open_review_once_the_young_person_is_no_longer_entitled():
    facts = CareLeaverFacts(
        child_id=1,
        eligible_from=date(2020, 3, 1),
        entitled_now=False,
        assessments=[],
        plans=[(7, date(2020, 6, 1), [date(2020, 11, 30)])],
    )
    items = _items(facts, date(2025, 1, 6))
    assert [i.clock for i in items if i.is_open] == []
    needs = next(i for i in items if i.clock == NEEDS_ASSESSMENT)
    assert needs.closed and needs.met is None


def test_a_young_person_who_never_qualified_has_no_clocks():
    facts = CareLeaverFacts(child_id=1, eligible_from=None, entitled_now=False)
    assert _items(facts, date(2025, 1, 6)) == []


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 5])
def test_the_open_clocks_are_read_in_two_queries_whatever_the_number_of_young_people(
    personas, calendar, django_assert_num_queries, size
):
    ids = [make_care_leaver(ChildFactory()).pk for _ in range(size)]
    timescales = local_timescales(personas.authority)

    # Their spells of care, then what is recorded of them.
    with django_assert_num_queries(2):
        items = open_care_leaver_clocks(ids, date(2025, 3, 14), timescales)
    # Each is relevant since leaving care: the needs assessment from the 16th birthday is open.
    assert sorted(i.child_id for i in items if i.clock == "care_leaver_needs_assessment") == ids


@pytest.mark.django_db
def test_children_too_young_to_be_care_leavers_take_one_query_and_have_no_clocks(
    personas, calendar, django_assert_num_queries
):
    child = make_care_leaver(ChildFactory())
    timescales = local_timescales(personas.authority)

    # The day before the 16th birthday: no one of an age to be a care leaver, so nothing
    # more is read.
    with django_assert_num_queries(1):
        assert open_care_leaver_clocks([child.pk], date(2024, 6, 9), timescales) == []
    # On it, still looked after with 13 weeks behind them: eligible, the needs assessment due.
    with django_assert_num_queries(2):
        (item,) = open_care_leaver_clocks([child.pk], date(2024, 6, 10), timescales)
    assert (item.child_id, item.clock) == (child.pk, NEEDS_ASSESSMENT)


@pytest.mark.django_db
def test_every_young_person_is_asked_about_when_no_children_are_named(personas, calendar):
    leaver = make_care_leaver(ChildFactory())
    never_looked_after = ChildFactory(date_of_birth=BORN)
    timescales = local_timescales(personas.authority)

    items = open_care_leaver_clocks(None, date(2025, 3, 14), timescales)

    assert {i.child_id for i in items} == {leaver.pk}
    assert never_looked_after.pk not in {i.child_id for i in items}
