"""The API reference and the partner check page in a real browser: nothing blocked by the
content security policy, accessible (axe), no sideways scroll at 320 pixels."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.browser import conftest as browser_conftest
from tests.browser.conftest import PageChecks, signed_in

# The browser tests' own fixtures: one Chromium per run, a fresh page on the live server.
browser = browser_conftest.browser
page = browser_conftest.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _csp_refusals(browser_page: Any) -> list[str]:
    refusals: list[str] = []
    browser_page.on(
        "console",
        lambda message: (
            refusals.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    return refusals


def test_the_api_reference_works_under_the_content_security_policy(page):
    refusals = _csp_refusals(page)
    checks = PageChecks()
    response = page.goto("/api/docs")
    assert response.status == 200
    page.get_by_role("heading", name="Safeguard partner API", level=1).wait_for()
    assert page.get_by_role("heading", name="POST /api/events", exact=True).count() == 1
    # The description's code spans are code, not Markdown backticks.
    assert page.locator("main p code", has_text="POST /api/events/bulk").count() == 1
    assert "`" not in page.locator("main").inner_text()
    if os.environ.get("SAFEGUARD_SCREENSHOTS") == "1":
        # The top of the reference only: the whole schema runs to many screens.
        page.screenshot(
            path=str(browser_conftest.SCREENSHOTS / "api-reference.png"),
            clip={"x": 0, "y": 0, "width": 1280, "height": 900},
        )
    checks.check(page, "API reference")
    assert refusals == []
    checks.assert_clean()


def test_the_partner_check_page_works_for_a_partner_user(page, personas):
    refusals = _csp_refusals(page)
    checks = PageChecks()
    signed_in(page, personas.partner_user)
    page.goto("/partners/check")
    checks.check(page, "partner check")
    page.get_by_role("button", name="Check").click()
    page.get_by_text("Give an NHS number, or a first name").first.wait_for()
    checks.check(page, "partner check with errors")
    assert refusals == []
    checks.assert_clean()
