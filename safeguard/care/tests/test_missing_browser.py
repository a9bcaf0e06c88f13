"""A missing episode recorded from the child record, then the return with the return home
interview (a refusal first), in a real browser: no WCAG 2.2 A/AA problem axe-core finds at
1280 and 320 pixels, nothing scrolling sideways at 320. Screenshots for docs/screenshots/ when
SAFEGUARD_SCREENSHOTS=1."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser import conftest as browser_support
from tests.browser.conftest import (
    PageChecks,
    fill_date_group,
    record_of_child_in_care,
    screenshot,
)

browser = browser_support.browser
page = browser_support.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_missing_episode_and_the_return_are_recorded_from_the_record(page, personas):
    record_of_child_in_care(page, personas, "Jordan", "Reyes", in_care_working_days=60)
    today = timezone.localdate()
    checks = PageChecks()
    page.get_by_role("heading", name="Missing episodes").wait_for()
    page.get_by_role("link", name="Record a missing episode").click()
    page.get_by_role("heading", name="Record a missing episode").wait_for()
    page.get_by_label("Missing", exact=True).check()
    fill_date_group(page, "Date the child went missing", today - timedelta(days=3))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    checks.check(page, "the missing episode check page")
    page.get_by_role("button", name="Confirm and record").click()
    page.get_by_text("Missing episode recorded").wait_for()

    page.get_by_role("link", name="Record the return").click()
    page.get_by_role("heading", name="Record the return").wait_for()
    checks.check(page, "the return form")
    # Back before the child went missing: refused beside the date.
    fill_date_group(page, "Date the child returned or was found", today - timedelta(days=5))
    page.locator('input[name="rhi_offered"][value="yes"]').check()
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "when they went missing" in summary.inner_text()
    checks.check(page, "the return form refused")

    fill_date_group(page, "Date the child returned or was found", today - timedelta(days=2))
    page.get_by_label("Where were they found").fill("Returned to the placement by police")
    page.locator('input[name="rhi_accepted"][value="no"]').check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    checks.check(page, "the return check page")
    screenshot(page, "care-missing-check")
    page.get_by_role("button", name="Confirm and record").click()
    page.get_by_text("Return recorded").wait_for()
    page.get_by_role("heading", name="Missing episodes").scroll_into_view_if_needed()
    checks.check(page, "the record after the return")
    screenshot(page, "care-missing-record")
    checks.assert_clean()
