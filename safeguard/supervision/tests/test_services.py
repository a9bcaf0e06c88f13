"""The supervision services: who may supervise, what a record must hold, refusals write nothing."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from safeguard.audit.models import AuditEntry
from safeguard.cases.models import Allocation
from safeguard.cases.workflow.rules import RuleViolation
from safeguard.organisation.models import Worker
from safeguard.supervision import rules
from safeguard.supervision.models import CaseSupervision, PersonalSupervision, SupervisionAction
from safeguard.supervision.services import (
    ActionAgreed,
    case_supervision_record,
    personal_supervision_record,
    supervision_action_done,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 3, 10, 12, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def people(personas):
    sw = personas.social_worker.worker
    tm = personas.team_manager.worker
    senior = Worker.objects.create(
        authority=personas.authority,
        first_name="Senior",
        last_name="Practitioner",
        role=Worker.Role.SENIOR_PRACTITIONER,
        team=personas.team,
        started_on=date(2020, 1, 6),
    )
    return personas, sw, tm, senior


def _case(personas, supervisor, **changes):
    answers = {
        "child": personas.own_child,
        "supervisor": supervisor,
        "held_on": date(2026, 3, 9),
        "discussion": "Progress of the plan; the school's worries about attendance.",
        "decisions": "Keep the plan; weekly visits until the review, as attendance is falling.",
        "actions": [
            ActionAgreed(
                what="Ask the school for attendance figures",
                owner=personas.social_worker.worker,
                due_on=date(2026, 3, 16),
            )
        ],
        "recorded_by": supervisor,
    }
    return case_supervision_record(**{**answers, **changes})


def test_the_team_manager_records_case_supervision_with_its_actions_and_the_case_holder(people):
    personas, sw, tm, _ = people
    supervision = _case(personas, tm)
    assert supervision.case_holder == sw
    (action,) = supervision.actions.all()
    assert (action.what, action.owner, action.due_on) == (
        "Ask the school for attendance figures",
        sw,
        date(2026, 3, 16),
    )
    audited = AuditEntry.objects.filter(child_id=personas.own_child.pk, action="create")
    assert {e.object_type for e in audited} == {
        "supervision.casesupervision",
        "supervision.supervisionaction",
    }


def test_a_senior_practitioner_in_the_team_and_the_head_of_service_may_supervise(people):
    personas, _, _, senior = people
    _case(personas, senior)
    _case(personas, personas.head_of_service.worker)
    assert CaseSupervision.objects.count() == 2


def test_a_worker_from_another_team_may_not_supervise_and_nothing_is_written(people):
    personas, *_ = people
    other = personas.other_worker.worker
    with pytest.raises(RuleViolation) as refused:
        _case(personas, other)
    assert refused.value.message == rules.NOT_CASE_SUPERVISOR.format(name=other.full_name)
    assert refused.value.fields == ("supervisor",)
    assert not CaseSupervision.objects.exists()
    assert not SupervisionAction.objects.exists()


def test_the_case_holder_cannot_supervise_their_own_case(people):
    personas, sw, *_ = people
    with pytest.raises(RuleViolation, match="cannot supervise their own case"):
        _case(personas, sw)


def test_case_supervision_needs_the_case_allocated_to_a_worker_on_the_day(people):
    personas, _, tm, _ = people
    Allocation.objects.filter(child=personas.own_child).update(end_date=date(2026, 3, 1))
    with pytest.raises(RuleViolation) as refused:
        _case(personas, tm)
    assert refused.value.message == rules.NOT_ALLOCATED.format(day="9 March 2026")
    assert not CaseSupervision.objects.exists()


def test_case_supervision_says_what_was_discussed_and_decided_and_is_not_in_the_future(people):
    personas, _, tm, _ = people
    with pytest.raises(RuleViolation) as refused:
        _case(personas, tm, discussion=" ", decisions="", held_on=date(2026, 3, 11))
    assert set(refused.value.fields) == {"held_on", "discussion", "decisions"}
    assert not CaseSupervision.objects.exists()


def test_an_action_due_before_the_supervision_is_refused(people):
    personas, sw, tm, _ = people
    late = ActionAgreed(what="Visit", owner=sw, due_on=date(2026, 3, 6))
    with pytest.raises(RuleViolation) as refused:
        _case(personas, tm, actions=[late])
    assert refused.value.message == rules.ACTION_DUE_BEFORE.format(day="9 March 2026")
    assert not CaseSupervision.objects.exists()


def test_an_action_is_marked_done_once_and_not_before_it_was_agreed(people):
    personas, _, tm, _ = people
    action = _case(personas, tm).actions.get()
    with pytest.raises(RuleViolation, match="on or after 9 March 2026"):
        supervision_action_done(action=action, done_on=date(2026, 3, 8))
    supervision_action_done(action=action, done_on=date(2026, 3, 10))
    action.refresh_from_db()
    assert action.done_on == date(2026, 3, 10)
    with pytest.raises(RuleViolation, match="already marked as done on 10 March 2026"):
        supervision_action_done(action=action, done_on=date(2026, 3, 10))
    assert AuditEntry.objects.filter(
        object_type="supervision.supervisionaction", action="update", child_id=personas.own_child.pk
    ).exists()


def _personal(personas, worker, supervisor, **changes):
    answers = {
        "worker": worker,
        "supervisor": supervisor,
        "held_on": date(2026, 3, 2),
        "wellbeing": "Tired after a court week; taking leave at Easter.",
        "workload": "Sixteen children, two in proceedings.",
        "learning": "Court skills course booked.",
        "recorded_by": supervisor,
    }
    return personal_supervision_record(**{**answers, **changes})


def test_the_line_manager_records_personal_supervision_audited_against_no_child(people):
    personas, sw, tm, _ = people
    supervision = _personal(personas, sw, tm)
    assert supervision.workload == "Sixteen children, two in proceedings."
    entry = AuditEntry.objects.get(object_type="supervision.personalsupervision")
    assert entry.child_id is None


def test_the_head_of_service_over_the_team_may_give_personal_supervision(people):
    personas, _, tm, _ = people
    _personal(personas, tm, personas.head_of_service.worker)
    assert PersonalSupervision.objects.filter(worker=tm).exists()


def test_a_manager_of_another_team_may_not_give_personal_supervision(people):
    personas, sw, _, senior = people
    with pytest.raises(RuleViolation) as refused:
        _personal(personas, personas.other_worker.worker, personas.team_manager.worker)
    assert refused.value.fields == ("supervisor",)
    with pytest.raises(RuleViolation, match="is not Sw Persona's line manager"):
        _personal(personas, sw, senior)
    assert not PersonalSupervision.objects.exists()


def test_personal_supervision_is_held_while_the_worker_is_employed_and_records_something(people):
    personas, sw, tm, _ = people
    with pytest.raises(RuleViolation) as refused:
        _personal(
            personas,
            sw,
            tm,
            held_on=date(2019, 12, 2),
            wellbeing="",
            workload=" ",
            learning="",
        )
    assert refused.value.message == " ".join(
        [
            rules.BEFORE_START.format(day="6 January 2020", worker="Sw Persona"),
            rules.NOTHING_RECORDED,
        ]
    )
    assert not PersonalSupervision.objects.exists()
