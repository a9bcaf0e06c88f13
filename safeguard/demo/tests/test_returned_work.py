"""The demo's returned assessment (safeguard/demo/returned_work.py): a colleague's assessment
under way moves with its case to sw.demo, who sends it; tm.demo returns it with a reason, on
the as-of morning; sw.demo finds it on their task list. Tried on the personas, named as the
demo's accounts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from safeguard.cases import services
from safeguard.cases.models import Allocation, ManagementDecision
from safeguard.cases.workflow import rules
from safeguard.common import codes
from safeguard.demo.returned_work import (
    RETURN_REASON,
    SECTIONS,
    demo_accounts_email,
    demo_returned_assessment_create,
)
from safeguard.organisation.models import Worker
from safeguard.people.tests.factories import ChildFactory
from safeguard.tasks.selectors import TaskKind, task_list_get

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
AS_OF = date(2025, 3, 14)


@pytest.fixture(autouse=True)
def frozen(calendar: Any) -> Iterator[None]:
    with time_machine.travel(datetime(2025, 3, 14, 16, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def demo_names(personas: Any) -> Any:
    for user, name in ((personas.social_worker, "sw.demo"), (personas.team_manager, "tm.demo")):
        user.username = name
        user.save()
    return personas


def _colleagues_assessment(personas: Any, django_user_model: Any) -> Any:
    colleague = Worker.objects.create(
        authority=personas.authority,
        user=django_user_model.objects.create_user(username="colleague", password="p" * 16),
        first_name="Col",
        last_name="League",
        role=Worker.Role.SOCIAL_WORKER,
        team=personas.team,
        started_on=date(2020, 1, 6),
    )
    child = ChildFactory(first_name="Moved", last_name="Testchild")
    services.allocation_allocate(
        child=child,
        team=personas.team,
        worker=colleague,
        start_date=date(2025, 1, 6),
        reason="",
        allocated_by=None,
    )
    referral = services.referral_open(
        child=child,
        referral_date=date(2025, 2, 3),
        source=codes.ReferralSource.SCHOOL,
        team=personas.team,
        primary_need=codes.PrimaryNeed.N1,
    )
    assessment = services.assessment_start(
        referral=referral, start_date=date(2025, 2, 3), worker=colleague
    )
    assessment.child_seen_date = date(2025, 2, 5)
    assessment.save()
    return assessment


def test_a_colleagues_assessment_moves_to_sw_demo_and_comes_back_with_a_reason(
    demo_names, django_user_model
):
    started = _colleagues_assessment(demo_names, django_user_model)

    returned = demo_returned_assessment_create(as_of=AS_OF)

    assert returned is not None and returned.pk == started.pk
    assert returned.submitted_date is None
    # What sw.demo sent is kept for them to rework: every section written.
    assert {name: getattr(returned, name) for name in rules.ASSESSMENT_SECTIONS} == SECTIONS
    holder = Allocation.objects.get(child=started.child, end_date__isnull=True)
    # Moved eight working days before the as-of date, by tm.demo, with the reason.
    assert (holder.worker, holder.start_date, holder.allocated_by) == (
        demo_names.social_worker.worker,
        date(2025, 3, 4),
        demo_names.team_manager.worker,
    )
    decision = ManagementDecision.objects.get(kind=ManagementDecision.Kind.RETURN)
    assert decision.rationale == RETURN_REASON
    assert decision.decided_at == datetime(2025, 3, 14, 9, 20, tzinfo=LONDON)
    tasks = task_list_get(user=demo_names.social_worker, today=AS_OF)
    returned_tasks = next(s for s in tasks.sections if s.kind == TaskKind.RETURNED).tasks
    assert [t.title for t in returned_tasks] == ["Rework Moved Testchild's assessment"]
    assert returned_tasks[0].quote == RETURN_REASON


def test_nothing_is_returned_when_no_assessment_fits(demo_names):
    assert demo_returned_assessment_create(as_of=AS_OF) is None
    assert not ManagementDecision.objects.exists()


def test_demo_staff_accounts_get_a_work_address_and_the_partner_none(demo_names, django_user_model):
    partner = django_user_model.objects.create_user(username="school.demo", password="p" * 16)

    demo_accounts_email()

    demo_names.social_worker.refresh_from_db()
    partner.refresh_from_db()
    assert demo_names.social_worker.email == "sw.demo@northbridge.example"
    assert partner.email == ""
