"""The child record and its recording forms in a real browser: axe-core finds no WCAG 2.2 A/AA
problem, nothing scrolls sideways at 320 pixels, GOV.UK's script reveals the "not seen" reason,
and htmx saves a case note's draft as it is typed (all under the strict CSP)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from safeguard.cases.models import Visit
from safeguard.common.models import Draft
from tests.browser import conftest as browser_support
from tests.browser.conftest import AXE_SOURCE, WCAG_TAGS, sign_in_through_the_browser

from .test_record_page import build_case

# The browser fixtures live beside the other browser tests.
browser = browser_support.browser
page = browser_support.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long enough password 42"

# GOV.UK Frontend's conditional reveal puts aria-expanded on the radio that reveals, which
# ARIA does not list for radios; GOV.UK keeps it on purpose after research with screen reader
# users (alphagov/govuk-frontend#979). That one finding, on those radios, is allowed.
_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  const govuk979 = (v, n) => v.id === 'aria-allowed-attr'
    && document.querySelector(n.target[0]).matches('input.govuk-radios__input[aria-controls]')
    && /aria-expanded/.test(n.failureSummary) && !/aria-(?!expanded)/.test(n.failureSummary);
  return result.violations
    .map(v => ({id: v.id, help: v.help,
                nodes: v.nodes.filter(n => !govuk979(v, n)).map(n => n.target.join(' '))}))
    .filter(v => v.nodes.length);
}"""


def assert_accessible(page: Any, *, name: str) -> None:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    violations = page.evaluate(_AXE, WCAG_TAGS)
    assert violations == [], f"axe found accessibility problems on {name}: {violations}"


def assert_no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def signed_in(page: Any, user: User) -> None:
    user.set_password(PASSWORD)
    user.save()
    sign_in_through_the_browser(page, user, PASSWORD)


def test_the_child_record_is_accessible_at_desktop_and_phone_widths(page, personas):
    child = personas.own_child
    build_case(personas, child, size=3)
    signed_in(page, personas.social_worker)
    page.goto(reverse("cases:child_record", args=[child.pk]))
    page.get_by_text("Filter the chronology").click()
    assert_accessible(page, name="the child record")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_sideways_scroll(page)
    page.get_by_label("Visits").check()
    page.get_by_role("button", name="Apply filters").click()
    assert "type=visit" in page.url
    assert page.locator("#chronology-caption").inner_text().startswith("3 events")
    assert_accessible(page, name="the filtered child record at 320 pixels")


def test_recording_a_visit_reveals_the_reason_shows_errors_and_records(page, personas):
    child = personas.own_child
    signed_in(page, personas.social_worker)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(reverse("cases:visit_record", args=[child.pk]))
    reason = page.get_by_label("Why was the child not seen?")
    assert not reason.is_visible()
    page.get_by_label("Child protection visit").check()
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Time of visit").fill("4:15pm")
    page.get_by_label("The child's home").check()
    page.get_by_label("No", exact=True).check()
    assert reason.is_visible()
    page.get_by_role("button", name="Record the visit").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, name="the visit form with an error")
    assert_no_sideways_scroll(page)
    page.get_by_label("Why was the child not seen?").fill("No one answered the door.")
    page.get_by_role("button", name="Record the visit").click()
    assert (
        page.locator(".govuk-notification-banner--success").inner_text().endswith("Visit recorded")
    )
    assert Visit.objects.get().not_seen_reason == "No one answered the door."


def test_a_case_note_draft_is_saved_while_typing_and_restored(page, personas):
    child = personas.own_child
    signed_in(page, personas.social_worker)
    page.goto(reverse("cases:case_note_add", args=[child.pk]))
    assert_accessible(page, name="the case note form")
    page.get_by_label("Subject").fill("Call from the school")
    page.get_by_label("Case note").fill("The school's safeguarding lead called.")
    page.get_by_text("Draft saved at").wait_for()
    assert Draft.objects.get().data["subject"] == ["Call from the school"]
    page.goto(reverse("cases:case_note_add", args=[child.pk]))
    assert page.get_by_text("We restored the draft").is_visible()
    assert page.get_by_label("Subject").input_value() == "Call from the school"
