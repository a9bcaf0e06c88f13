"""The child record in a real browser, read and printed: what is due now at the top with the
history folded, the chronology a page at a time without script, axe-core clean at 1280 and 320
pixels, and, with print media emulated, no navigation, buttons or forms, links as their words,
folded sections unfolded, and the protective marking at the top and bottom."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.urls import reverse

from tests.browser import conftest as browser_support
from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll

from .test_record_browser import signed_in
from .test_record_page import build_case

browser = browser_support.browser
page = browser_support.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_AFTER_CONTENT = """() => [...document.querySelectorAll('main a[href]')]
  .map(a => getComputedStyle(a, '::after').content)
  .filter(c => c && c !== 'none' && c !== 'normal')"""


@pytest.fixture
def record(page: Any, personas: Any) -> Any:
    child = personas.own_child
    build_case(personas, child, size=12)
    signed_in(page, personas.social_worker)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(reverse("cases:child_record", args=[child.pk]))
    return child


def test_the_record_opens_on_what_is_due_now_and_is_accessible_at_both_widths(page, record):
    due_now = page.locator("#due-now")
    assert due_now.bounding_box()["y"] < page.locator("#contents-title").bounding_box()["y"]
    history = page.locator("#timeline-history")
    assert not page.locator("#timeline-caption").is_visible()  # folded away
    history.locator("summary").click()
    assert page.locator("#timeline-caption").is_visible()
    marking = page.locator(".safeguard-marking--top").inner_text()
    assert marking.split() == ["Protective", "marking:", "OFFICIAL-SENSITIVE"]  # one word seen
    assert_accessible(page, name="the child record at 1280 pixels")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_sideways_scroll(page, name="the child record")
    assert_accessible(page, name="the child record at 320 pixels")


def test_the_chronology_pages_without_script_and_keeps_its_place(browser, live_server, personas):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    try:
        no_script = context.new_page()
        child = personas.own_child
        build_case(personas, child, size=12)
        signed_in(no_script, personas.social_worker)
        no_script.goto(reverse("cases:child_record", args=[child.pk]))
        caption = no_script.locator("#chronology-caption")
        assert "newest first. Page 1 of 3: events 1 to 25" in caption.inner_text()
        first_row = no_script.locator("#chronology-caption ~ tbody tr").first.inner_text()
        no_script.get_by_role("link", name="Next page").click()
        assert no_script.url.endswith("chronology_page=2#chronology")
        assert "Page 2 of 3: events 26 to 50" in caption.inner_text()
        assert no_script.locator("#chronology-caption ~ tbody tr").first.inner_text() != first_row
        assert caption.bounding_box()["y"] < 900  # scrolled to the chronology
    finally:
        context.close()


# The margin boxes of the print page rule, by name, with their content.
_MARGIN_BOXES = """() => {
  const boxes = {};
  for (const sheet of document.styleSheets) {
    for (const media of sheet.cssRules) {
      if (!(media instanceof CSSMediaRule) || media.media.mediaText !== "print") continue;
      for (const page of media.cssRules) {
        if (!(page instanceof CSSPageRule)) continue;
        for (const box of page.cssRules) boxes[box.name] = box.style.content;
      }
    }
  }
  return boxes;
}"""


def screenshot_top(page: Any, name: str) -> None:
    """The top of the page as the viewport shows it (docs/screenshots/, with
    SAFEGUARD_SCREENSHOTS=1): the record is long, and what matters is what it opens on."""
    if os.environ.get("SAFEGUARD_SCREENSHOTS") == "1":
        page.screenshot(path=str(browser_support.SCREENSHOTS / f"{name}.png"))


def test_printing_the_record_leaves_out_the_screen_and_keeps_the_marking(page, record):
    page.set_viewport_size({"width": 1280, "height": 1300})
    screenshot_top(page, "child-record")
    page.set_viewport_size({"width": 800, "height": 1300})
    page.emulate_media(media="print")
    for hidden in (
        ".govuk-header__navigation",
        ".govuk-skip-link",
        ".govuk-back-link",
        ".govuk-button",
        "form",
        ".govuk-pagination",
        "#contents-title",
        "footer .govuk-width-container",
    ):
        shown = page.locator(hidden).evaluate_all("els => els.filter(e => e.checkVisibility())")
        assert shown == [], f"{hidden} is printed"
    # On paper the marking leaves the page for the margin of every sheet: the browser has
    # the page rule's margin boxes (the inline style passed the content security policy).
    assert not page.locator(".safeguard-marking--top").is_visible()
    assert page.evaluate(_MARGIN_BOXES) == {
        "top-center": '"OFFICIAL-SENSITIVE"',
        "bottom-center": '"OFFICIAL-SENSITIVE"',
        "bottom-right": '"Page " counter(page) " of " counter(pages)',
    }
    assert page.locator("#timeline-caption").is_visible()  # the folded history, unfolded
    assert page.evaluate(_AFTER_CONTENT) == []  # no address printed after a link
    assert page.locator("#chronology-caption").is_visible()
    screenshot_top(page, "child-record-print")
    # Back on screen, the history folds away again.
    page.emulate_media(media="screen")
    assert not page.locator("#timeline-caption").is_visible()
