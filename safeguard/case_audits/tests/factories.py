"""Case audits for tests, written straight to the tables (the services' own tests drive the
services): an audit in progress and one completed, each with one action."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from safeguard.case_audits.models import AuditTheme, CaseAudit, CaseAuditAction, CaseAuditThemeGrade
from safeguard.organisation.models import Worker


def _an_auditor() -> Worker:
    auditor = Worker.objects.filter(role=Worker.Role.AUDITOR).order_by("pk").first()
    if auditor is None:
        from safeguard.organisation.tests.factories import WorkerFactory

        auditor = WorkerFactory(role=Worker.Role.AUDITOR)
    return auditor


def case_audit_in_progress(child: Any, worker: Worker, team: Any, **fields: Any) -> CaseAudit:
    """The child's audit in progress of `worker`'s practice (made once), by an auditor, with
    one open action owned by the worker."""
    found = CaseAudit.objects.filter(child=child, worker=worker).first()
    if found is not None:
        return found
    fields.setdefault("started_on", timezone.localdate() - timedelta(days=7))
    audit = CaseAudit.objects.create(
        child=child,
        worker=worker,
        team=team,
        auditor=fields.pop("auditor", None) or _an_auditor(),
        **fields,
    )
    CaseAuditAction.objects.create(
        audit=audit,
        action="Record the child's wishes and feelings in their own words.",
        owner=worker,
        set_on=audit.started_on,
        due_on=audit.started_on + timedelta(days=28),
    )
    return audit


def grade_every_theme(audit: CaseAudit, grade: str) -> None:
    for theme in AuditTheme:
        CaseAuditThemeGrade.objects.create(
            audit=audit, theme=theme.value, grade=grade, finding=f"Found for {theme.label}."
        )
