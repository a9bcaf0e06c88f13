"""Every main page, as each role reaches it, checked in a real browser: axe-core finds no
WCAG 2.2 A/AA problem, and at 320 pixels wide the page body does not scroll sideways (a table
may scroll inside its own container). Each test walks many pages and reports every problem
it finds at the end. The main pages are also photographed for docs/screenshots/."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from safeguard.access.models import Alert
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases import services
from safeguard.cases.forms_actions import AssessmentForm
from safeguard.cases.tests.factories import assessment_sections
from safeguard.common import codes

from .conftest import (
    PASSWORD,
    PageChecks,
    allocated_child,
    child_on_protection_plan,
    screenshot,
    sign_in_through_the_browser,
    signed_in,
    working_days_ago,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submitted_assessment(personas: Any, first_name: str, last_name: str) -> Any:
    """A child whose assessment the social worker has completed: waiting for the manager."""
    child = allocated_child(personas, first_name, last_name)
    referral = services.referral_open(
        child=child,
        referral_date=working_days_ago(30),
        source=codes.ReferralSource.HEALTH_GP,
        team=personas.team,
        primary_need=codes.PrimaryNeed.N3,
    )
    assessment = services.assessment_start(
        referral=referral, start_date=working_days_ago(29), worker=personas.social_worker.worker
    )
    return services.assessment_submit(
        assessment=assessment,
        submitted_date=working_days_ago(1),
        child_seen_date=working_days_ago(20),
        factors=[codes.AssessmentFactor.MENTAL_HEALTH_PARENT],
        outcome=codes.AssessmentOutcome.CHILD_IN_NEED_PLAN,
        **assessment_sections(
            analysis="Mother's mental health affects the care of the children at times."
        ),
    )


def test_the_social_workers_pages(page, personas):
    jayden = child_on_protection_plan(personas, "Jayden", "Okafor")
    amira = allocated_child(personas, "Amira", "Haddad")
    checks = PageChecks()

    page.goto("/sign-in")
    checks.check(page, "sign in")
    personas.social_worker.set_password(PASSWORD)
    personas.social_worker.save()
    sign_in_through_the_browser(
        page,
        personas.social_worker,
        PASSWORD,
        at_security_code=lambda p: checks.check(p, "security code"),
    )

    page.goto("/my-cases")
    checks.check(page, "my cases")
    screenshot(page, "my-cases")

    page.goto(f"/children/{jayden.pk}")
    page.get_by_text("Filter the chronology").click()  # the filters open, to be checked too
    checks.check(page, "child record")
    screenshot(page, "child-record")

    page.goto(f"/children/{jayden.pk}/visits/new")
    checks.check(page, "record a visit")
    page.get_by_label("No", exact=True).check()  # reveals "why was the child not seen?"
    page.get_by_role("button", name="Record the visit").click()
    page.locator(".govuk-error-summary").wait_for()
    checks.check(page, "record a visit, with errors")

    page.goto(f"/children/{jayden.pk}/case-notes/new")
    checks.check(page, "case note")
    page.get_by_role("button", name="Save the case note").click()
    page.locator(".govuk-error-summary").wait_for()
    checks.check(page, "case note, with errors")

    page.goto("/children/search")
    checks.check(page, "find a child")
    page.get_by_label("Name").fill("Jaden")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Jayden Okafor").wait_for()
    checks.check(page, "find a child, with results")
    screenshot(page, "find-a-child")
    page.goto("/children/search?name=Zebedee")
    checks.check(page, "find a child, nobody found")
    page.goto("/children/search?name=J")
    checks.check(page, "find a child, with an error")

    # The statutory action pages, from opening a referral to the assessment's check page.
    today = timezone.localdate()
    page.goto(f"/children/{amira.pk}")
    page.get_by_role("link", name="Open a referral").click()
    checks.check(page, "open a referral")
    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-error-summary").wait_for()
    checks.check(page, "open a referral, with errors")
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Who made the referral?").select_option(label="School")
    page.get_by_label("The child's primary need").select_option("N1")
    page.get_by_label("Team taking the referral").select_option(label=personas.team.name)
    page.get_by_role("button", name="Continue").click()
    checks.check(page, "open a referral, check your answers")
    page.get_by_role("button", name="Confirm and record").click()
    page.get_by_role("link", name="Start an assessment").click()
    checks.check(page, "start an assessment")
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Start the assessment").click()
    page.get_by_role("link", name="Continue the assessment").click()
    checks.check(page, "complete the assessment")
    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-error-summary").wait_for()
    checks.check(page, "complete the assessment, with errors")
    page.get_by_label("No factors identified").check()
    page.get_by_label("Early help").check()
    for name, text in assessment_sections(analysis="Needs are met by early help.").items():
        page.get_by_label(str(AssessmentForm.base_fields[name].label), exact=True).fill(text)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    checks.check(page, "complete the assessment, check your answers")
    page.get_by_role("button", name="Confirm and record").click()
    page.locator(".govuk-notification-banner--success").wait_for()
    checks.check(page, "child record, after an action (notification banner)")

    checks.assert_clean()


def test_the_team_managers_and_head_of_services_pages(page, browser, live_server, personas):
    child_on_protection_plan(personas, "Jayden", "Okafor")
    waiting = submitted_assessment(personas, "Amira", "Haddad")
    services.referral_open(
        child=personas.team_child,
        referral_date=working_days_ago(4),
        source=codes.ReferralSource.POLICE,
        team=personas.team,
        primary_need=codes.PrimaryNeed.N1,
    )
    checks = PageChecks()
    signed_in(page, personas.team_manager)

    page.goto("/team")
    checks.check(page, "team dashboard")
    screenshot(page, "team-dashboard")
    page.locator('[data-measure="cp-visits-overdue"] a').click()
    page.get_by_role("heading", level=1).wait_for()
    assert "Jayden Okafor" in page.locator("main").inner_text()
    checks.check(page, "team drill-down: child protection visits overdue")
    page.goto("/team")
    page.locator('[data-measure="unallocated"] a').click()
    page.get_by_role("heading", level=1).wait_for()
    checks.check(page, "team drill-down: waiting for allocation")

    page.goto("/team")
    page.get_by_role("link", name="Allocate Team Child").click()
    checks.check(page, "allocate")
    page.get_by_role("button", name="Allocate").click()
    page.locator(".govuk-error-summary").wait_for()
    checks.check(page, "allocate, with errors")

    page.goto(f"/assessments/{waiting.pk}/review")
    checks.check(page, "review the assessment")
    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-error-summary").wait_for()
    checks.check(page, "review the assessment, with errors")
    page.get_by_label("Authorise the assessment").check()
    page.get_by_label("Reason for your decision").fill("A child in need plan is right.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Record the decision").wait_for()
    checks.check(page, "check the decision on the assessment")
    page.get_by_role("button", name="Record the decision").click()
    page.locator(".govuk-notification-banner--success").wait_for()
    checks.check(page, "team dashboard, after a decision (notification banner)")

    # The head of service sees the same figures, a row for each team.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    head = context.new_page()
    try:
        signed_in(head, personas.head_of_service)
        head.goto("/team")
        checks.check(head, "teams dashboard (head of service)")
    finally:
        context.close()

    checks.assert_clean()


def test_the_auditors_pages(page, personas):
    child = personas.own_child
    sw = personas.social_worker
    audit_record(
        action=Action.READ,
        actor=sw,
        object_type="people.person",
        object_id=child.pk,
        child_id=child.pk,
    )
    audit_record(
        action=Action.BREAK_GLASS,
        actor=personas.other_worker,
        object_type="people.person",
        object_id=child.pk,
        child_id=child.pk,
        reason="Out-of-hours call from the police.",
    )
    Alert.objects.create(
        recipient=personas.auditor,
        kind="break_glass",
        message="Other Persona used break-glass access to a record.",
        child=child,
    )
    checks = PageChecks()
    signed_in(page, personas.auditor)

    page.goto("/audit/")
    checks.check(page, "audit trail")
    page.get_by_label("Child").fill(child.la_child_id)
    page.get_by_role("button", name="Search the trail").click()
    page.locator("#results-heading").wait_for()
    assert "Out-of-hours call from the police." in page.locator("main").inner_text()
    checks.check(page, "audit trail, a child's entries")
    screenshot(page, "audit")
    page.goto("/audit/?username=sw")
    checks.check(page, "audit trail, a user's entries")
    page.goto("/audit/?child=NOSUCHCHILD")
    checks.check(page, "audit trail, with an error")
    page.goto("/audit/alerts")
    checks.check(page, "alerts")

    checks.assert_clean()
