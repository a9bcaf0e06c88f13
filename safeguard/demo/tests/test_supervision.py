"""The demo's supervision (issue 17) on the demo tests' shared authority (scale 0.01, seed 5,
as of 14 November 2025, see conftest): case supervision of the allocated cases over the year,
mostly on time and improving, some overdue on the day; personal supervision of the
case-holding workers; every row as the services' rules allow; the same rows for the same seed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import F

from safeguard.cases.models import Allocation
from safeguard.demo.generator.supervision import give_supervision
from safeguard.organisation.models import Authority, Worker
from safeguard.supervision.clock import next_supervision_due
from safeguard.supervision.models import CaseSupervision, PersonalSupervision, SupervisionAction
from safeguard.supervision.queries import supervisions_on_time

from .conftest import AS_OF, SEED

pytestmark = pytest.mark.django_db

SCALE = 0.01
YEAR_START = AS_OF - timedelta(days=365)


@pytest.fixture
def supervision(northbridge: None) -> None:
    """The supervision rows, written now unless `generate_demo` already wrote them."""
    if not CaseSupervision.objects.exists():
        give_supervision(SEED, SCALE, AS_OF)


def _authority() -> Authority:
    return Authority.objects.order_by("pk").first()  # type: ignore[return-value]


def test_allocated_cases_and_workers_are_supervised_over_the_year(supervision: None) -> None:
    assert CaseSupervision.objects.filter(held_on__gte=YEAR_START).count() >= 20
    assert SupervisionAction.objects.exists()
    assert PersonalSupervision.objects.filter(held_on__gte=YEAR_START).count() >= 10
    assert not CaseSupervision.objects.filter(held_on__gt=AS_OF).exists()
    assert not PersonalSupervision.objects.filter(held_on__gt=AS_OF).exists()
    assert not SupervisionAction.objects.filter(done_on__gt=AS_OF).exists()


def test_supervision_is_mostly_on_time_and_improves_through_the_year(supervision: None) -> None:
    authority = _authority()
    first = supervisions_on_time(authority.pk, YEAR_START, YEAR_START + timedelta(days=120))
    last = supervisions_on_time(authority.pk, AS_OF - timedelta(days=120), AS_OF)
    whole = supervisions_on_time(authority.pk, YEAR_START, AS_OF)
    assert whole[1] > 0 and whole[0] / whole[1] >= 0.6
    assert last[0] / last[1] > first[0] / first[1]


def test_some_case_supervision_is_overdue_on_the_day_of_the_demo(supervision: None) -> None:
    interval = _authority().supervision_interval_months
    overdue = 0
    for allocation in Allocation.objects.filter(
        end_date__isnull=True, worker__isnull=False, team__manager__isnull=False
    ):
        last = (
            CaseSupervision.objects.filter(child=allocation.child_id)
            .order_by("-held_on")
            .values_list("held_on", flat=True)
            .first()
        )
        overdue += next_supervision_due(allocation.start_date, last, interval) < AS_OF
    assert overdue >= 1


def test_each_supervisor_is_one_the_services_would_accept(supervision: None) -> None:
    # The case holder's team manager (never the case holder), and the worker's line manager.
    assert not CaseSupervision.objects.filter(supervisor=F("case_holder")).exists()
    for supervision_row in CaseSupervision.objects.select_related("case_holder__team")[:200]:
        team = supervision_row.case_holder.team
        assert team is not None and team.manager_id == supervision_row.supervisor_id
    assert not PersonalSupervision.objects.filter(supervisor=F("worker")).exists()
    assert not SupervisionAction.objects.filter(due_on__lt=F("supervision__held_on")).exists()
    for row in PersonalSupervision.objects.select_related("worker")[:200]:
        worker: Worker = row.worker
        assert worker.started_on <= row.held_on
        assert worker.left_on is None or row.held_on <= worker.left_on


def test_the_same_seed_writes_the_same_supervision(supervision: None) -> None:
    before = list(
        CaseSupervision.objects.order_by("child_id", "held_on").values_list(
            "child_id", "held_on", "decisions"
        )
    )
    SupervisionAction.objects.all().delete()
    CaseSupervision.objects.all().delete()
    PersonalSupervision.objects.all().delete()
    written = give_supervision(SEED, SCALE, AS_OF)
    assert written["supervision.casesupervision"] == len(before)
    again = list(
        CaseSupervision.objects.order_by("child_id", "held_on").values_list(
            "child_id", "held_on", "decisions"
        )
    )
    assert again == before
    assert date(2000, 1, 1) < min(h for _, h, _ in again)
