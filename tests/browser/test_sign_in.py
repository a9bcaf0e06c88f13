"""Signing in through a real browser, with the accessibility check on each page."""

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, screenshot, sign_in_through_the_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long enough password 42"


def test_a_worker_signs_in_with_a_password_and_a_security_code(page, personas):
    personas.social_worker.set_password(PASSWORD)
    personas.social_worker.save()
    page.goto("/")
    assert "/sign-in" in page.url
    assert_accessible(page, name="sign in")
    screenshot(page, "sign-in")
    sign_in_through_the_browser(page, personas.social_worker, PASSWORD)
    assert "/sign-in" not in page.url


def test_a_wrong_password_shows_the_error_summary_and_keeps_the_username(page, personas):
    page.goto("/sign-in")
    page.get_by_label("Username").fill("sw")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert "Enter a correct username and password" in summary.inner_text()
    assert page.get_by_label("Username").input_value() == "sw"
    assert_accessible(page, name="sign in with an error")


def test_the_sign_in_page_works_at_320_pixels_wide(browser, live_server, calendar):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto("/sign-in")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    context.close()
    assert overflow is False
