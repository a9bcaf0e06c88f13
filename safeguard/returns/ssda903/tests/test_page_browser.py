"""The analysts' SSDA903 page in a real browser: an analyst builds the return and reads the
error report; axe-core finds no WCAG 2.2 A/AA problem on the page before and after the build,
at 1280 and at 320 pixels (where the body must not scroll sideways); the screenshot for
docs/screenshots/ when SAFEGUARD_SCREENSHOTS=1."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings

from safeguard.cases.tests.factories import (
    LookedAfterPeriodFactory,
    PlacementFactory,
    ReferralFactory,
)
from tests.browser import conftest as browser_support
from tests.browser.conftest import PageChecks, screenshot, signed_in

browser = browser_support.browser
page = browser_support.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_analyst_builds_the_ssda903_return_and_reads_its_error_report(page, personas, tmp_path):
    child = personas.own_child
    child.la_child_id = "LA0042"
    child.save()
    ReferralFactory(child=child, team=personas.team, referral_date=date(2025, 5, 1))
    period = LookedAfterPeriodFactory(child=child, start_date=date(2025, 6, 2))
    PlacementFactory(period=period, start_date=date(2025, 6, 2), placement_type="H5")
    checks = PageChecks()
    with override_settings(SAFEGUARD_RETURNS_DIR=str(tmp_path)):
        signed_in(page, personas.analyst)
        page.goto("/returns/ssda903/?year=2026")
        page.get_by_text("The return for 2025-26 has not been built yet.").wait_for()
        checks.check(page, "SSDA903 page, nothing built")

        page.get_by_label("Collection year").select_option("2026")
        page.get_by_role("button", name="Build the return").click()
        page.get_by_role("heading", name="Return 2025-26").wait_for()
        main = page.locator("main").inner_text()
        assert "LA0042" in main and "Placement type H5 is not in the 2025-26 code list" in main
        assert "Own Child" not in main
        checks.check(page, "SSDA903 error report")
        screenshot(page, "ssda903-error-report")
    checks.assert_clean()
