"""The practitioner's journeys end to end in a real browser, as the issue's "Must show" lists
them: find a child under a misspelt name and record the visit that clears an overdue task;
a referral through the assessment to the manager's authorisation."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from safeguard.cases.models import Assessment, ManagementDecision, Referral, Visit

from .conftest import (
    allocated_child,
    child_on_protection_plan,
    screenshot,
    signed_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A fictional assessment, by the question each section answers.
ASSESSMENT_WRITTEN = {
    "The child's developmental needs": "Healthy and doing well at school; attendance 96%.",
    "Parenting capacity": "Mother is warm and protective; she has left the abusive partner.",
    "Family and environmental factors": "Housing association flat; grandmother nearby helps.",
    "The child's voice: wishes, feelings and lived experience": (
        "Seen alone at school. Said she feels safe now and wants to stay at her school."
    ),
    "Analysis": (
        "Amira is safe at home with support. Mother is engaging with the domestic abuse service."
    ),
    "The plan": "Child in need plan: weekly family support; review in 3 months.",
}


def overdue_count(page: Any) -> int:
    page.goto("/my-cases")
    return int(page.locator("#overdue-count").get_attribute("data-overdue-count"))


def fill_date(page: Any, legend: str, day: Any, month: Any, year: Any) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def visit_rows(page: Any, *texts: str) -> int:
    """How many "Child protection plan visit" rows of the record's statutory timescales (due
    now, and the history folded behind it) show every one of `texts`."""
    rows = page.locator("#due-now + .safeguard-table-scroll tbody tr, #timeline-history tbody tr")
    for text in ("Child protection plan visit", *texts):
        rows = rows.filter(has_text=text)
    return rows.count()


def success_banner(page: Any) -> str:
    # Saving a statutory step writes the record, its clocks and the audit entry; on a loaded
    # two-core CI machine running two test workers and Chromium that has taken over the page
    # default of 10 s, so the banner gets longer (a real failure still fails).
    return page.locator(".govuk-notification-banner--success").inner_text(timeout=30_000)


def test_find_a_misspelt_child_record_a_visit_and_the_overdue_count_drops(page, personas):
    jayden = child_on_protection_plan(personas, "Jayden", "Okafor")
    signed_in(page, personas.social_worker)
    assert page.url.endswith("/my-cases")  # a social worker starts from their caseload
    before = overdue_count(page)
    assert before >= 1
    assert "Overdue" in page.locator("#my-cases tbody tr", has_text="Jayden Okafor").inner_text()

    page.get_by_role("link", name="Find a child").click()
    page.get_by_label("Name").fill("Jaden")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Jayden Okafor").click()
    assert page.url.endswith(f"/children/{jayden.pk}")
    assert page.get_by_role("heading", level=1).inner_text() == "Jayden Okafor"
    assert visit_rows(page, "Overdue") == 1

    page.get_by_role("button", name="Record a visit").click()
    page.get_by_label("Child protection visit").check()
    today = timezone.localdate()
    fill_date(page, "Date of visit", today.day, today.month, today.year)
    page.get_by_label("Time of visit").fill("10am")
    page.get_by_label("The child's home").check()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("The child was seen alone").check()
    page.get_by_label("The child's wishes and feelings").fill("Said he likes his new bed.")
    page.get_by_label("Notes (optional)").fill("Jayden showed me his room; food in the fridge.")
    page.get_by_role("button", name="Record the visit").click()

    assert page.url.endswith(f"/children/{jayden.pk}")
    assert success_banner(page).endswith("Visit recorded")
    visit = Visit.objects.filter(child=jayden).latest("visit_date")
    assert (visit.visit_date, visit.child_seen, visit.seen_alone) == (today, True, True)
    assert visit_rows(page, "Overdue") == 0
    assert visit_rows(page, "Met", f"{today.day} {today:%B %Y}") == 1  # met today
    assert overdue_count(page) == before - 1


def test_a_referral_through_the_assessment_to_the_managers_authorisation(
    page, browser, live_server, personas
):
    child = allocated_child(personas, "Amira", "Haddad")
    today = timezone.localdate()
    signed_in(page, personas.social_worker)
    page.goto(f"/children/{child.pk}")

    # The social worker opens the referral and checks the answers before it is recorded.
    page.get_by_role("link", name="Open a referral").click()
    fill_date(page, "Date of the referral", today.day, today.month, today.year)
    page.get_by_label("Who made the referral?").select_option(label="School")
    page.get_by_label("The child's primary need").select_option("N1")
    page.get_by_label("Team taking the referral").select_option(label=personas.team.name)
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers"
    assert not Referral.objects.filter(child=child).exists()  # nothing until confirmed
    page.get_by_role("button", name="Confirm and record").click()
    assert success_banner(page).endswith("Referral opened")

    # Starts the assessment, then completes it with the factors and the outcome.
    page.get_by_role("link", name="Start an assessment").click()
    fill_date(page, "Date the assessment started", today.day, today.month, today.year)
    page.get_by_role("button", name="Start the assessment").click()
    assert success_banner(page).endswith("Assessment started")
    page.get_by_role("link", name="Continue the assessment").click()
    fill_date(page, "Date the child was seen", today.day, today.month, today.year)
    page.get_by_label("Domestic violence: parent or carer").check()
    page.get_by_label("Mental health: parent or carer").check()
    page.get_by_label("Child in need plan").check()
    # Written in the Assessment Framework's domains, with the child's voice, analysis and plan.
    for label, text in ASSESSMENT_WRITTEN.items():
        page.get_by_label(label, exact=True).fill(text)
    screenshot(page, "assessment-form")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers"
    answers = page.locator(".govuk-summary-list").last.inner_text()
    for text in ("Domestic violence: parent or carer", "Mental health: parent or carer"):
        assert text in answers
    for label, text in ASSESSMENT_WRITTEN.items():
        assert label in answers and text in answers
    screenshot(page, "assessment-check-answers")
    page.get_by_role("button", name="Confirm and record").click()
    assert success_banner(page).endswith("Assessment submitted to your manager for authorisation")
    assessment = Assessment.objects.get(child=child)
    assert assessment.submitted_date == today
    assert sorted(assessment.factors) == ["3B", "4B"]

    # The team manager, in their own browser, authorises it from the team dashboard.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    manager = context.new_page()
    try:
        signed_in(manager, personas.team_manager)
        manager.goto("/team")
        waiting = manager.locator("#awaiting-authorisation + * tbody tr", has_text="Amira Haddad")
        waiting.get_by_role("link", name="Review").click()
        assert manager.get_by_role("heading", level=1).inner_text() == "Review the assessment"
        # The manager reads the whole assessment before deciding.
        written = manager.locator("#assessment-sections").inner_text()
        for label, text in ASSESSMENT_WRITTEN.items():
            assert label in written and text in written
        screenshot(manager, "assessment-review")
        manager.get_by_label("Authorise the assessment").check()
        manager.get_by_label("Reason for your decision").fill(
            "Analysis is sound; a child in need plan is proportionate."
        )
        manager.get_by_role("button", name="Continue").click()
        assert "Check your decision" in manager.get_by_role("heading", level=1).inner_text()
        assert not ManagementDecision.objects.filter(child=child).exists()
        manager.get_by_role("button", name="Record the decision").click()
        assert success_banner(manager).endswith("Amira Haddad's assessment is authorised")

        # The record shows the authorisation and the decision with who made it and why.
        manager.goto(f"/children/{child.pk}")
        chronology = manager.locator("#chronology ~ .safeguard-table-scroll").inner_text()
        assert "Assessment authorised" in chronology
        assert "Analysis is sound; a child in need plan is proportionate." in chronology
        assert "Tm Persona" in chronology
    finally:
        context.close()
    assessment.refresh_from_db()
    assert assessment.authorised_date == today
    assert assessment.authorised_by == personas.team_manager.worker
    decision = ManagementDecision.objects.get(child=child)
    assert decision.kind == ManagementDecision.Kind.AUTHORISATION
    assert decision.decided_by == personas.team_manager.worker
