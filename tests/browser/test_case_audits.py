"""The case audit tool in a real browser (issue 17, part 4): an auditor starts an audit from
the list, grades a theme through "Check your answers", is refused completion beside the
grade while a theme is ungraded, completes it once every theme is graded, and the results by
theme show a table and a chart; axe-core finds no WCAG 2.2 A/AA problem on any page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from safeguard.case_audits import services
from safeguard.case_audits.models import AuditTheme, CaseAudit

from .conftest import assert_accessible, fill_date_group, screenshot, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press(page: Any, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def _confirm(page: Any) -> None:
    press(page, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    press(page, "Confirm and record")


def test_an_auditor_starts_grades_and_completes_an_audit_and_reads_the_results(page, personas):
    today = timezone.localdate()
    signed_in(page, personas.auditor)
    page.goto("/case-audits/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Case audits")
    page.get_by_role("link", name="Start a case audit").click()
    page.wait_for_load_state()
    assert_accessible(page, name="start a case audit")
    page.get_by_label("Child's ID").fill("POwn")
    fill_date_group(page, "Date the audit started", today - timedelta(days=3))
    _confirm(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Case audit started")
    audit = CaseAudit.objects.get()

    page.get_by_role("link", name="Grade the child's voice and lived experience").click()
    page.wait_for_load_state()
    page.get_by_label("Requires improvement to be good").check()
    page.get_by_label("What did you find?").fill("Views recorded, but not in the child's words.")
    assert_accessible(page, name="grade a theme")
    _confirm(page)
    expect(page.locator("[data-audit-themes]")).to_contain_text("Requires improvement to be good")

    page.get_by_role("link", name="Complete the audit").click()
    page.wait_for_load_state()
    page.get_by_label("Good", exact=True).check()
    page.get_by_label("Strengths").fill("Visits are regular and purposeful.")
    page.get_by_label("Areas for development").fill("Record the child's own words.")
    fill_date_group(page, "Date the audit was completed", today)
    press(page, "Continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Grade every theme")
    assert_accessible(page, name="complete the audit with an error")
    audit.refresh_from_db()
    assert audit.completed_on is None

    for theme in list(AuditTheme)[1:]:
        services.case_audit_theme_grade(
            audit=audit,
            theme=theme.value,
            grade="good",
            finding="Consistently good practice.",
            by=personas.auditor.worker,
        )
    _confirm(page)
    expect(page.locator("[data-audit-grade]")).to_have_text("Good")
    assert_accessible(page, name="the completed audit")
    screenshot(page, "case-audit-tool")

    page.goto("/case-audits/")
    expect(page.locator('[data-audits="awaiting-response"]')).to_contain_text("Own Child")
    assert_accessible(page, name="case audits list")
    screenshot(page, "case-audit-list")

    page.get_by_role("link", name="Results by theme over time").click()
    page.wait_for_load_state()
    expect(page.locator("svg[role=img] title")).to_have_text(
        "Audits graded good or outstanding overall, quarter by quarter (%)"
    )
    expect(page.locator("[data-results-quarter] tr[data-theme=overall]")).to_contain_text("100%")
    assert_accessible(page, name="results by theme")
    screenshot(page, "case-audit-results")
