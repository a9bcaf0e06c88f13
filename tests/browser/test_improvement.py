"""The improvement plan in a real browser (issue 17): a head of service filters the plan,
opens a recommendation, moves it to implemented through "Check your answers", reads the board
report and the inspection-readiness view; axe-core finds no WCAG 2.2 A/AA problem on any of
them, at desktop width or at 320 pixels."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from safeguard.improvement import services
from safeguard.improvement.codes import JudgementArea, SourceKind, Status
from safeguard.improvement.tests.factories import (
    document_evidence_in,
    recommendation_in,
    source_in,
)

from .conftest import PageChecks, fill_date_group, screenshot, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _plan(personas: Any) -> Any:
    """A practice review with one recommendation evidenced by a document, one overdue and one
    not started and due in three weeks (at risk); an Ofsted inspection's area for care
    leavers."""
    today = timezone.localdate()
    authority = personas.authority
    review = source_in(authority, published_on=today - timedelta(days=800))
    evidenced = recommendation_in(
        authority, "R1", source=review, due_on=today - timedelta(days=400)
    )
    document_evidence_in(authority, evidenced)
    services.recommendation_status_change(
        recommendation=evidenced, status=Status.EVIDENCED, on=today, changed_by=None
    )
    overdue = recommendation_in(
        authority,
        "R2",
        source=review,
        due_on=today - timedelta(days=30),
        text="Team managers record their oversight of every open case at least monthly.",
        judgement_area=JudgementArea.LEADERS,
    )
    recommendation_in(authority, "R3", source=review, due_on=today + timedelta(days=21))
    ofsted = source_in(
        authority,
        "Ofsted inspection of children's services",
        kind=SourceKind.OFSTED_INSPECTION,
        published_on=today - timedelta(days=300),
    )
    recommendation_in(
        authority,
        "O1",
        source=ofsted,
        due_on=today + timedelta(days=200),
        text="Improve the quality of pathway plans for care leavers.",
        judgement_area=JudgementArea.CARE_LEAVERS,
    )
    return overdue


def test_the_improvement_plan_board_report_and_readiness_are_accessible(page, personas):
    overdue = _plan(personas)
    checks = PageChecks()

    signed_in(page, personas.head_of_service)
    page.goto("/improvement/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Improvement plan")
    expect(page.locator("#plan-caption")).to_contain_text("4 recommendations")
    checks.check(page, "the plan")
    screenshot(page, "improvement-plan")

    page.get_by_label("Overdue only").check()
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#plan-caption")).to_contain_text("1 recommendation")
    page.get_by_role("link", name="R2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendation R2")
    checks.check(page, "a recommendation")

    page.get_by_role("link", name="Change the status").click()
    page.get_by_label("Implemented").check()
    fill_date_group(page, "Date of the change", timezone.localdate())
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your answers")
    checks.check(page, "check your answers")
    page.get_by_role("button", name="Confirm and record").click()
    expect(page.get_by_text("R2 is now implemented")).to_be_visible()
    overdue.refresh_from_db()
    assert overdue.status == Status.IMPLEMENTED

    page.get_by_role("link", name="Back to the plan").click()
    page.get_by_role("link", name="Board report").click()
    expect(page.locator("#implemented-with-evidence")).to_have_text("1")
    checks.check(page, "board report")
    screenshot(page, "improvement-board-report")

    page.get_by_role("link", name="Inspection readiness").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspection readiness")
    expect(
        page.get_by_role("heading", name="The experiences and progress of care leavers")
    ).to_be_visible()
    checks.check(page, "inspection readiness")
    screenshot(page, "improvement-readiness")

    checks.assert_clean()
