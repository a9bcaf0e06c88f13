"""Every write to supervision: keyword-only, validated against `supervision.rules`, all or
nothing, each row in the audit trail in the same transaction. A refusal writes nothing.

Case supervision rows are audited against the child (they are on the child's record); personal
supervision against no child (it is about the worker).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.models import Allocation
from safeguard.cases.workflow.rules import RuleViolation, Violation, check, invalid_values
from safeguard.organisation.models import Worker
from safeguard.people.models import Person

from . import rules
from .models import CaseSupervision, PersonalSupervision, SupervisionAction

__all__ = [
    "ActionAgreed",
    "case_supervision_record",
    "personal_supervision_record",
    "supervision_action_done",
]


@dataclass(frozen=True)
class ActionAgreed:
    """An action agreed in case supervision."""

    what: str
    owner: Worker
    due_on: date


def _save(instance: Model, child_id: int | None, action: str = Action.CREATE) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise RuleViolation(invalid_values(error.message_dict)) from error
    instance.save()
    audit_record(
        action=action,
        object_type=instance._meta.label_lower,
        object_id=instance.pk,
        child_id=child_id,
    )


def case_allocation_on(child: Person, day: date) -> Allocation | None:
    """The child's allocation to a worker on `day`, with its team's manager and service."""
    return (
        Allocation.objects.select_related("team__service", "worker")
        .filter(child=child, worker__isnull=False, start_date__lte=day)
        .exclude(end_date__lt=day)
        .order_by("-start_date", "-pk")
        .first()
    )


def _action_checks(held_on: date, actions: Iterable[ActionAgreed]) -> list[Violation]:
    found = []
    for agreed in actions:
        found += rules.text_given(agreed.what, "actions", "what each action is")
        found += rules.action_due_after_supervision(held_on, agreed.due_on)
    return found


def case_supervision_record(
    *,
    child: Person,
    supervisor: Worker,
    held_on: date,
    discussion: str,
    decisions: str,
    actions: Sequence[ActionAgreed] = (),
    recorded_by: Worker,
) -> CaseSupervision:
    """A case supervision of the child's case: what was discussed, what was decided and the
    actions agreed, with the case holder on the day (the allocated worker). Working Together
    2023 (ch. 1-2) asks that managers' oversight and decisions be recorded on the child's
    record with their reasons; the supervisor is the case holder's team manager, a senior
    practitioner in their team or the head of service (`rules.case_supervisor_fits`)."""
    with transaction.atomic():
        allocation = case_allocation_on(child, held_on)
        check(
            rules.not_in_future(timezone.localdate(), {"held_on": held_on}),
            rules.case_allocated_on(allocation.worker_id if allocation else None, held_on),
            rules.text_given(discussion, "discussion", "what was discussed"),
            rules.text_given(decisions, "decisions", "what was decided and why"),
            _action_checks(held_on, actions),
        )
        assert allocation is not None and allocation.worker is not None
        team = allocation.team
        check(
            rules.case_supervisor_fits(
                supervisor_id=supervisor.pk,
                supervisor_name=supervisor.full_name,
                supervisor_role=supervisor.role,
                supervisor_team_id=supervisor.team_id,
                case_holder_id=allocation.worker.pk,
                case_team_id=team.pk,
                case_team_manager_id=team.manager_id,
                case_service_head_id=team.service.head_id if team.service else None,
            )
        )
        supervision = CaseSupervision(
            child=child,
            case_holder=allocation.worker,
            supervisor=supervisor,
            held_on=held_on,
            discussion=discussion.strip(),
            decisions=decisions.strip(),
            recorded_by=recorded_by,
        )
        _save(supervision, child.pk)
        for agreed in actions:
            _save(
                SupervisionAction(
                    supervision=supervision,
                    what=agreed.what.strip(),
                    owner=agreed.owner,
                    due_on=agreed.due_on,
                ),
                child.pk,
            )
        return supervision


def supervision_action_done(*, action: SupervisionAction, done_on: date) -> SupervisionAction:
    """An action agreed in case supervision is done."""
    with transaction.atomic():
        action = (
            SupervisionAction.objects.select_for_update()
            .select_related("supervision")
            .get(pk=action.pk)
        )
        check(
            rules.not_in_future(timezone.localdate(), {"done_on": done_on}),
            rules.action_done_once(action.done_on, action.supervision.held_on, done_on),
        )
        action.done_on = done_on
        _save(action, action.supervision.child_id, Action.UPDATE)
        return action


def personal_supervision_record(
    *,
    worker: Worker,
    supervisor: Worker,
    held_on: date,
    wellbeing: str = "",
    workload: str = "",
    learning: str = "",
    agreed: str = "",
    recorded_by: Worker,
) -> PersonalSupervision:
    """A worker's personal supervision with their line manager: wellbeing, caseload and
    workload, learning and development (the LGA's standards for employers of social workers
    in England: regular, planned supervision; local policy sets how often)."""
    with transaction.atomic():
        worker = Worker.objects.select_related("team__service").get(pk=worker.pk)
        team = worker.team
        check(
            rules.not_in_future(timezone.localdate(), {"held_on": held_on}),
            rules.personal_supervision_within_employment(
                worker.started_on, worker.left_on, worker.full_name, held_on
            ),
            rules.line_manager_fits(
                supervisor_id=supervisor.pk,
                supervisor_name=supervisor.full_name,
                supervisor_role=supervisor.role,
                worker_id=worker.pk,
                worker_name=worker.full_name,
                team_manager_id=team.manager_id if team else None,
                service_head_id=team.service.head_id if team and team.service else None,
            ),
            rules.something_recorded(wellbeing, workload, learning, agreed),
        )
        supervision = PersonalSupervision(
            worker=worker,
            supervisor=supervisor,
            held_on=held_on,
            wellbeing=wellbeing.strip(),
            workload=workload.strip(),
            learning=learning.strip(),
            agreed=agreed.strip(),
            recorded_by=recorded_by,
        )
        _save(supervision, None)
        return supervision
