"""The set-based overdue queries, checked against hand-worked dates and the pure timeline."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from safeguard.cases import selectors, services
from safeguard.cases.tests.conference_answers import initial_conference, review_conference
from safeguard.cases.workflow.timeline import open_items
from safeguard.common import codes
from safeguard.organisation.models import Authority, Team, Worker
from safeguard.people.models import Person

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def authority(db, calendar):
    return Authority.objects.create(name="Testshire", la_code="998", child_population=10_000)


@pytest.fixture
def teams(authority):
    return (
        Team.objects.create(authority=authority, name="Front door", kind=Team.Kind.FRONT_DOOR),
        Team.objects.create(authority=authority, name="CP team 1", kind=Team.Kind.CHILD_PROTECTION),
        Team.objects.create(authority=authority, name="CP team 2", kind=Team.Kind.CHILD_PROTECTION),
    )


def _child(name: str) -> Person:
    return Person.objects.create(
        first_name=name, last_name="Testchild", date_of_birth=date(2015, 5, 1)
    )


def _plan_from_enquiry(referral, discussion_date: date, conference_date: date) -> None:
    """A section 47 enquiry from a strategy discussion, and an initial conference that puts
    the child on a plan (neglect)."""
    discussion = services.strategy_discussion_record(
        referral=referral, discussion_date=discussion_date, section47_started=True
    )
    services.initial_conference_record(
        enquiry=discussion.section47_enquiry,
        conference_date=conference_date,
        outcome="plan",
        chair=None,
        category="NEG",
        **initial_conference(conference_date),
    )


@pytest.fixture
def case_on_plan(authority, teams):
    """A child on a plan from Tuesday 3 December 2024, last seen on a visit on 6 December."""
    _, cp_team, _ = teams
    worker = Worker.objects.create(
        authority=authority,
        first_name="Ada",
        last_name="Worker",
        role="social_worker",
        team=cp_team,
        started_on=date(2020, 1, 1),
    )
    child = _child("Rowan")
    with time_machine.travel(datetime(2024, 12, 20, 12, tzinfo=LONDON), tick=False):
        services.allocation_allocate(
            child=child,
            team=cp_team,
            worker=worker,
            start_date=date(2024, 11, 1),
            reason="",
            allocated_by=None,
        )
        referral = services.referral_open(
            child=child, referral_date=date(2024, 11, 1), source="6", team=cp_team
        )
        services.assessment_start(referral=referral, start_date=date(2024, 11, 4))
        _plan_from_enquiry(referral, date(2024, 11, 12), date(2024, 12, 3))
        services.visit_record(
            child=child,
            kind=codes.VisitKind.CP_VISIT,
            visit_date=date(2024, 12, 6),
            child_seen=True,
            wishes_and_feelings="Said she likes her new school.",
            seen_alone=True,
            visited_by=worker,
        )
        # A visit where the child was not seen does not restart the clock.
        services.visit_record(
            child=child,
            kind=codes.VisitKind.CP_VISIT,
            visit_date=date(2024, 12, 18),
            child_seen=False,
            seen_alone=False,
            not_seen_reason="No answer at the door",
            visited_by=worker,
        )
    return child


def test_overdue_for_authority_finds_each_late_clock_with_hand_worked_dates(
    authority, case_on_plan
):
    # On 20 January 2025:
    # - assessment: referral Fri 1 Nov 2024 + 45 working days = Wed 8 Jan 2025
    #   (4-29 Nov: 20; December: 22 weekdays less 25 and 26 Dec = 20, so 40 by 31 Dec;
    #   1 Jan is a bank holiday; 2, 3, 6, 7, 8 Jan make 45) -> overdue;
    # - first core group: ICPC Tue 3 Dec + 10 working days = Tue 17 Dec -> overdue;
    # - CP visit: last seen Fri 6 Dec + 10 working days = Fri 20 Dec -> overdue (the unseen
    #   visit on 18 Dec does not count);
    # - first review: 3 Dec + 3 months = 3 Mar 2025 -> not yet due.
    items = selectors.overdue_for_authority(authority=authority, today=date(2025, 1, 20))
    assert [(i.clock, i.due) for i in items] == [
        ("first_core_group", date(2024, 12, 17)),
        ("cp_visit", date(2024, 12, 20)),
        ("assessment", date(2025, 1, 8)),
    ]
    assert {i.child_id for i in items} == {case_on_plan.pk}


def test_overdue_for_team_only_lists_children_allocated_to_that_team(
    authority, teams, case_on_plan
):
    _, cp_team, other_team = teams
    assert len(selectors.overdue_for_team(team=cp_team, today=date(2025, 1, 20))) == 3
    assert selectors.overdue_for_team(team=other_team, today=date(2025, 1, 20)) == []


def test_a_seen_visit_clears_the_overdue_visit(authority, case_on_plan):
    with time_machine.travel(datetime(2025, 1, 20, 12, tzinfo=LONDON), tick=False):
        services.visit_record(
            child=case_on_plan,
            kind=codes.VisitKind.CP_VISIT,
            visit_date=date(2025, 1, 20),
            child_seen=True,
            wishes_and_feelings="Said she likes her new school.",
            seen_alone=False,
            visited_by=None,
        )
    clocks = [
        i.clock
        for i in selectors.overdue_for_authority(authority=authority, today=date(2025, 1, 21))
    ]
    assert "cp_visit" not in clocks


def test_sql_and_python_timelines_agree_on_open_items(authority, case_on_plan):
    today = date(2025, 1, 20)
    python = {
        (i.clock, i.subject_id, i.due)
        for i in open_items(
            selectors.child_due_items(child=case_on_plan, authority=authority, today=today)
        )
        if i.due < today
    }
    sql = {
        (i.clock, i.subject_id, i.due)
        for i in selectors.overdue_for_authority(authority=authority, today=today)
    }
    assert python == sql


def test_overdue_is_one_query_whatever_the_number_of_clocks(
    authority, case_on_plan, django_assert_num_queries, social_care_only
):
    # The case record's own clocks; other apps' sources count theirs (test_clock_sources.py).
    with django_assert_num_queries(1):
        selectors.overdue_for_authority(authority=authority, today=date(2025, 1, 20))


def test_the_due_before_filter_passes_exactly_what_comparing_due_dates_passes(
    authority, teams, case_on_plan
):
    """The team dashboard asks "due before today" of the start dates
    (`clock_due_before_q`); on every day around the items' due dates it must pass the
    same items as comparing the due dates themselves, for each way a clock counts: a first
    and a later review conference, a visit, an assessment, an initial conference."""
    from safeguard.cases.models import ChildProtectionPlan
    from safeguard.cases.selectors.timescales import clock_due_before_q, clock_querysets_by_name

    _, cp_team, _ = teams
    waiting = _child("Sage")
    with time_machine.travel(datetime(2025, 1, 6, 12, tzinfo=LONDON), tick=False):
        referral = services.referral_open(
            child=waiting, referral_date=date(2024, 12, 16), source="6", team=cp_team
        )
        # A section 47 enquiry from Friday 20 December, still without its conference.
        services.strategy_discussion_record(
            referral=referral, discussion_date=date(2024, 12, 20), section47_started=True
        )
        second = _child("Ash")
        later = services.referral_open(
            child=second, referral_date=date(2024, 6, 3), source="6", team=cp_team
        )
        _plan_from_enquiry(later, date(2024, 6, 10), date(2024, 6, 28))
        plan = ChildProtectionPlan.objects.get(child=second)
        # A review held, so the next is counted from it (six months), not from the plan.
        services.review_conference_record(
            plan=plan,
            conference_date=date(2024, 9, 27),
            outcome="continue_plan",
            chair=None,
            **review_conference(date(2024, 9, 27)),
        )

    clocks = clock_querysets_by_name(authority)
    day = date(2024, 12, 1)
    while day < date(2025, 5, 1):
        for name in ("assessment", "initial_conference", "review_conference", "cp_visit"):
            by_due = {row["o_subject_id"] for row in clocks[name].filter(o_due__lt=day)}
            by_start = {
                row["o_subject_id"]
                for row in clocks[name].filter(clock_due_before_q(authority, name, day))
            }
            assert by_start == by_due, (name, day)
        day += timedelta(days=2)
