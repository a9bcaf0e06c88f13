"""Each kind of task: it appears because the record says so, links to where it is done, and
clears when the record changes; and nobody sees a task about a child outside their need to
know (the other team's worker, a restricted record)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from safeguard.access.services import break_glass_grant
from safeguard.agencies.signals.models import Signal
from safeguard.agencies.signals.services import signal_acknowledge
from safeguard.agencies.signals.tests.factories import signal_about
from safeguard.cases import services
from safeguard.cases.tests.factories import (
    ChildProtectionPlanFactory,
    PlacementFactory,
    ReferralFactory,
    VisitFactory,
)
from safeguard.common import codes
from safeguard.front_door import services as front_door
from safeguard.front_door.tests.mash_support import waiting_contact
from safeguard.people.tests.factories import ChildFactory
from safeguard.tasks.selectors import TaskKind, task_list_get
from safeguard.tasks.services import allocation_acknowledge
from safeguard.tasks.tests.support import (
    NOW,
    RETURN_REASON,
    TODAY,
    referral_for,
    resubmit,
    returned_assessment,
    submitted_assessment,
    titles,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(calendar: Any) -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def tasks_of(user: Any) -> Any:
    return task_list_get(user=user, today=TODAY)


def section(tasks: Any, kind: TaskKind) -> Any:
    return next(s for s in tasks.sections if s.kind == kind)


# --- Work returned ------------------------------------------------------------------------


def test_a_returned_assessment_is_the_workers_task_with_the_managers_reason(personas):
    assessment = returned_assessment(personas)

    (task,) = section(tasks_of(personas.social_worker), TaskKind.RETURNED).tasks

    assert task.title == "Rework Own Child's assessment"
    assert task.url == reverse("cases:assessment_edit", args=[assessment.pk])
    assert task.quote == RETURN_REASON
    assert task.details[0] == "Returned by Tm Persona on 14 March 2025"
    # 45 working days from Monday 10 February 2025.
    assert task.details[1] == "Due by 14 April 2025"


def test_a_returned_assessment_clears_when_the_worker_sends_it_back(personas):
    assessment = returned_assessment(personas)

    resubmit(assessment)

    assert titles(tasks_of(personas.social_worker), TaskKind.RETURNED) == []
    # ... and is the manager's to decide again.
    assert titles(tasks_of(personas.team_manager), TaskKind.AUTHORISATION) == [
        "Review Own Child's assessment"
    ]


def test_a_second_return_shows_the_latest_reason(personas):
    assessment = returned_assessment(personas, reason="First: add the father's view.")
    resubmit(assessment)
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        services.assessment_return(
            assessment=assessment,
            returned_by=personas.team_manager.worker,
            rationale="Second: the analysis does not follow from the evidence.",
        )

    (task,) = section(tasks_of(personas.social_worker), TaskKind.RETURNED).tasks

    assert task.quote == "Second: the analysis does not follow from the evidence."


def test_returned_work_is_tagged_only_when_overdue_or_due_soon(personas):
    returned_assessment(personas)
    late = ChildFactory(first_name="Late", last_name="Testchild")
    services.allocation_allocate(
        child=late,
        team=personas.team,
        worker=personas.social_worker.worker,
        start_date=date(2024, 6, 3),
        reason="",
        allocated_by=None,
    )
    # Referred Monday 6 January 2025: due Monday 10 March, overdue on the 14th.
    returned_assessment(personas, late, referral_date=date(2025, 1, 6))

    tags = {
        task.title: task.status.label if task.status else None
        for task in section(tasks_of(personas.social_worker), TaskKind.RETURNED).tasks
    }

    assert tags == {
        "Rework Own Child's assessment": None,
        "Rework Late Testchild's assessment": "Overdue",
    }


def test_an_assessment_never_returned_is_not_work_returned(personas):
    referral = referral_for(personas, personas.own_child)
    services.assessment_start(
        referral=referral, start_date=referral.referral_date, worker=personas.social_worker.worker
    )

    assert titles(tasks_of(personas.social_worker), TaskKind.RETURNED) == []


def test_a_returned_assessment_leaves_when_the_referral_is_closed(personas):
    assessment = returned_assessment(personas)

    # The services close no referral with open work; a record brought in from another system
    # can hold one, and its assessment is no one's work any more.
    type(assessment.referral).objects.filter(pk=assessment.referral_id).update(
        closure_date=TODAY, closure_reason=codes.ReasonForClosure.RC8
    )

    assert titles(tasks_of(personas.social_worker), TaskKind.RETURNED) == []


def test_returned_work_is_seen_by_nobody_outside_the_childs_need_to_know(personas):
    returned_assessment(personas)
    # The worker is allocated the restricted child but not named on the record.
    returned_assessment(personas, personas.restricted_child)

    assert titles(tasks_of(personas.social_worker), TaskKind.RETURNED) == [
        "Rework Own Child's assessment"
    ]
    assert tasks_of(personas.other_worker).total == 0


# --- Authorisations waiting ---------------------------------------------------------------


def test_an_assessment_sent_for_authorisation_waits_for_the_teams_managers(personas):
    assessment = submitted_assessment(personas)

    for manager in (personas.team_manager, personas.head_of_service):
        (task,) = section(tasks_of(manager), TaskKind.AUTHORISATION).tasks
        assert task.title == "Review Own Child's assessment"
        assert task.url == reverse("cases:assessment_review", args=[assessment.pk])
        assert task.details[0] == "Sent for authorisation by Sw Persona on 10 March 2025"
    # A worker has no authorisations to give.
    assert TaskKind.AUTHORISATION not in tasks_of(personas.social_worker).counts()


def test_an_authorisation_clears_when_the_manager_decides(personas):
    assessment = submitted_assessment(personas)

    services.assessment_authorise(
        assessment=assessment,
        authorised_date=TODAY,
        authorised_by=personas.team_manager.worker,
        rationale="Thorough; a plan is needed.",
    )

    assert titles(tasks_of(personas.team_manager), TaskKind.AUTHORISATION) == []


def test_a_restricted_records_authorisation_waits_only_for_the_managers_named_on_it(personas):
    submitted_assessment(personas, personas.restricted_child)

    assert titles(tasks_of(personas.team_manager), TaskKind.AUTHORISATION) == [
        "Review Restricted Child's assessment"
    ]
    assert titles(tasks_of(personas.head_of_service), TaskKind.AUTHORISATION) == []


def test_another_teams_manager_never_sees_the_authorisation(personas, django_user_model):
    from safeguard.organisation.models import Worker

    submitted_assessment(personas)
    user = django_user_model.objects.create_user(username="tmb", password="p" * 16)
    personas.other_team.manager = Worker.objects.create(
        authority=personas.authority,
        user=user,
        first_name="Tmb",
        last_name="Persona",
        role=Worker.Role.TEAM_MANAGER,
        team=personas.other_team,
        started_on=date(2020, 1, 6),
    )
    personas.other_team.save()

    assert tasks_of(user).total == 0


# --- New allocations ----------------------------------------------------------------------


def _allocate_team_child_to_the_worker(personas: Any, on: date = TODAY) -> Any:
    return services.allocation_allocate(
        child=personas.team_child,
        team=personas.team,
        worker=personas.social_worker.worker,
        start_date=on,
        reason="Capacity in the team.",
        allocated_by=personas.team_manager.worker,
    )


def test_a_new_allocation_is_the_workers_task_until_they_have_seen_it(personas):
    allocation = _allocate_team_child_to_the_worker(personas)

    (task,) = section(tasks_of(personas.social_worker), TaskKind.ALLOCATION).tasks
    assert task.title == "Team Child"
    assert task.url == reverse("cases:child_record", args=[personas.team_child.pk])
    assert task.details == ("Allocated to you by Tm Persona on 14 March 2025, Team A",)
    assert task.allocation_id == allocation.pk

    allocation_acknowledge(user=personas.social_worker, allocation=allocation)

    assert titles(tasks_of(personas.social_worker), TaskKind.ALLOCATION) == []


def test_an_allocation_older_than_ten_working_days_is_not_new(personas):
    # Friday 28 February 2025 is 10 working days before Friday 14 March; the day before is 11.
    _allocate_team_child_to_the_worker(personas, on=date(2025, 2, 27))

    assert titles(tasks_of(personas.social_worker), TaskKind.ALLOCATION) == []


def test_an_allocation_ten_working_days_old_is_still_new(personas):
    _allocate_team_child_to_the_worker(personas, on=date(2025, 2, 28))

    assert titles(tasks_of(personas.social_worker), TaskKind.ALLOCATION) == ["Team Child"]


def test_a_case_a_manager_allocated_to_themselves_is_not_news_to_them(personas):
    services.allocation_allocate(
        child=personas.team_child,
        team=personas.team,
        worker=personas.team_manager.worker,
        start_date=TODAY,
        reason="Holding it myself.",
        allocated_by=personas.team_manager.worker,
    )

    assert titles(tasks_of(personas.team_manager), TaskKind.ALLOCATION) == []


def test_the_worker_who_lost_a_case_is_no_longer_told_of_it(personas):
    _allocate_team_child_to_the_worker(personas)
    services.allocation_allocate(
        child=personas.team_child,
        team=personas.other_team,
        worker=personas.other_worker.worker,
        start_date=TODAY,
        reason="Moved to Team B.",
        allocated_by=personas.team_manager.worker,
    )

    assert titles(tasks_of(personas.social_worker), TaskKind.ALLOCATION) == []
    assert titles(tasks_of(personas.other_worker), TaskKind.ALLOCATION) == ["Team Child"]


# --- Due soon or overdue ------------------------------------------------------------------


def test_an_overdue_assessment_is_due_work_linking_to_the_assessment(personas):
    referral = referral_for(personas, personas.own_child, referral_date=date(2025, 1, 6))
    assessment = services.assessment_start(
        referral=referral, start_date=date(2025, 1, 6), worker=personas.social_worker.worker
    )

    (task,) = section(tasks_of(personas.social_worker), TaskKind.DUE).tasks

    assert task.title == "Complete Own Child's assessment"
    assert task.url == reverse("cases:assessment_edit", args=[assessment.pk])
    assert task.details == ("Assessment authorised: due by 10 March 2025",)
    assert task.status.label == "Overdue"


def test_an_item_due_soon_is_due_work_and_one_further_off_is_not(personas):
    # Due Wednesday 19 March (3 working days away) and Thursday 8 May.
    referral_for(personas, personas.own_child, referral_date=date(2025, 1, 15))
    far = ChildFactory(first_name="Calm", last_name="Testchild")
    services.allocation_allocate(
        child=far,
        team=personas.team,
        worker=personas.social_worker.worker,
        start_date=date(2025, 3, 3),
        reason="",
        allocated_by=None,
    )
    referral_for(personas, far, referral_date=date(2025, 3, 3))
    for referral in personas.own_child.referrals.all():
        services.assessment_start(referral=referral, start_date=referral.referral_date, worker=None)
    for referral in far.referrals.all():
        services.assessment_start(referral=referral, start_date=referral.referral_date, worker=None)

    due = section(tasks_of(personas.social_worker), TaskKind.DUE).tasks

    assert [(t.title, t.status.label) for t in due] == [
        ("Complete Own Child's assessment", "Due soon")
    ]


def test_an_overdue_visit_links_to_the_visit_form_and_clears_when_recorded(personas):
    child = ChildFactory(first_name="Unseen", last_name="Testchild")
    services.allocation_allocate(
        child=child,
        team=personas.team,
        worker=personas.social_worker.worker,
        start_date=date(2024, 6, 3),
        reason="",
        allocated_by=None,
    )
    plan = ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=ReferralFactory(
            child=child, team=personas.team
        )
    )
    services.core_group_record(plan=plan, meeting_date=date(2025, 2, 10))

    (task,) = section(tasks_of(personas.social_worker), TaskKind.DUE).tasks
    assert task.title == "Record a visit to Unseen Testchild"
    assert task.url == reverse("cases:visit_record", args=[child.pk])

    services.visit_record(
        child=child,
        kind=codes.VisitKind.CP_VISIT,
        visit_date=TODAY,
        child_seen=True,
        wishes_and_feelings="Said she likes her new school.",
        seen_alone=True,
        visited_by=personas.social_worker.worker,
        notes="Fictional: seen at home.",
    )

    due = titles(tasks_of(personas.social_worker), TaskKind.DUE)
    assert "Record a visit to Unseen Testchild" not in due


def test_an_overdue_weekly_visit_to_a_child_placed_with_a_connected_person_opens_the_visit_form(
    personas,
):
    child = ChildFactory(first_name="Placed", last_name="Testchild")
    services.allocation_allocate(
        child=child,
        team=personas.team,
        worker=personas.social_worker.worker,
        start_date=date(2025, 3, 3),
        reason="",
        allocated_by=None,
    )
    placement = PlacementFactory(
        period__child=child,
        period__start_date=date(2025, 3, 3),
        visiting_plan="connected_person",
    )
    VisitFactory(child=child, kind=codes.VisitKind.LAC_VISIT, visit_date=date(2025, 3, 4))

    (task,) = [
        t for t in section(tasks_of(personas.social_worker), TaskKind.DUE).tasks if t.child_id
    ]
    assert placement.period.end_date is None
    assert task.title == "Record a visit to Placed Testchild"
    assert task.url == reverse("cases:visit_record", args=[child.pk])


# --- Signals ------------------------------------------------------------------------------


def test_a_signal_sent_to_the_worker_is_their_task_until_acknowledged(personas):
    signal = signal_about(personas.own_child, today=TODAY)
    assert signal.recipient_worker == personas.social_worker.worker

    (task,) = section(tasks_of(personas.social_worker), TaskKind.SIGNAL).tasks
    assert task.url == reverse("signals:detail", args=[signal.pk])
    assert task.title.endswith(": Own Child")

    signal_acknowledge(
        signal=signal,
        by=personas.social_worker.worker,
        decision=Signal.Decision.ACTION_TAKEN,
        rationale="Fictional: visited the same day.",
    )

    assert titles(tasks_of(personas.social_worker), TaskKind.SIGNAL) == []


def test_a_signal_about_another_teams_child_is_not_this_workers_task(personas):
    signal_about(personas.other_child, today=TODAY)

    assert titles(tasks_of(personas.social_worker), TaskKind.SIGNAL) == []
    assert len(titles(tasks_of(personas.other_worker), TaskKind.SIGNAL)) == 1


# --- Requests for information -------------------------------------------------------------


def _request(personas: Any, contact: Any) -> Any:
    return front_door.information_request_make(
        contact=contact,
        question="Fictional: is the child attending?",
        requested_by=personas.front_door_worker.worker,
        agency="Example Primary School",
    )


def test_an_unanswered_request_is_the_askers_task_until_the_answer_is_recorded(personas):
    contact = waiting_contact(personas)
    request = _request(personas, contact)

    (task,) = section(tasks_of(personas.front_door_worker), TaskKind.INFORMATION_REQUEST).tasks
    assert task.title == (f"Record Example Primary School's answer on contact {contact.reference}")
    assert task.url == reverse(
        "front_door:information_request_answer", args=[contact.pk, request.pk]
    )
    # The child is not named: the task is the agency's answer.
    assert "Own" not in " ".join((task.title, *task.details))

    front_door.information_request_answer(
        information_request=request,
        answer="Fictional: attending every day.",
        answered_by="Head teacher",
        answered_at=timezone.now(),
        recorded_by=personas.front_door_worker.worker,
    )

    assert titles(tasks_of(personas.front_door_worker), TaskKind.INFORMATION_REQUEST) == []


def test_a_request_leaves_when_the_contact_is_decided(personas):
    contact = waiting_contact(personas)
    _request(personas, contact)

    front_door.contact_decision_record(
        contact=contact,
        decision=codes.ContactDecision.NO_FURTHER_ACTION,
        rationale="Fictional: no concerns found.",
        decided_by=personas.front_door_worker.worker,
    )

    assert titles(tasks_of(personas.front_door_worker), TaskKind.INFORMATION_REQUEST) == []


def test_a_request_about_a_contact_the_asker_can_no_longer_open_is_not_shown(personas):
    # The contact was moved to a team the front-door worker does not work in, and is about
    # a child outside their need to know.
    contact = waiting_contact(personas, child=personas.other_child)
    _request(personas, contact)
    type(contact).objects.filter(pk=contact.pk).update(team=personas.other_team)

    assert titles(tasks_of(personas.front_door_worker), TaskKind.INFORMATION_REQUEST) == []


# --- Alerts -------------------------------------------------------------------------------


def test_break_glass_alerts_the_teams_manager_and_the_auditors_until_read(personas):
    break_glass_grant(
        user=personas.other_worker,
        child=personas.own_child,
        reason="Fictional: covering the duty desk tonight for this family.",
    )

    for user in (personas.team_manager, personas.auditor):
        (task,) = section(tasks_of(user), TaskKind.ALERT).tasks
        assert task.title == "Break-glass access to a record you are responsible for"
        assert task.url == reverse("audit:alerts")
    assert titles(tasks_of(personas.social_worker), TaskKind.ALERT) == []

    personas.auditor.alerts.update(read_at=timezone.now())

    assert tasks_of(personas.auditor).total == 0


# --- Who has a task list ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["analyst", "system_administrator", "partner_user"])
def test_roles_without_a_task_list_are_given_none(personas, role):
    returned_assessment(personas)

    assert tasks_of(getattr(personas, role)).total == 0


def test_a_worker_from_another_team_sees_none_of_this_teams_tasks(personas):
    returned_assessment(personas)
    submitted_assessment(personas, personas.team_child)
    _allocate_team_child_to_the_worker(personas)
    signal_about(personas.own_child, today=TODAY)

    assert tasks_of(personas.other_worker).total == 0
