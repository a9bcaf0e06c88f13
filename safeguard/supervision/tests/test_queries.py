"""The workforce figure "case supervision on time", worked by hand from the clock."""

from datetime import date

import pytest

from safeguard.cases.tests.factories import AllocationFactory
from safeguard.organisation.tests.factories import AuthorityFactory, TeamFactory, WorkerFactory
from safeguard.supervision.queries import supervisions_on_time
from safeguard.supervision.tests.factories import CaseSupervisionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return TeamFactory(authority=AuthorityFactory())


def _supervise(allocation, *days):
    for day in days:
        CaseSupervisionFactory(
            allocation=allocation,
            child=allocation.child,
            case_holder=allocation.worker,
            supervisor=allocation.worker,
            held_on=day,
        )


def test_supervisions_due_in_the_period_are_counted_with_those_held_by_their_due_date(team):
    worker = WorkerFactory(authority=team.authority, team=team)
    # Allocated Wednesday 25 November 2026: due 29 December (past Christmas); held 22 December
    # (on time); next due Friday 22 January 2027, held 1 February (late); next due Monday
    # 1 March 2027, not held by 31 March.
    first = AllocationFactory(team=team, worker=worker, start_date=date(2026, 11, 25))
    _supervise(first, date(2026, 12, 22), date(2027, 2, 1))
    # Allocated Tuesday 3 March 2026, closed 31 March 2027: due 7 April 2026 (past Easter),
    # held 7 April (on time); next due 7 May 2026, then nothing: overdue since, no more due.
    second = AllocationFactory(
        team=team, worker=worker, start_date=date(2026, 3, 3), end_date=date(2027, 3, 31)
    )
    _supervise(second, date(2026, 4, 7))
    whole = supervisions_on_time(team.authority_id, date(2026, 1, 1), date(2027, 3, 31))
    # Due: 29 Dec, 22 Jan, 1 Mar (first); 7 Apr, 7 May (second). On time: 29 Dec, 7 Apr.
    assert whole == (2, 5)
    # January to March 2027 only: 22 January (late) and 1 March (not held).
    assert supervisions_on_time(team.authority_id, date(2027, 1, 1), date(2027, 3, 31)) == (0, 2)


def test_only_the_named_workers_cases_are_counted_when_asked(team):
    mine, theirs = WorkerFactory.create_batch(2, authority=team.authority, team=team)
    _supervise(
        AllocationFactory(team=team, worker=mine, start_date=date(2026, 3, 3)), date(2026, 4, 1)
    )
    AllocationFactory(team=team, worker=theirs, start_date=date(2026, 3, 3))
    period = (date(2026, 4, 1), date(2026, 4, 30))
    assert supervisions_on_time(team.authority_id, *period) == (1, 2)
    assert supervisions_on_time(team.authority_id, *period, worker_ids=[mine.pk]) == (1, 1)
    assert supervisions_on_time(team.authority_id, *period, worker_ids=[]) == (0, 0)


def test_another_authoritys_cases_and_unallocated_cases_are_not_counted(team):
    AllocationFactory(team=team, worker=None, start_date=date(2026, 3, 3))
    AllocationFactory(start_date=date(2026, 3, 3))  # a team of another authority
    assert supervisions_on_time(team.authority_id, date(2026, 1, 1), date(2026, 12, 31)) == (0, 0)


def test_the_authoritys_own_interval_sets_the_due_dates(team):
    team.authority.supervision_interval_months = 2
    team.authority.save()
    worker = WorkerFactory(authority=team.authority, team=team)
    # Allocated 15 January 2026: due 16 March (15 March is a Sunday); held 10 March.
    _supervise(
        AllocationFactory(team=team, worker=worker, start_date=date(2026, 1, 15)),
        date(2026, 3, 10),
    )
    assert supervisions_on_time(team.authority_id, date(2026, 2, 1), date(2026, 3, 31)) == (1, 1)
    assert supervisions_on_time(team.authority_id, date(2026, 2, 1), date(2026, 2, 28)) == (0, 0)


def test_it_reads_in_two_queries_besides_the_interval(team, django_assert_num_queries):
    worker = WorkerFactory(authority=team.authority, team=team)
    for _ in range(3):
        _supervise(
            AllocationFactory(team=team, worker=worker, start_date=date(2026, 3, 3)),
            date(2026, 4, 1),
        )
    with django_assert_num_queries(3):
        assert supervisions_on_time(team.authority_id, date(2026, 4, 1), date(2026, 4, 30)) == (
            3,
            3,
        )
