"""A personal education plan recorded from the child record's education section, through the
form, a refusal and "Check your answers", in a real browser; then the UASC page from the
circumstances section. No WCAG 2.2 A/AA problem axe-core finds at 1280 and 320 pixels,
nothing scrolling sideways at 320. Screenshots for docs/screenshots/ when
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


def test_a_pep_and_uasc_status_are_recorded_from_the_record(page, personas):
    record_of_child_in_care(page, personas, "Samir", "Haddad", in_care_working_days=30)
    checks = PageChecks()
    page.get_by_role("heading", name="Education (looked after)").wait_for()
    screenshot(page, "care-education-record")
    page.get_by_role("link", name="Record a personal education plan or review").click()
    page.get_by_role("heading", name="Record a personal education plan").wait_for()
    checks.check(page, "the PEP form")

    # A day before care began is refused beside the date.
    page.get_by_label("Initial personal education plan").check()
    fill_date_group(page, "Date of the PEP meeting", working_days_ago(40))
    page.get_by_label("School or setting").fill("Castlegate High School, Year 9")
    page.locator("input[name=virtual_school_involved][value=yes]").check()
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "when the child became looked after" in summary.inner_text()
    checks.check(page, "the PEP form refused")

    fill_date_group(page, "Date of the PEP meeting", working_days_ago(12))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    checks.check(page, "the PEP check page")
    screenshot(page, "care-education-check")
    page.get_by_role("button", name="Confirm and record").click()
    page.get_by_text("Initial personal education plan recorded").wait_for()

    page.get_by_role("link", name="Record as an unaccompanied asylum-seeking child").click()
    page.get_by_role("heading", name="Record as an unaccompanied asylum-seeking child").wait_for()
    checks.check(page, "the UASC form")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Confirm and record").click()
    page.get_by_text("Recorded as an unaccompanied asylum-seeking child").wait_for()
    page.get_by_role("link", name="Record the date UASC status ceased").wait_for()
    checks.check(page, "the record after a PEP and UASC status")
    checks.assert_clean()
