"""The named rules of a case audit. Plain functions over dates, grades, ids and counts (never a
model): the services ask them before writing, and the pages ask the same ones to decide which
steps to offer.

Each returns the violations it finds (empty when the rule holds), named in `AuditRule`. They
follow how councils run case audits as part of their quality assurance framework (Working
Together to Safeguard Children 2023, ch. 4: local authorities "should have a quality assurance
framework"; Ofsted ILACS: leaders "know themselves well" through audit that drives
improvement): the audit is independent of the work audited, judges on Ofsted's four-point
scale, every theme is judged, a finding that practice is inadequate comes with something to do
about it, and the worker whose practice it is has their say. See docs/case-audits.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from safeguard.common.errors import SafeguardError
from safeguard.common.forms import day_text

from .models import AuditTheme, Grade

__all__ = [
    "AuditRule",
    "AuditViolation",
    "CaseAuditRefused",
    "action_needs_owner_and_due_date",
    "action_open",
    "audit_completed",
    "audit_in_progress",
    "auditor_may_audit",
    "check",
    "closed_by_owner_or_auditor",
    "completion_needs_findings",
    "conducted_by_auditor",
    "dates_not_in_future",
    "every_theme_graded",
    "inadequate_needs_action",
    "not_before",
    "not_own_case",
    "responded_once",
    "responds_only_audited_worker",
    "worker_held_case",
]

# Who may conduct a case audit: the quality assurance team's auditors and managers (a team
# manager or head of service auditing practice they do not hold).
AUDITOR_ROLES = frozenset({"auditor", "team_manager", "head_of_service"})


class AuditRule(StrEnum):
    """The name of each rule, carried by its violation (and the refusal's `code`)."""

    REQUIRED = "case_audit_required"
    DATE_NOT_IN_FUTURE = "case_audit_date_not_in_future"
    DATE_IN_ORDER = "case_audit_date_in_order"
    AUDITOR_ROLE = "case_audit_auditor_role"
    NOT_OWN_CASE = "case_audit_not_own_case"
    WORKER_HELD_CASE = "case_audit_worker_held_case"
    CONDUCTED_BY_AUDITOR = "case_audit_conducted_by_auditor"
    IN_PROGRESS = "case_audit_in_progress"
    COMPLETED = "case_audit_completed"
    EVERY_THEME_GRADED = "case_audit_every_theme_graded"
    FINDINGS_WRITTEN = "case_audit_findings_written"
    INADEQUATE_NEEDS_ACTION = "case_audit_inadequate_needs_action"
    ACTION_OWNER_AND_DUE_DATE = "case_audit_action_owner_and_due_date"
    ACTION_OPEN = "case_audit_action_open"
    ACTION_CLOSED_BY = "case_audit_action_closed_by"
    RESPONDS_ONLY_AUDITED_WORKER = "case_audit_responds_only_audited_worker"
    RESPONDED_ONCE = "case_audit_responded_once"


@dataclass(frozen=True)
class AuditViolation:
    """One broken rule: its name, the sentence an auditor or worker reads, the fields at fault."""

    rule: AuditRule
    message: str
    fields: tuple[str, ...]


def _broken(rule: AuditRule, message: str, *fields: str) -> list[AuditViolation]:
    return [AuditViolation(rule, message, fields)]


class CaseAuditRefused(SafeguardError):
    """One or more case audit rules were broken; nothing was written."""

    def __init__(self, violations: Iterable[AuditViolation]) -> None:
        self.violations = tuple(violations)
        message = " ".join(v.message for v in self.violations)
        fields = tuple(dict.fromkeys(f for v in self.violations for f in v.fields))
        super().__init__(message, fields=fields, code=",".join(v.rule for v in self.violations))

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(v.rule for v in self.violations)


def check(*results: list[AuditViolation]) -> None:
    """Raise one refusal carrying every violation found, or return quietly."""
    found = [v for result in results for v in result]
    if found:
        raise CaseAuditRefused(found)


# Any step ----------------------------------------------------------------------------------


def required(value: str, field: str, what: str) -> list[AuditViolation]:
    """Free text the audit cannot do without (a finding, an action, a response)."""
    if value.strip():
        return []
    return _broken(AuditRule.REQUIRED, f"Enter {what}.", field)


def dates_not_in_future(today: date, dates: Mapping[str, date | None]) -> list[AuditViolation]:
    """An audit records what was done: nothing is dated after today."""
    return [
        AuditViolation(
            AuditRule.DATE_NOT_IN_FUTURE,
            f"The date must be today or in the past (today is {day_text(today)}).",
            (field,),
        )
        for field, on in dates.items()
        if on is not None and on > today
    ]


def not_before(earlier: date, on: date, field: str, what: str) -> list[AuditViolation]:
    """A step is dated on or after the one it follows (`what` names that step's date)."""
    if on >= earlier:
        return []
    return _broken(
        AuditRule.DATE_IN_ORDER, f"The date must be on or after {day_text(earlier)}, {what}.", field
    )


# Starting an audit -------------------------------------------------------------------------


def auditor_may_audit(role: str) -> list[AuditViolation]:
    """Audits are conducted by the quality assurance team's auditors and by managers."""
    if role in AUDITOR_ROLES:
        return []
    return _broken(
        AuditRule.AUDITOR_ROLE,
        "Only an auditor, a team manager or a head of service can conduct a case audit.",
        "auditor",
    )


def not_own_case(auditor_id: int, worker_id: int, auditor_held_case: bool) -> list[AuditViolation]:
    """An audit is independent of the work it judges: no one audits their own practice, nor a
    child's case they have held themselves."""
    if auditor_id != worker_id and not auditor_held_case:
        return []
    return _broken(
        AuditRule.NOT_OWN_CASE,
        "You have held this child's case, so you cannot audit it: ask another auditor.",
        "child",
    )


def worker_held_case(held: bool) -> list[AuditViolation]:
    """The practice audited is that of a worker who held the child's case (an allocation)."""
    if held:
        return []
    return _broken(
        AuditRule.WORKER_HELD_CASE,
        "This child's case has never been allocated to a worker, so there is no practice to "
        "audit yet.",
        "child",
    )


# While the audit is in progress ------------------------------------------------------------


def conducted_by_auditor(by_id: int, auditor_id: int) -> list[AuditViolation]:
    """Only the audit's own auditor grades it, sets its actions and completes it: the grades
    are one person's judgement, signed by them."""
    if by_id == auditor_id:
        return []
    return _broken(
        AuditRule.CONDUCTED_BY_AUDITOR,
        "Only the auditor who started this audit can change it.",
        "auditor",
    )


def audit_in_progress(completed_on: date | None) -> list[AuditViolation]:
    """A completed audit's grades are final: they are what results over time count."""
    if completed_on is None:
        return []
    return _broken(
        AuditRule.IN_PROGRESS,
        f"This audit was completed on {day_text(completed_on)}: its grades cannot change.",
        "grade",
    )


def every_theme_graded(graded: Iterable[str]) -> list[AuditViolation]:
    """An audit completes only with every theme graded: results by theme count every audit."""
    done = set(graded)
    missing = [theme for theme in AuditTheme if theme.value not in done]
    if not missing:
        return []
    names = ", ".join(str(theme.label).lower() for theme in missing)
    return _broken(
        AuditRule.EVERY_THEME_GRADED, f"Grade every theme before completing: {names}.", "grade"
    )


def completion_needs_findings(
    grade: str, strengths: str, areas_for_development: str
) -> list[AuditViolation]:
    """The overall grade, what was done well and what should develop make the audit's
    judgement: all three are needed to complete it."""
    found: list[AuditViolation] = []
    if grade not in Grade.values:
        found += _broken(AuditRule.FINDINGS_WRITTEN, "Select the overall grade.", "grade")
    if not strengths.strip():
        found += _broken(AuditRule.FINDINGS_WRITTEN, "Enter the strengths found.", "strengths")
    if not areas_for_development.strip():
        found += _broken(
            AuditRule.FINDINGS_WRITTEN,
            "Enter the areas for development found.",
            "areas_for_development",
        )
    return found


def inadequate_needs_action(grades: Iterable[str], actions: int) -> list[AuditViolation]:
    """Practice judged inadequate (overall or on any theme) is not left there: at least one
    action, with an owner and a due date, says what will be done about it."""
    if actions > 0 or Grade.INADEQUATE.value not in set(grades):
        return []
    return _broken(
        AuditRule.INADEQUATE_NEEDS_ACTION,
        "Practice graded inadequate needs at least one action: add an action with its owner "
        "and due date before completing.",
        "grade",
    )


def action_needs_owner_and_due_date(
    owner_in_post: bool | None, set_on: date, due_on: date | None
) -> list[AuditViolation]:
    """An action says who will do it (a worker still in post) and by when (not before it is
    set). `owner_in_post` is None when no owner was chosen."""
    found: list[AuditViolation] = []
    if owner_in_post is None:
        found += _broken(
            AuditRule.ACTION_OWNER_AND_DUE_DATE, "Choose who owns the action.", "owner"
        )
    elif not owner_in_post:
        found += _broken(
            AuditRule.ACTION_OWNER_AND_DUE_DATE,
            "The owner has left: choose someone still in post.",
            "owner",
        )
    if due_on is None:
        found += _broken(
            AuditRule.ACTION_OWNER_AND_DUE_DATE, "Enter the date the action is due.", "due_on"
        )
    elif due_on < set_on:
        found += _broken(
            AuditRule.ACTION_OWNER_AND_DUE_DATE,
            f"The due date must be on or after {day_text(set_on)}, the day the action is set.",
            "due_on",
        )
    return found


def action_open(done_on: date | None) -> list[AuditViolation]:
    """An action is done once."""
    if done_on is None:
        return []
    return _broken(
        AuditRule.ACTION_OPEN, f"This action was already done on {day_text(done_on)}.", "done_on"
    )


def closed_by_owner_or_auditor(by_id: int, owner_id: int, auditor_id: int) -> list[AuditViolation]:
    """The action's owner says it is done, or the auditor who set it."""
    if by_id in (owner_id, auditor_id):
        return []
    return _broken(
        AuditRule.ACTION_CLOSED_BY,
        "Only the action's owner or the auditor can record it as done.",
        "done_on",
    )


# The worker's response -----------------------------------------------------------------------


def audit_completed(completed_on: date | None) -> list[AuditViolation]:
    """The worker responds to the audit's judgement, so only once there is one."""
    if completed_on is not None:
        return []
    return _broken(
        AuditRule.COMPLETED,
        "The audit is not completed yet: you can respond once the auditor completes it.",
        "response",
    )


def responds_only_audited_worker(by_id: int, worker_id: int) -> list[AuditViolation]:
    """The response is the audited worker's own voice, not their manager's."""
    if by_id == worker_id:
        return []
    return _broken(
        AuditRule.RESPONDS_ONLY_AUDITED_WORKER,
        "Only the worker whose practice was audited can respond to it.",
        "response",
    )


def responded_once(responded_on: date | None) -> list[AuditViolation]:
    """One response per audit, so the record shows what the worker said when they said it."""
    if responded_on is None:
        return []
    return _broken(
        AuditRule.RESPONDED_ONCE,
        f"A response was already recorded on {day_text(responded_on)}.",
        "response",
    )
