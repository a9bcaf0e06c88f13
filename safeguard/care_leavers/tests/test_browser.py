"""A contact with a care leaver recorded from the record's leaving care section, through the
form, a refusal and "Check your answers", in a real browser: no WCAG 2.2 A/AA problem axe-core
finds, nothing scrolling sideways at 320 pixels. Screenshots for docs/screenshots/ when
SAFEGUARD_SCREENSHOTS=1."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from safeguard.cases.tests.factories import PlacementFactory
from tests.browser import conftest as browser_support
from tests.browser.conftest import (
    PageChecks,
    allocated_child,
    fill_date_group,
    screenshot,
    signed_in,
)

browser = browser_support.browser
page = browser_support.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1280, "height": 900}


def test_a_care_leavers_contact_is_recorded_from_the_record(page, personas):
    today = date.today()
    born = date(today.year - 17, 1, 15)  # 17 this year, left care at 16
    child = allocated_child(personas, "Jordan", "Reyes", date_of_birth=born)
    started, ended = date(born.year + 15, 3, 2), date(born.year + 16, 9, 1)
    placement = PlacementFactory(
        period__child=child, period__start_date=started, start_date=started
    )
    placement.period.end_date, placement.period.reason_ceased = ended, "E13"
    placement.period.save()
    placement.end_date = ended
    placement.save()

    checks = PageChecks()
    page.set_viewport_size(DESKTOP)
    signed_in(page, personas.social_worker)
    page.goto(reverse("cases:child_record", args=[child.pk]))
    page.get_by_role("heading", name="Leaving care").wait_for()
    screenshot(page, "care-leavers-record")
    page.get_by_role("link", name="Record a contact").click()
    page.get_by_role("heading", name="Record a contact with a care leaver").wait_for()
    checks.check(page, "the contact form")

    # In touch, but no activity: refused beside it.
    fill_date_group(page, "Date of the contact", today - timedelta(days=2))
    page.get_by_label("Yes, in touch").check()
    page.get_by_label("Where are they living?").select_option("E")
    page.locator("input[name=accommodation_suitable][value=yes]").check()
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Select what the young person is mainly doing" in summary.inner_text()
    checks.check(page, "the contact form refused")

    page.get_by_label("What are they mainly doing?").select_option("F2")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    checks.check(page, "the contact check page")
    screenshot(page, "care-leavers-check")
    page.get_by_role("button", name="Confirm and record").click()
    page.get_by_text("Contact recorded").wait_for()
    checks.check(page, "the record after a contact")
    checks.assert_clean()
