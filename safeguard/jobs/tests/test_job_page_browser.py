"""The job page in a real browser: with JavaScript, htmx keeps the progress up to date and stops
asking once the job has finished; without it, the page reloads itself until then. Nothing is
blocked by the content security policy, and the page passes axe at desktop width and 320 px."""

from __future__ import annotations

import time

import pytest

from safeguard.jobs.services import job_start
from safeguard.jobs.testing import run_queued_jobs
from safeguard.jobs.tests import kinds  # noqa: F401  (registers the test kinds)
from tests.browser import conftest as browser_conftest
from tests.browser.conftest import PageChecks, screenshot, signed_in

browser = browser_conftest.browser
page = browser_conftest.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_page_follows_the_job_to_its_download_without_being_reloaded(page, personas):
    refusals: list[str] = []
    page.on("console", lambda m: refusals.append(m.text) if "Refused" in m.text else None)
    status_requests: list[str] = []
    page.on("request", lambda r: status_requests.append(r.url) if "/status" in r.url else None)
    checks = PageChecks()
    signed_in(page, personas.analyst)
    job = job_start(kind="test_report", params={"name": "x"}, requested_by=personas.analyst)

    page.goto(f"/jobs/{job.pk}")
    page.get_by_text("Waiting to start").wait_for()
    checks.check(page, "job waiting")
    page.evaluate("window.notReloaded = true")  # gone if the page were reloaded

    run_queued_jobs()
    page.get_by_role("button", name="Download report.csv").wait_for(timeout=10_000)
    assert page.evaluate("window.notReloaded === true"), "htmx swapped it in, no reload"
    assert status_requests, "htmx asked for the status"
    checks.check(page, "job finished")
    screenshot(page, "job-finished")

    asked = len(status_requests)
    time.sleep(4.5)
    assert len(status_requests) == asked, "htmx stopped asking once the job had finished"
    assert refusals == []
    checks.assert_clean()


def test_without_javascript_the_page_reloads_itself_until_the_job_has_finished(
    browser, page, live_server, personas
):
    signed_in(page, personas.analyst)
    job = job_start(kind="test_report", params={"name": "x"}, requested_by=personas.analyst)
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    try:
        context.add_cookies(page.context.cookies())
        no_script = context.new_page()
        no_script.goto(f"/jobs/{job.pk}")
        assert no_script.get_by_text("Waiting to start").count() == 1
        assert no_script.get_by_role("link", name="Refresh this page").count() == 1

        run_queued_jobs()
        no_script.get_by_role("button", name="Download report.csv").wait_for(timeout=10_000)
    finally:
        context.close()
