"""A health assessment recorded from the child record's health section, through the form, a
refusal and "Check your answers", in a real browser: no WCAG 2.2 A/AA problem axe-core finds at
1280 and 320 pixels, nothing scrolling sideways at 320. Screenshots for docs/screenshots/ when
SAFEGUARD_SCREENSHOTS=1."""

from __future__ import annotations

import pytest

from tests.browser import conftest as browser_support
from tests.browser.conftest import (
    PageChecks,
    fill_date_group,
    record_of_child_in_care,
    screenshot,
    working_days_ago,
)

browser = browser_support.browser
page = browser_support.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_health_assessment_is_recorded_from_the_record(page, personas):
    record_of_child_in_care(page, personas, "Maya", "Osei", in_care_working_days=30)
    checks = PageChecks()
    page.get_by_role("heading", name="Health (looked after)").wait_for()
    screenshot(page, "care-health-record")
    page.get_by_role("link", name="Record a health assessment").click()
    page.get_by_role("heading", name="Record a health assessment").wait_for()
    checks.check(page, "the health assessment form")

    # A day before care began is refused beside the date.
    page.get_by_label("Initial health assessment").check()
    fill_date_group(page, "Date of the assessment", working_days_ago(40))
    page.get_by_label("Who carried it out").fill("Dr R Okafor, community paediatrician")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "when the child became looked after" in summary.inner_text()
    checks.check(page, "the health assessment form refused")

    fill_date_group(page, "Date of the assessment", working_days_ago(10))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    checks.check(page, "the health assessment check page")
    screenshot(page, "care-health-check")
    page.get_by_role("button", name="Confirm and record").click()
    page.get_by_text("Initial health assessment recorded").wait_for()
    checks.check(page, "the record after a health assessment")
    checks.assert_clean()
