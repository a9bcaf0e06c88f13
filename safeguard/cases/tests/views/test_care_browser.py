"""A child becoming looked after, from the record's link through the form, its errors and
"Check your answers" to the record again, in a real browser; then the period's other pages
(the care plan, a change of placement or legal status, a review, the end of care). Each has
no WCAG 2.2 A/AA problem axe-core finds at 1280 and 320 pixels, and nothing scrolls sideways
at 320. Screenshots for docs/screenshots/ when SAFEGUARD_SCREENSHOTS=1."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from safeguard.cases import services
from safeguard.cases.models import LookedAfterPeriod
from safeguard.common import codes
from tests.browser import conftest as browser_support
from tests.browser.conftest import (
    PageChecks,
    allocated_child,
    fill_date_group,
    screenshot,
    signed_in,
    working_days_ago,
)

# The browser fixtures live beside the other browser tests.
browser = browser_support.browser
page = browser_support.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1280, "height": 900}


def _referred(personas: Any, first_name: str, last_name: str) -> Any:
    child = allocated_child(personas, first_name, last_name)
    services.referral_open(
        child=child,
        referral_date=working_days_ago(25),
        source=codes.ReferralSource.POLICE,
        team=personas.team,
        primary_need=codes.PrimaryNeed.N1,
    )
    return child


def test_a_child_becomes_looked_after_from_the_record(page, personas):
    child = _referred(personas, "Noah", "Reyes")
    checks = PageChecks()
    page.set_viewport_size(DESKTOP)
    signed_in(page, personas.social_worker)
    page.goto(reverse("cases:child_record", args=[child.pk]))
    page.get_by_role("link", name="Record that the child became looked after").click()
    page.get_by_role("heading", name="Record that the child became looked after").wait_for()
    checks.check(page, "the becoming looked after form")

    # A start before the referral was accepted, and a URN that is not Ofsted's: both refused
    # on this page, together.
    fill_date_group(page, "Date the child became looked after", working_days_ago(30))
    page.get_by_label("Legal status").select_option("C1")
    page.get_by_label("Type of placement").select_option("K2")
    page.get_by_label("Who provides the placement?").select_option("PR4")
    page.get_by_label("Ofsted unique reference number (URN)").fill("SC12")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "the date the referral was accepted" in summary.inner_text()
    assert "Enter the Ofsted URN as SC and 6 numbers" in summary.inner_text()
    checks.check(page, "the becoming looked after form refused")

    # Opened again, the form has the draft typed so far, without the errors.
    page.goto(page.url)
    page.get_by_role("heading", name="Record that the child became looked after").wait_for()
    assert page.locator(".govuk-error-summary").count() == 0
    started = working_days_ago(3)
    fill_date_group(page, "Date the child became looked after", started)
    page.get_by_label("Legal status").select_option("C1")
    page.get_by_label("Type of placement").select_option("K2")
    page.get_by_label("Who provides the placement?").select_option("PR4")
    page.get_by_label("Ofsted unique reference number (URN)").fill("SC654321")
    page.get_by_label("Postcode of the placement (optional)").fill("NB7 2QP")
    page.get_by_label("Postcode of the child's home (optional)").fill("NB3 1AX")
    screenshot(page, "care-start")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    assert "SC654321" in page.locator("#check-answers").inner_text()
    checks.check(page, "checking becoming looked after")
    screenshot(page, "care-start-check")
    page.get_by_role("button", name="Confirm and record").click()

    page.locator(".govuk-notification-banner--success").wait_for()
    assert "The care plan is due by" in page.content()
    assert page.get_by_role("link", name="Record the care plan").count() == 1
    assert page.get_by_role("link", name="Record that the child became looked after").count() == 0
    episodes = page.locator("#episodes").locator("xpath=following-sibling::dl[1]").inner_text()
    assert "Children's home" in episodes and "Care plan: not yet recorded, due by" in episodes
    checks.check(page, "the record after becoming looked after")
    screenshot(page, "care-record")
    period = LookedAfterPeriod.objects.get(child=child)
    assert (period.start_date, period.home_postcode) == (started, "NB3 1AX")
    checks.assert_clean()


def test_the_period_of_cares_other_pages_are_accessible_at_both_widths(page, personas):
    child = _referred(personas, "Isla", "Grant")
    services.looked_after_start(
        child=child,
        start_date=working_days_ago(20),
        category_of_need=codes.PrimaryNeed.N1,
        legal_status=codes.LegalStatus.V2,
        placement_type=codes.PlacementType.U6,
        provider=codes.PlacementProvider.PR1,
        postcode="NB4 5TT",
        urn="SC123456",
    )
    checks = PageChecks()
    signed_in(page, personas.social_worker)
    for name, url_name in {
        "the care plan": "cases:care_plan_record",
        "a change of placement or legal status": "cases:placement_change",
        "a looked-after review": "cases:care_review_record",
        "the end of care": "cases:care_end",
    }.items():
        page.goto(reverse(url_name, args=[child.pk]))
        checks.check(page, name)
    # A move refused for want of its reason: the errors beside the questions.
    page.goto(reverse("cases:placement_change", args=[child.pk]))
    fill_date_group(page, "Date of the change", working_days_ago(1))
    page.get_by_label("Change of placement and carer", exact=True).check()
    page.get_by_label("Type of placement").select_option("U4")
    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "Choose why the placement ended." in page.locator(".govuk-error-summary").inner_text()
    checks.check(page, "a move refused")
    checks.assert_clean()
