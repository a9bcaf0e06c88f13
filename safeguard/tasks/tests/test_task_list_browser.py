"""The task list in a real browser, as issue 14 asks: a manager returns an assessment with a
reason; the worker signs in, sees the task in the navigation's count and on the task list with
the reason and a link to act; the assessment itself shows the reason; once the worker sends it
back, the task has gone. axe-core finds no WCAG 2.2 A/AA problem at 1280 and 320 pixels and
nothing scrolls sideways; the screenshot for docs/screenshots/ when SAFEGUARD_SCREENSHOTS=1."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from safeguard.cases import services
from safeguard.cases.models import Assessment
from safeguard.cases.tests.factories import assessment_sections
from safeguard.common import codes
from tests.browser import conftest as browser_support
from tests.browser.conftest import (
    PageChecks,
    allocated_child,
    screenshot,
    signed_in,
    working_days_ago,
)

# The browser fixtures live beside the other browser tests.
browser = browser_support.browser
page = browser_support.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Please add the father's view, and what the school told you about attendance."


def _assessment_sent_for_authorisation(personas: Any) -> Assessment:
    child = allocated_child(personas, "Amara", "Whitfield")
    referral = services.referral_open(
        child=child,
        referral_date=working_days_ago(20),
        source=codes.ReferralSource.SCHOOL,
        team=personas.team,
        primary_need=codes.PrimaryNeed.N1,
    )
    assessment = services.assessment_start(
        referral=referral, start_date=working_days_ago(20), worker=personas.social_worker.worker
    )
    return services.assessment_submit(
        assessment=assessment,
        submitted_date=working_days_ago(1),
        child_seen_date=working_days_ago(18),
        factors=[codes.AssessmentFactor.NEGLECT],
        outcome=codes.AssessmentOutcome.CHILD_IN_NEED_PLAN,
        **assessment_sections(
            analysis="Fictional: the home is cold and there is little food in the house."
        ),
    )


def _more_to_do(personas: Any) -> None:
    """A case allocated to the worker today, and a signal about it: other tasks, which stay
    when the returned work is done."""
    from django.utils import timezone

    from safeguard.agencies.signals.tests.factories import signal_about
    from safeguard.people.tests.factories import ChildFactory

    child = ChildFactory(first_name="Kofi", last_name="Brennan")
    services.allocation_allocate(
        child=child,
        team=personas.team,
        worker=personas.social_worker.worker,
        start_date=timezone.localdate(),
        reason="Fictional: capacity in the team.",
        allocated_by=personas.team_manager.worker,
    )
    signal_about(child, today=timezone.localdate())


def _nav_count(page: Any) -> str:
    link = page.get_by_role("navigation", name="Menu").get_by_role("link", name="Tasks")
    return " ".join(link.inner_text().split())


def test_a_returned_assessment_reaches_the_worker_and_clears_when_sent_back(
    page, browser, live_server, personas
):
    assessment = _assessment_sent_for_authorisation(personas)
    _more_to_do(personas)
    checks = PageChecks()

    # The manager finds the assessment on their task list and returns it, saying why.
    signed_in(page, personas.team_manager)
    page.goto(reverse("tasks:list"))
    checks.check(page, "the manager's tasks")
    page.get_by_role("link", name="Review Amara Whitfield's assessment").click()
    page.get_by_label("Return it to the worker for more work").check()
    page.get_by_label("Reason for your decision").fill(REASON)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Record the decision").click()
    page.locator(".govuk-notification-banner--success").wait_for()
    page.context.close()

    # The worker signs in: the navigation counts the task; the list shows the reason.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    worker_page = context.new_page()
    signed_in(worker_page, personas.social_worker)
    worker_page.get_by_role("navigation", name="Menu").locator(".safeguard-nav-count").wait_for()
    assert _nav_count(worker_page) == "Tasks 3 to do"
    worker_page.get_by_role("link", name="Tasks").click()
    returned = worker_page.locator("section", has=worker_page.locator("h2#returned"))
    assert "Work returned to you (1)" in returned.inner_text()
    assert REASON in returned.inner_text()
    assert "Returned by Tm Persona" in returned.inner_text()
    checks.check(worker_page, "the worker's tasks")
    screenshot(worker_page, "tasks")

    # The link opens the assessment, which shows the reason too; sent back, the task goes.
    returned.get_by_role("link", name="Rework Amara Whitfield's assessment").click()
    assert worker_page.url.endswith(reverse("cases:assessment_edit", args=[assessment.pk]))
    assert REASON in worker_page.locator(".govuk-summary-list").first.inner_text()
    checks.check(worker_page, "the returned assessment")
    worker_page.get_by_role("button", name="Continue").click()
    worker_page.get_by_role("button", name="Confirm and record").click()
    worker_page.locator(".govuk-notification-banner--success").wait_for()

    worker_page.goto(reverse("tasks:list"))
    assert worker_page.locator("h2#returned").count() == 0
    assert worker_page.locator("h2#allocations").inner_text() == "New allocations (1)"
    worker_page.locator(".safeguard-nav-count").wait_for()
    assert _nav_count(worker_page) == "Tasks 2 to do"
    assessment.refresh_from_db()
    assert assessment.submitted_date is not None
    checks.check(worker_page, "the worker's tasks, done")
    context.close()
    checks.assert_clean()
