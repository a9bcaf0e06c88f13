"""The adoption journey recorded from the child record's adoption section: the decision to
place for adoption (a refusal, then "Check your answers") and the match with prospective
adopters, in a real browser: no WCAG 2.2 A/AA problem axe-core finds, nothing scrolling
sideways at 320 pixels. Screenshots for docs/screenshots/ when SAFEGUARD_SCREENSHOTS=1."""

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


def test_the_decision_and_the_match_are_recorded_from_the_record(page, personas):
    record_of_child_in_care(page, personas, "Noah", "Pembridge", in_care_working_days=120)
    checks = PageChecks()
    page.get_by_role("heading", name="Adoption and permanence").wait_for()
    page.get_by_role(
        "link", name="Record the decision that the child should be placed for adoption"
    ).click()
    page.get_by_role("heading", name="Record the decision that the child").wait_for()
    checks.check(page, "the adoption decision form")

    # A day before care began is refused beside the date.
    fill_date_group(page, "Date of the agency decision maker's decision", working_days_ago(130))
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "when the child became looked after" in summary.inner_text()
    checks.check(page, "the adoption decision form refused")

    fill_date_group(page, "Date of the agency decision maker's decision", working_days_ago(60))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    checks.check(page, "the adoption decision check page")
    page.get_by_role("button", name="Confirm and record").click()
    page.get_by_text("Decision to place for adoption recorded").wait_for()

    page.get_by_role("link", name="Record the match with prospective adopters").click()
    fill_date_group(
        page, "Date the child was matched with the prospective adopters", working_days_ago(20)
    )
    page.get_by_label("Couple, male and female", exact=True).check()
    page.get_by_label("Married couple, different sex", exact=True).check()
    checks.check(page, "the match form")
    screenshot(page, "permanence-adoption-match")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    page.get_by_role("button", name="Confirm and record").click()
    page.get_by_text("Match recorded").wait_for()
    page.get_by_role("heading", name="Adoption and permanence").wait_for()
    checks.check(page, "the record after the match")
    screenshot(page, "permanence-adoption-record")
    checks.assert_clean()
