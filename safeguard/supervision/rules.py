"""The rules supervision keeps: plain functions over dates, roles and ids (never a model) that
return the violations found, empty when the rule holds. The services, the pages ("may this
user record it?") and the demo generator ask the same ones.

Supervision is local practice, not statute: the Social Work England professional standards
and the employer standards for social workers (LGA, 2020) ask for regular, recorded
supervision, and Working Together 2023 asks that managers' decisions on a case be recorded
with their reasons; how often is the authority's own policy (docs/supervision.md). So these
rules name their violations with the registry's general codes (`Rule.REQUIRED`,
`Rule.INVALID_VALUE`, `Rule.DATE_NOT_IN_FUTURE`), each with its own message.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from safeguard.cases.workflow.rules import Violation
from safeguard.cases.workflow.rules.core import dates_not_in_future, fmt, violation
from safeguard.cases.workflow.rules.names import Rule
from safeguard.organisation.models import Worker

__all__ = [
    "CASE_SUPERVISOR_ROLES",
    "LINE_MANAGER_ROLES",
    "action_done_once",
    "action_due_after_supervision",
    "case_allocated_on",
    "case_supervisor_fits",
    "line_manager_fits",
    "not_in_future",
    "personal_supervision_within_employment",
    "something_recorded",
    "text_given",
]

# Who gives case supervision: the case holder's team manager, a senior practitioner of the
# same team (practice supervision, as many authorities delegate it) or the head of service.
CASE_SUPERVISOR_ROLES = frozenset(
    {Worker.Role.TEAM_MANAGER, Worker.Role.SENIOR_PRACTITIONER, Worker.Role.HEAD_OF_SERVICE}
)
# Who gives personal supervision: the worker's line manager.
LINE_MANAGER_ROLES = frozenset({Worker.Role.TEAM_MANAGER, Worker.Role.HEAD_OF_SERVICE})

NOT_ALLOCATED = (
    "The case was not allocated to a social worker on {day}: case supervision is of an "
    "allocated case. Enter a date when the case was allocated, or allocate it first."
)
NOT_CASE_SUPERVISOR = (
    "{name} cannot give case supervision on this case: it is given by the case holder's team "
    "manager, a senior practitioner in their team or the head of service over the team."
)
SUPERVISOR_IS_CASE_HOLDER = (
    "The case holder cannot supervise their own case: choose their team manager or a senior "
    "practitioner."
)
NOT_LINE_MANAGER = (
    "{name} is not {worker}'s line manager: personal supervision is given by the manager of "
    "the worker's team or the head of service over it."
)
BEFORE_START = "The date must be on or after {day}, when {worker} started."
AFTER_LEAVING = "The date must be on or before {day}, when {worker} left."
REQUIRED = "Enter {what}."
NOTHING_RECORDED = (
    "Enter what was discussed about wellbeing, workload or learning, or what was agreed."
)
ACTION_DUE_BEFORE = "An action's due date must be on or after {day}, the day of the supervision."
ACTION_DONE_BEFORE = (
    "The date the action was done must be on or after {day}, the day it was agreed."
)
ACTION_ALREADY_DONE = "This action was already marked as done on {day}."


def not_in_future(today: date, dates: Mapping[str, date | None]) -> list[Violation]:
    """Nothing recorded can have happened after today."""
    return dates_not_in_future(today, dates)


def text_given(value: str, field: str, what: str) -> list[Violation]:
    """A supervision record says what was discussed and decided: a blank one shows nothing of
    the oversight (Working Together 2023: decisions recorded with their reasons)."""
    if value.strip():
        return []
    return [violation(Rule.REQUIRED, REQUIRED.format(what=what), field)]


def case_allocated_on(case_holder_id: int | None, held_on: date) -> list[Violation]:
    """Case supervision is of a case allocated to a worker on the day it is held."""
    if case_holder_id is not None:
        return []
    return [violation(Rule.INVALID_VALUE, NOT_ALLOCATED.format(day=fmt(held_on)), "held_on")]


def case_supervisor_fits(
    *,
    supervisor_id: int,
    supervisor_name: str,
    supervisor_role: str,
    supervisor_team_id: int | None,
    case_holder_id: int,
    case_team_id: int,
    case_team_manager_id: int | None,
    case_service_head_id: int | None,
) -> list[Violation]:
    """The supervisor is the case holder's team manager, a senior practitioner in the team, or
    the head of service over the team; never the case holder."""
    if supervisor_id == case_holder_id:
        return [violation(Rule.INVALID_VALUE, SUPERVISOR_IS_CASE_HOLDER, "supervisor")]
    fits = (
        (
            supervisor_role == Worker.Role.TEAM_MANAGER
            and (supervisor_id == case_team_manager_id or supervisor_team_id == case_team_id)
        )
        or (
            supervisor_role == Worker.Role.SENIOR_PRACTITIONER
            and supervisor_team_id == case_team_id
        )
        or (
            supervisor_role == Worker.Role.HEAD_OF_SERVICE and supervisor_id == case_service_head_id
        )
    )
    if fits:
        return []
    return [
        violation(
            Rule.INVALID_VALUE, NOT_CASE_SUPERVISOR.format(name=supervisor_name), "supervisor"
        )
    ]


def line_manager_fits(
    *,
    supervisor_id: int,
    supervisor_name: str,
    supervisor_role: str,
    worker_id: int,
    worker_name: str,
    team_manager_id: int | None,
    service_head_id: int | None,
) -> list[Violation]:
    """Personal supervision is given by the worker's line manager: the manager of their team,
    or the head of service over it."""
    if supervisor_id != worker_id and (
        (supervisor_role == Worker.Role.TEAM_MANAGER and supervisor_id == team_manager_id)
        or (supervisor_role == Worker.Role.HEAD_OF_SERVICE and supervisor_id == service_head_id)
    ):
        return []
    return [
        violation(
            Rule.INVALID_VALUE,
            NOT_LINE_MANAGER.format(name=supervisor_name, worker=worker_name),
            "supervisor",
        )
    ]


def personal_supervision_within_employment(
    started_on: date, left_on: date | None, worker_name: str, held_on: date
) -> list[Violation]:
    """Personal supervision is held while the worker is employed."""
    if held_on < started_on:
        message = BEFORE_START.format(day=fmt(started_on), worker=worker_name)
        return [violation(Rule.INVALID_VALUE, message, "held_on")]
    if left_on is not None and held_on > left_on:
        message = AFTER_LEAVING.format(day=fmt(left_on), worker=worker_name)
        return [violation(Rule.INVALID_VALUE, message, "held_on")]
    return []


def something_recorded(*notes: str) -> list[Violation]:
    """A personal supervision record holds at least one of its notes."""
    if any(note.strip() for note in notes):
        return []
    return [violation(Rule.REQUIRED, NOTHING_RECORDED, "wellbeing")]


def action_due_after_supervision(held_on: date, due_on: date) -> list[Violation]:
    """An action agreed in supervision is due on or after the day it was agreed."""
    if due_on >= held_on:
        return []
    return [violation(Rule.INVALID_VALUE, ACTION_DUE_BEFORE.format(day=fmt(held_on)), "actions")]


def action_done_once(done_before: date | None, held_on: date, done_on: date) -> list[Violation]:
    """An action is marked done once, on or after the supervision that agreed it."""
    if done_before is not None:
        message = ACTION_ALREADY_DONE.format(day=fmt(done_before))
        return [violation(Rule.INVALID_VALUE, message, "done_on")]
    if done_on < held_on:
        return [
            violation(Rule.INVALID_VALUE, ACTION_DONE_BEFORE.format(day=fmt(held_on)), "done_on")
        ]
    return []
