"""Steps only in sequence, in a real browser: a date the service would refuse is shown on the
form's first page; after the manager authorises an assessment, the record says what follows
and no longer offers another assessment. axe-core finds no WCAG 2.2 A/AA problem at 1280 and
320 pixels and nothing scrolls sideways; screenshots for docs/screenshots/ when
SAFEGUARD_SCREENSHOTS=1."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from safeguard.cases import services
from safeguard.cases.forms_actions import AssessmentForm
from safeguard.cases.models import Assessment, Section47Enquiry
from safeguard.cases.tests.conference_answers import initial_conference
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


def _on_a_plan_with_an_assessment_to_authorise(personas: Any) -> Assessment:
    """A child put on a protection plan after a strategy discussion early in the referral,
    whose assessment (concluding "child in need plan") waits for the manager."""
    worker = personas.social_worker.worker
    child = allocated_child(personas, "Amara", "Whitfield")
    referral = services.referral_open(
        child=child,
        referral_date=working_days_ago(30),
        source=codes.ReferralSource.SCHOOL,
        team=personas.team,
        primary_need=codes.PrimaryNeed.N1,
    )
    assessment = services.assessment_start(
        referral=referral, start_date=working_days_ago(30), worker=worker
    )
    discussion = services.strategy_discussion_record(
        referral=referral,
        discussion_date=working_days_ago(29),
        section47_started=True,
        agencies_present="Social care, police, health",
        rationale="Fictional: an unexplained bruise reported by the school.",
    )
    enquiry = Section47Enquiry.objects.get(strategy_discussion=discussion)
    services.section47_complete(
        enquiry=enquiry,
        completed_date=working_days_ago(20),
        outcome=codes.Section47Outcome.SUBSTANTIATED_AT_RISK,
        conference_required=True,
    )
    services.initial_conference_record(
        enquiry=enquiry,
        conference_date=working_days_ago(15),
        outcome=codes.ConferenceOutcome.PLAN,
        chair=personas.conference_chair.worker,
        category=codes.CategoryOfAbuse.PHY,
        **initial_conference(working_days_ago(15)),
    )
    return services.assessment_submit(
        assessment=assessment,
        submitted_date=working_days_ago(1),
        child_seen_date=working_days_ago(28),
        factors=[codes.AssessmentFactor.PHYSICAL_ABUSE_BY_ADULT],
        outcome=codes.AssessmentOutcome.CHILD_IN_NEED_PLAN,
        **assessment_sections(analysis="Fictional: the family has engaged with the plan."),
    )


def test_a_date_the_service_would_refuse_is_shown_on_the_first_page(page, personas):
    child = allocated_child(personas, "Theo", "Marsh")
    referral = services.referral_open(
        child=child,
        referral_date=working_days_ago(10),
        source=codes.ReferralSource.SCHOOL,
        team=personas.team,
        primary_need=codes.PrimaryNeed.N1,
    )
    assessment = services.assessment_start(
        referral=referral, start_date=working_days_ago(10), worker=personas.social_worker.worker
    )
    checks = PageChecks()
    signed_in(page, personas.social_worker)
    page.goto(reverse("cases:assessment_edit", args=[assessment.pk]))
    seen = working_days_ago(230)  # about eleven months before the referral was accepted
    dates = page.get_by_role("group", name="Date the child was seen")
    dates.get_by_label("Day").fill(str(seen.day))
    dates.get_by_label("Month").fill(str(seen.month))
    dates.get_by_label("Year").fill(str(seen.year))
    page.get_by_label("Neglect", exact=True).check()
    page.get_by_label("Child in need plan").check()
    for name, text in assessment_sections().items():
        label = str(AssessmentForm.base_fields[name].label)
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_role("button", name="Continue").click()

    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    accepted = referral.referral_date
    # The one error is the date: every section was written.
    assert summary.locator("li").all_inner_texts() == [
        f"The date the child was seen must be on or after {accepted.day} {accepted:%B %Y}, "
        "the date the referral was accepted."
    ]
    assert page.get_by_role("heading", name="Check your answers").count() == 0
    checks.check(page, "the assessment refused on its first page")
    screenshot(page, "assessment-date-refused")
    checks.assert_clean()


def test_after_authorising_the_record_says_what_follows_and_offers_no_second_assessment(
    page, personas
):
    assessment = _on_a_plan_with_an_assessment_to_authorise(personas)
    checks = PageChecks()
    signed_in(page, personas.team_manager)
    page.goto(reverse("cases:assessment_review", args=[assessment.pk]))
    # The manager reads every section of the assessment before deciding.
    written = page.locator("#assessment-sections").inner_text()
    assert "Fictional: the family has engaged with the plan." in written
    checks.check(page, "the manager's review of the written assessment")
    page.get_by_label("Authorise the assessment").check()
    page.get_by_label("Reason for your decision").fill("Thorough; the plan keeps her safe.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Record the decision").click()

    # The manager is back where they review work, told what follows the outcome.
    page.locator(".govuk-notification-banner--success").wait_for()
    follows = page.locator(".govuk-notification-banner:not(.govuk-notification-banner--success)")
    assert "a child in need plan is not needed while that plan lasts" in follows.inner_text()
    checks.check(page, "the confirmation of the authorisation")
    screenshot(page, "assessment-authorised-what-follows")

    page.goto(reverse("cases:child_record", args=[assessment.child_id]))
    assert page.get_by_role("link", name="Start an assessment").count() == 0
    assert page.get_by_role("link", name="Record a review child protection conference").count()
    checks.assert_clean()
