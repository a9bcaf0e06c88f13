"""The permanence plan and the IRO's visit recorded from the child record, each through the
form, a refusal and "Check your answers", in a real browser: no WCAG 2.2 A/AA problem axe-core
finds, nothing scrolling sideways at 320 pixels. Screenshots for docs/screenshots/ when
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


def test_the_permanence_plan_and_an_iro_visit_are_recorded_from_the_record(page, personas):
    record_of_child_in_care(page, personas, "Ellis", "Marwood", in_care_working_days=60)
    checks = PageChecks()

    page.get_by_role("link", name="Record the permanence plan").click()
    page.get_by_role("heading", name="Record the permanence plan").wait_for()
    checks.check(page, "the permanence plan form")
    # A plan agreed before the child became looked after is refused beside the date.
    page.get_by_label("Long term placement with relatives/friends").check()
    fill_date_group(page, "Date the plan was agreed", working_days_ago(70))
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    checks.check(page, "the permanence plan form refused")
    fill_date_group(page, "Date the plan was agreed", working_days_ago(20))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    checks.check(page, "the permanence plan check page")
    screenshot(page, "permanence-plan-check")
    page.get_by_role("button", name="Confirm and record").click()
    page.get_by_text("Permanence plan recorded").wait_for()
    page.get_by_role("link", name="Record a change of permanence plan").wait_for()

    page.get_by_role("link", name="Record an IRO visit or contact").click()
    page.get_by_role("heading", name="Record the IRO's visit or contact").wait_for()
    checks.check(page, "the IRO contact form")
    fill_date_group(page, "Date of the visit or contact", working_days_ago(5))
    page.get_by_label("Independent reviewing officer (IRO)").select_option(
        label=str(personas.conference_chair.worker)
    )
    page.get_by_label("Visit in person").check()
    # Seen alone is asked only of a visit in person, once that is chosen.
    page.get_by_role("group", name="Did the IRO see the child alone?").get_by_label("Yes").check()
    checks.check(page, "the IRO contact form, a visit")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    page.get_by_role("button", name="Confirm and record").click()
    page.get_by_text("IRO visit or contact recorded").wait_for()
    page.get_by_role("heading", name="Independent reviewing officer").wait_for()
    checks.check(page, "the record after the plan and the IRO's visit")
    screenshot(page, "care-iro-record")
    checks.assert_clean()
