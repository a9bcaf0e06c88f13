"""What the case audit tests share: the frozen day and an audit taken to each stage through
the services."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from safeguard.case_audits import services
from safeguard.case_audits.models import AuditTheme, CaseAudit

LONDON = ZoneInfo("Europe/London")
TODAY = date(2025, 9, 1)
STARTED = date(2025, 8, 18)


@pytest.fixture
def frozen_today() -> Iterator[None]:
    with time_machine.travel(datetime(2025, 9, 1, 12, 0, tzinfo=LONDON), tick=False):
        yield


def started(personas) -> CaseAudit:
    """The auditor's audit of the social worker's practice on Own Child."""
    return services.case_audit_start(
        child=personas.own_child,
        worker=personas.social_worker.worker,
        auditor=personas.auditor.worker,
        started_on=STARTED,
    )


def graded(personas, grade: str = "good") -> CaseAudit:
    audit = started(personas)
    for theme in AuditTheme:
        services.case_audit_theme_grade(
            audit=audit,
            theme=theme.value,
            grade=grade,
            finding=f"Found on {theme.label}.",
            by=personas.auditor.worker,
        )
    return audit


def completed(personas, grade: str = "good") -> CaseAudit:
    audit = graded(personas, grade)
    if grade == "inadequate":
        services.case_audit_action_add(
            audit=audit,
            action="Visit the child and record their wishes.",
            owner=personas.social_worker.worker,
            due_on=date(2025, 9, 15),
            set_on=date(2025, 8, 25),
            by=personas.auditor.worker,
        )
    return services.case_audit_complete(
        audit=audit,
        grade=grade,
        strengths="The child's views are recorded in their own words.",
        areas_for_development="The plan's actions need dates.",
        completed_on=date(2025, 8, 29),
        by=personas.auditor.worker,
    )


TOKEN = re.compile(r'name="submission_token" value="([^"]+)"')


def day(name: str, on: date) -> dict[str, str]:
    """A GOV.UK date input's three boxes."""
    return {f"{name}_0": str(on.day), f"{name}_1": str(on.month), f"{name}_2": str(on.year)}


def record(client: Any, url: str, data: dict[str, Any]) -> Any:
    """Post the form, expect "Check your answers", confirm, and return the confirmation."""
    check = client.post(url, data)
    html = check.content.decode()
    assert check.status_code == 200, html[-3000:]
    assert "Check your answers" in html
    token = TOKEN.search(html)
    assert token is not None
    return client.post(url, {"submission_token": token.group(1), "confirm": "yes"})
