"""Every write to a case audit: keyword-only, validated against the named rules in
`case_audits.rules`, all or nothing, and audited in the same transaction against the child the
audit is about. A refusal writes nothing and says what to change.

Who may reach each step is `access.permissions` (`case_audit.*`); these services check the
audit's own rules about people too (only its auditor grades it, only the audited worker
responds), so a page, a command or the demo generator cannot get round them.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.models import Allocation
from safeguard.organisation.models import Worker, in_post_q
from safeguard.people.models import Person

from . import rules
from .models import AuditTheme, CaseAudit, CaseAuditAction, CaseAuditThemeGrade, Grade
from .rules import AuditRule, AuditViolation, CaseAuditRefused

__all__ = [
    "case_audit_action_add",
    "case_audit_action_done",
    "case_audit_complete",
    "case_audit_start",
    "case_audit_theme_grade",
    "case_audit_worker_respond",
]


def _today() -> date:
    return timezone.localdate()


def _save(instance: Model, child_id: int, action: str) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise CaseAuditRefused(
            AuditViolation(AuditRule.REQUIRED, " ".join(messages), (field,))
            for field, messages in error.message_dict.items()
        ) from error
    instance.save()
    audit_record(
        action=action,
        object_type=instance._meta.label_lower,
        object_id=instance.pk,
        child_id=child_id,
    )


def _locked(audit: CaseAudit) -> CaseAudit:
    # Two people acting on one audit at once: the second sees what the first wrote.
    return CaseAudit.objects.select_for_update().get(pk=audit.pk)


def case_audit_start(
    *, child: Person, worker: Worker, auditor: Worker, started_on: date
) -> CaseAudit:
    """Start an audit of the practice of `worker` on `child`'s case. The team audited is the
    one the worker held the case in (their latest allocation of the child), kept with the
    audit. The auditor must be independent of the case (rules.not_own_case)."""
    allocations = Allocation.objects.filter(child=child).order_by("-start_date", "-pk")
    held = allocations.filter(worker=worker).first()
    with transaction.atomic():
        rules.check(
            rules.dates_not_in_future(_today(), {"started_on": started_on}),
            rules.auditor_may_audit(auditor.role),
            rules.worker_held_case(held is not None),
            rules.not_own_case(auditor.pk, worker.pk, allocations.filter(worker=auditor).exists()),
        )
        assert held is not None  # worker_held_case said so
        audit = CaseAudit(
            child=child, worker=worker, team_id=held.team_id, auditor=auditor, started_on=started_on
        )
        _save(audit, child.pk, Action.CREATE)
        return audit


def case_audit_theme_grade(
    *, audit: CaseAudit, theme: str, grade: str, finding: str, by: Worker
) -> CaseAuditThemeGrade:
    """Grade one theme of an audit in progress (grading it again replaces the grade)."""
    found: list[AuditViolation] = []
    if theme not in AuditTheme.values:
        found += [AuditViolation(AuditRule.REQUIRED, "Choose a theme to grade.", ("theme",))]
    if grade not in Grade.values:
        found += [AuditViolation(AuditRule.REQUIRED, "Select a grade for the theme.", ("grade",))]
    found += rules.required(finding, "finding", "what you found for this theme")
    with transaction.atomic():
        audit = _locked(audit)
        rules.check(
            found,
            rules.conducted_by_auditor(by.pk, audit.auditor_id),
            rules.audit_in_progress(audit.completed_on),
        )
        graded = CaseAuditThemeGrade.objects.filter(audit=audit, theme=theme).first()
        action = Action.UPDATE
        if graded is None:
            graded = CaseAuditThemeGrade(audit=audit, theme=theme)
            action = Action.CREATE
        graded.grade = grade
        graded.finding = finding
        _save(graded, audit.child_id, action)
        return graded


def case_audit_action_add(
    *,
    audit: CaseAudit,
    action: str,
    owner: Worker | None,
    due_on: date | None,
    set_on: date,
    by: Worker,
) -> CaseAuditAction:
    """Set an action: what is to be done, by whom and by when. Its owner is anyone in post (the
    worker, their manager, a partner's lead through the council's worker)."""
    owner_in_post = None
    if owner is not None:
        owner_in_post = Worker.objects.filter(in_post_q(set_on), pk=owner.pk).exists()
    with transaction.atomic():
        audit = _locked(audit)
        rules.check(
            rules.required(action, "action", "what is to be done"),
            rules.action_needs_owner_and_due_date(owner_in_post, set_on, due_on),
            rules.dates_not_in_future(_today(), {"set_on": set_on}),
            rules.not_before(audit.started_on, set_on, "set_on", "the day the audit started"),
            rules.conducted_by_auditor(by.pk, audit.auditor_id),
        )
        assert owner is not None and due_on is not None  # the rules said so
        added = CaseAuditAction(
            audit=audit, action=action, owner=owner, set_on=set_on, due_on=due_on
        )
        _save(added, audit.child_id, Action.CREATE)
        return added


def case_audit_action_done(
    *, action: CaseAuditAction, done_on: date, by: Worker
) -> CaseAuditAction:
    """Record that an action is done, by its owner or the auditor who set it."""
    with transaction.atomic():
        action = (
            CaseAuditAction.objects.select_for_update().select_related("audit").get(pk=action.pk)
        )
        rules.check(
            rules.action_open(action.done_on),
            rules.closed_by_owner_or_auditor(by.pk, action.owner_id, action.audit.auditor_id),
            rules.dates_not_in_future(_today(), {"done_on": done_on}),
            rules.not_before(action.set_on, done_on, "done_on", "the day the action was set"),
        )
        action.done_on = done_on
        _save(action, action.audit.child_id, Action.UPDATE)
        return action


def case_audit_complete(
    *,
    audit: CaseAudit,
    grade: str,
    strengths: str,
    areas_for_development: str,
    completed_on: date,
    by: Worker,
) -> CaseAudit:
    """Complete an audit: the overall grade, strengths and areas for development, with every
    theme graded and any inadequate practice given an action. From then on its grades are
    fixed and the audited worker may respond."""
    with transaction.atomic():
        audit = _locked(audit)
        theme_grades = list(audit.theme_grades.values_list("theme", "grade"))
        rules.check(
            rules.conducted_by_auditor(by.pk, audit.auditor_id),
            rules.audit_in_progress(audit.completed_on),
            rules.completion_needs_findings(grade, strengths, areas_for_development),
            rules.every_theme_graded(theme for theme, _ in theme_grades),
            rules.inadequate_needs_action(
                [grade, *(g for _, g in theme_grades)], audit.actions.count()
            ),
            rules.dates_not_in_future(_today(), {"completed_on": completed_on}),
            rules.not_before(
                audit.started_on, completed_on, "completed_on", "the day the audit started"
            ),
        )
        audit.grade = grade
        audit.strengths = strengths
        audit.areas_for_development = areas_for_development
        audit.completed_on = completed_on
        _save(audit, audit.child_id, Action.UPDATE)
        return audit


def case_audit_worker_respond(
    *, audit: CaseAudit, response: str, agrees: bool, responded_on: date, by: Worker
) -> CaseAudit:
    """The audited worker's response to a completed audit: whether they agree with its
    judgement, and what they say. Once."""
    with transaction.atomic():
        audit = _locked(audit)
        found = rules.audit_completed(audit.completed_on)
        if audit.completed_on is not None:
            found += rules.not_before(
                audit.completed_on, responded_on, "responded_on", "the day the audit was completed"
            )
        rules.check(
            rules.responds_only_audited_worker(by.pk, audit.worker_id),
            found,
            rules.responded_once(audit.worker_responded_on),
            rules.required(response, "response", "your response"),
            rules.dates_not_in_future(_today(), {"responded_on": responded_on}),
        )
        audit.worker_response = response
        audit.worker_agrees = agrees
        audit.worker_responded_on = responded_on
        _save(audit, audit.child_id, Action.UPDATE)
        return audit
