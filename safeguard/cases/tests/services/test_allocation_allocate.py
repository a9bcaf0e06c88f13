"""`allocation_allocate`: who holds the child's case, with no gaps."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from safeguard.cases import services
from safeguard.cases.models import Allocation
from safeguard.cases.tests.factories import AllocationFactory
from safeguard.cases.tests.services.support import TODAY, TOMORROW, refused
from safeguard.organisation.models import Team, Worker
from safeguard.organisation.tests.factories import WorkerFactory
from safeguard.people.models import Person

pytestmark = pytest.mark.django_db


def test_the_frozen_clock_is_friday_14_march_2025() -> None:
    assert timezone.localdate() == TODAY


def test_a_first_allocation_opens_the_childs_allocation(
    child: Person, team: Team, worker: Worker, manager: Worker
) -> None:
    allocation = services.allocation_allocate(
        child=child,
        team=team,
        worker=worker,
        start_date=date(2025, 3, 10),
        reason="New referral",
        allocated_by=manager,
    )

    assert Allocation.objects.get() == allocation
    assert (allocation.worker, allocation.start_date, allocation.end_date) == (
        worker,
        date(2025, 3, 10),
        None,
    )


def test_a_new_allocation_ends_the_previous_one_on_the_same_day(
    child: Person, team: Team, worker: Worker
) -> None:
    previous = AllocationFactory(child=child, team=team, worker=worker)

    allocation = services.allocation_allocate(
        child=child,
        team=team,
        worker=None,
        start_date=date(2025, 3, 12),
        reason="Worker left",
        allocated_by=None,
    )

    previous.refresh_from_db()
    assert previous.end_date == date(2025, 3, 12)
    assert (allocation.worker, allocation.start_date, allocation.end_date) == (
        None,
        date(2025, 3, 12),
        None,
    )
    assert Allocation.objects.filter(child=child, end_date__isnull=True).get() == allocation


def test_an_allocation_cannot_start_before_the_current_one(
    child: Person, team: Team, worker: Worker
) -> None:
    AllocationFactory(child=child, team=team, worker=worker, start_date=date(2025, 3, 10))

    with refused("allocation_not_before_current"):
        services.allocation_allocate(
            child=child,
            team=team,
            worker=worker,
            start_date=date(2025, 3, 7),
            reason="",
            allocated_by=None,
        )


def test_a_case_cannot_be_allocated_to_a_worker_from_another_team(
    child: Person, team: Team
) -> None:
    outsider = WorkerFactory(authority=team.authority)

    with refused("allocation_worker_in_team") as caught:
        services.allocation_allocate(
            child=child,
            team=team,
            worker=outsider,
            start_date=date(2025, 3, 10),
            reason="",
            allocated_by=None,
        )

    assert caught.value.fields == ("worker",)


def test_an_allocation_cannot_start_in_the_future(child: Person, team: Team) -> None:
    with refused("date_not_in_future"):
        services.allocation_allocate(
            child=child, team=team, worker=None, start_date=TOMORROW, reason="", allocated_by=None
        )
