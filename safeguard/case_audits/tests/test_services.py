"""The case audit services: each writes and audits on good input, and on a refusal writes
nothing and names the rule."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.audit.models import AuditEntry
from safeguard.case_audits import services
from safeguard.case_audits.models import CaseAudit, CaseAuditAction, CaseAuditThemeGrade
from safeguard.case_audits.rules import AuditRule, CaseAuditRefused
from safeguard.cases.models import Allocation

from .support import STARTED, completed, frozen_today, graded, started

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
__all__ = ["frozen_today"]


def _refused(rule: AuditRule, call, **kwargs) -> CaseAuditRefused:
    with pytest.raises(CaseAuditRefused) as refused:
        call(**kwargs)
    assert rule in refused.value.rules, refused.value.rules
    return refused.value


def test_starting_an_audit_keeps_the_team_the_worker_held_the_case_in_and_audits_it(personas):
    audit = started(personas)
    assert audit.team == personas.team
    assert audit.completed_on is None
    entry = AuditEntry.objects.get(object_type="case_audits.caseaudit", object_id=str(audit.pk))
    assert entry.child_id == personas.own_child.pk
    assert entry.action == "create"


def test_an_auditor_who_held_the_childs_case_may_not_audit_it(personas):
    Allocation.objects.create(
        child=personas.own_child,
        team=personas.team,
        worker=personas.team_manager.worker,
        start_date=date(2019, 1, 7),
        end_date=date(2019, 12, 31),
    )
    _refused(
        AuditRule.NOT_OWN_CASE,
        services.case_audit_start,
        child=personas.own_child,
        worker=personas.social_worker.worker,
        auditor=personas.team_manager.worker,
        started_on=STARTED,
    )
    assert not CaseAudit.objects.exists()


def test_a_social_worker_may_not_conduct_an_audit_nor_audit_a_worker_who_never_held_the_case(
    personas,
):
    _refused(
        AuditRule.AUDITOR_ROLE,
        services.case_audit_start,
        child=personas.own_child,
        worker=personas.social_worker.worker,
        auditor=personas.other_worker.worker,
        started_on=STARTED,
    )
    _refused(
        AuditRule.WORKER_HELD_CASE,
        services.case_audit_start,
        child=personas.own_child,
        worker=personas.other_worker.worker,
        auditor=personas.auditor.worker,
        started_on=STARTED,
    )
    assert not CaseAudit.objects.exists()


def test_an_audit_cannot_start_tomorrow(personas):
    _refused(
        AuditRule.DATE_NOT_IN_FUTURE,
        services.case_audit_start,
        child=personas.own_child,
        worker=personas.social_worker.worker,
        auditor=personas.auditor.worker,
        started_on=date(2025, 9, 2),
    )


def test_grading_a_theme_again_replaces_its_grade(personas):
    audit = started(personas)
    for grade in ("requires_improvement", "good"):
        services.case_audit_theme_grade(
            audit=audit,
            theme="planning",
            grade=grade,
            finding="Plan reviewed.",
            by=personas.auditor.worker,
        )
    assert list(audit.theme_grades.values_list("theme", "grade")) == [("planning", "good")]


def test_only_the_auditor_grades_and_not_once_the_audit_is_completed(personas):
    audit = started(personas)
    _refused(
        AuditRule.CONDUCTED_BY_AUDITOR,
        services.case_audit_theme_grade,
        audit=audit,
        theme="planning",
        grade="good",
        finding="Plan reviewed.",
        by=personas.team_manager.worker,
    )
    assert not CaseAuditThemeGrade.objects.exists()
    audit = completed(personas)
    _refused(
        AuditRule.IN_PROGRESS,
        services.case_audit_theme_grade,
        audit=audit,
        theme="planning",
        grade="inadequate",
        finding="Changed my mind.",
        by=personas.auditor.worker,
    )
    assert audit.theme_grades.get(theme="planning").grade == "good"


def test_an_audit_completes_only_with_every_theme_graded(personas):
    audit = started(personas)
    services.case_audit_theme_grade(
        audit=audit, theme="planning", grade="good", finding="Fine.", by=personas.auditor.worker
    )
    refused = _refused(
        AuditRule.EVERY_THEME_GRADED,
        services.case_audit_complete,
        audit=audit,
        grade="good",
        strengths="Some.",
        areas_for_development="Some.",
        completed_on=date(2025, 8, 29),
        by=personas.auditor.worker,
    )
    assert "recording" in refused.message
    audit.refresh_from_db()
    assert audit.completed_on is None and audit.grade == ""


def test_an_inadequate_audit_completes_only_with_an_action(personas):
    audit = graded(personas, "requires_improvement")
    kwargs = {
        "audit": audit,
        "grade": "inadequate",
        "strengths": "Some.",
        "areas_for_development": "Many.",
        "completed_on": date(2025, 8, 29),
        "by": personas.auditor.worker,
    }
    _refused(AuditRule.INADEQUATE_NEEDS_ACTION, services.case_audit_complete, **kwargs)
    services.case_audit_action_add(
        audit=audit,
        action="Hold a strategy discussion.",
        owner=personas.team_manager.worker,
        due_on=date(2025, 9, 5),
        set_on=date(2025, 8, 29),
        by=personas.auditor.worker,
    )
    done = services.case_audit_complete(**kwargs)
    assert done.grade == "inadequate" and done.completed_on == date(2025, 8, 29)


def test_an_action_needs_an_owner_and_a_due_date_and_nothing_is_written_without(personas):
    audit = started(personas)
    refused = _refused(
        AuditRule.ACTION_OWNER_AND_DUE_DATE,
        services.case_audit_action_add,
        audit=audit,
        action="Update the chronology.",
        owner=None,
        due_on=None,
        set_on=date(2025, 8, 29),
        by=personas.auditor.worker,
    )
    assert refused.fields == ("owner", "due_on")
    assert not CaseAuditAction.objects.exists()


def test_an_action_is_done_by_its_owner_once_and_not_by_a_colleague(personas):
    audit = completed(personas, "inadequate")
    action = audit.actions.get()
    _refused(
        AuditRule.ACTION_CLOSED_BY,
        services.case_audit_action_done,
        action=action,
        done_on=date(2025, 9, 1),
        by=personas.other_worker.worker,
    )
    services.case_audit_action_done(
        action=action, done_on=date(2025, 9, 1), by=personas.social_worker.worker
    )
    _refused(
        AuditRule.ACTION_OPEN,
        services.case_audit_action_done,
        action=action,
        done_on=date(2025, 9, 1),
        by=personas.social_worker.worker,
    )
    action.refresh_from_db()
    assert action.done_on == date(2025, 9, 1)


def test_only_the_audited_worker_responds_once_the_audit_is_completed(personas):
    audit = started(personas)
    respond = {
        "audit": audit,
        "response": "I agree; the plan now has dates.",
        "agrees": True,
        "responded_on": date(2025, 9, 1),
    }
    _refused(
        AuditRule.COMPLETED,
        services.case_audit_worker_respond,
        **respond,
        by=personas.social_worker.worker,
    )
    audit = completed(personas)
    respond["audit"] = audit
    _refused(
        AuditRule.RESPONDS_ONLY_AUDITED_WORKER,
        services.case_audit_worker_respond,
        **respond,
        by=personas.team_manager.worker,
    )
    services.case_audit_worker_respond(**respond, by=personas.social_worker.worker)
    _refused(
        AuditRule.RESPONDED_ONCE,
        services.case_audit_worker_respond,
        **respond,
        by=personas.social_worker.worker,
    )
    audit.refresh_from_db()
    assert audit.worker_agrees is True
    assert audit.worker_response == "I agree; the plan now has dates."
