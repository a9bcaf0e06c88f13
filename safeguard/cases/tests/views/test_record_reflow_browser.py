"""A word longer than the screen (a pasted link, a reference, a run of characters typed into a
note) wraps on the child record instead of widening the page: at 320 CSS pixels the record is
no wider than the screen (WCAG 1.4.10, reflow), and at desktop width it stays in its column."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safeguard.cases.tests.factories import CaseNoteFactory, VisitFactory
from tests.browser import conftest as browser_support
from tests.browser.conftest import NARROW, assert_accessible, signed_in

from .test_record_page import build_case

browser = browser_support.browser
page = browser_support.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# About 2,000 pixels of one word at the body's font size: longer than any screen.
LONG_WORD = "https://example.invalid/" + "unbroken" * 40

# The page's width, and the elements whose content reaches past the right edge of the
# screen (text that runs out of its box does not widen the box, so the boxes alone would not
# show it). A table's own scrolling container, where it scrolls, holds its table in.
_WIDTHS = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (e) => { const box = e.closest('.safeguard-table-scroll');
    return box && getComputedStyle(box).overflowX !== 'visible'; };
  const name = (e) => e.tagName.toLowerCase() + [...e.classList].map(c => '.' + c).join('');
  return {
    page: document.documentElement.scrollWidth,
    main: document.querySelector('main').scrollWidth,
    overflowing: [...document.querySelectorAll('main *')]
      .filter(e => e.clientWidth > 1 && !scrolls(e)
                   && e.getBoundingClientRect().left + e.scrollWidth > width + 1)
      .map(e => `${name(e)} (${e.scrollWidth}px)`).slice(0, 10),
  };
}"""


def test_a_long_unbroken_word_in_a_case_note_wraps_on_the_record_at_320_pixels(page, personas):
    child = personas.own_child
    build_case(personas, child, size=1)
    worker = personas.social_worker.worker
    CaseNoteFactory(
        child=child, written_by=worker, subject=LONG_WORD[:200], body=f"Said: {LONG_WORD} (sic)."
    )
    VisitFactory(child=child, visited_by=worker, notes=LONG_WORD)
    signed_in(page, personas.social_worker)

    page.set_viewport_size(NARROW)
    page.goto(reverse("cases:child_record", args=[child.pk]))
    page.get_by_role("heading", name="Case notes").wait_for()
    assert page.get_by_text(f"Said: {LONG_WORD} (sic).").is_visible()
    widths = page.evaluate(_WIDTHS)
    assert widths["page"] <= NARROW["width"], widths
    assert widths["main"] <= NARROW["width"], widths
    assert widths["overflowing"] == [], widths
    assert_accessible(page, name="the child record with a long word, at 320 pixels")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    widths = page.evaluate(_WIDTHS)
    assert widths["page"] <= 1280, widths
    assert widths["overflowing"] == [], widths
