"""The visit form under bad input, a double submission and keyboard-only use, in a real browser:
a bad date shows the GOV.UK error summary, keeps what was typed and saves nothing; submitting
twice records one visit; every field can be reached and answered from the keyboard."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from safeguard.cases.models import Visit

from .conftest import assert_accessible, screenshot, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_visit_form(page: Any, child: Any) -> None:
    page.goto(f"/children/{child.pk}/visits/new")
    assert page.get_by_role("heading", level=1).inner_text() == "Record a visit"


def fill_visit(page: Any, day: Any, month: Any, year: Any, *, notes: str = "") -> None:
    page.get_by_label("Child protection visit").check()
    page.get_by_label("Day").fill(str(day))
    page.get_by_label("Month").fill(str(month))
    page.get_by_label("Year").fill(str(year))
    page.get_by_label("Time of visit").fill("2:30pm")
    page.get_by_label("The child's home").check()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("The child was seen alone").check()
    page.get_by_label("The child's wishes and feelings").fill("Said she likes her new school.")
    if notes:
        page.get_by_label("Notes (optional)").fill(notes)


def submit(page: Any) -> None:
    page.get_by_role("button", name="Record the visit").click()
    page.wait_for_load_state()


def focused(page: Any) -> dict[str, str]:
    return page.evaluate(
        "() => ({id: document.activeElement.id, classes: document.activeElement.className || ''})"
    )


def typed_values(page: Any) -> dict[str, Any]:
    return {
        "kind": page.get_by_label("Child protection visit").is_checked(),
        "date": [page.get_by_label(part).input_value() for part in ("Day", "Month", "Year")],
        "seen": page.get_by_label("Yes", exact=True).is_checked(),
        "alone": page.get_by_label("The child was seen alone").is_checked(),
        "notes": page.get_by_label("Notes (optional)").input_value(),
    }


def test_a_date_that_does_not_exist_shows_the_error_summary_and_saves_nothing(page, personas):
    child = personas.own_child
    visits = Visit.objects.count()
    signed_in(page, personas.social_worker)
    open_visit_form(page, child)
    fill_visit(page, 31, 2, 2025, notes="Nobody was home at first.")
    submit(page)

    assert page.title().startswith("Error:")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert "There is a problem" in summary.inner_text()
    # GOV.UK's script moves focus to the summary, so a screen reader announces it first.
    assert "govuk-error-summary" in focused(page)["classes"]
    link = summary.get_by_role("link", name="Date of visit must be a real date")
    assert link.get_attribute("href") == "#id_visit_date_0"
    inline = page.locator("#id_visit_date-error")
    assert "Date of visit must be a real date" in inline.inner_text()
    assert "govuk-input--error" in (page.get_by_label("Day").get_attribute("class") or "")
    # What was typed is all still there.
    assert typed_values(page) == {
        "kind": True,
        "date": ["31", "2", "2025"],
        "seen": True,
        "alone": True,
        "notes": "Nobody was home at first.",
    }
    assert_accessible(page, name="record a visit, with an error")
    screenshot(page, "record-visit-errors")
    link.click()
    assert focused(page)["id"] == "id_visit_date_0"
    assert Visit.objects.count() == visits

    # A date in the future is refused by the statutory rules, on the same field.
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.get_by_label("Day").fill(str(tomorrow.day))
    page.get_by_label("Month").fill(str(tomorrow.month))
    page.get_by_label("Year").fill(str(tomorrow.year))
    submit(page)
    summary_link = page.locator(".govuk-error-summary a")
    assert summary_link.count() == 1
    assert "cannot be in the future" in summary_link.inner_text()
    assert summary_link.get_attribute("href") == "#id_visit_date_0"
    assert "cannot be in the future" in page.locator("#id_visit_date-error").inner_text()
    assert page.get_by_label("Day").input_value() == str(tomorrow.day)
    assert page.get_by_label("Notes (optional)").input_value() == "Nobody was home at first."
    assert Visit.objects.count() == visits

    # Corrected, it is recorded once.
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    submit(page)
    assert page.url.endswith(f"/children/{child.pk}")
    assert Visit.objects.count() == visits + 1


def test_submitting_the_visit_twice_records_one_visit(page, personas):
    child = personas.own_child
    today = timezone.localdate()
    signed_in(page, personas.social_worker)

    # A double click.
    open_visit_form(page, child)
    fill_visit(page, today.day, today.month, today.year, notes="Double clicked.")
    page.get_by_role("button", name="Record the visit").dblclick()
    page.wait_for_url(f"**/children/{child.pk}")
    page.wait_for_load_state()
    assert Visit.objects.filter(child=child).count() == 1

    # The same form sent again (a retry after a dropped connection, a resubmitted page):
    # the server's one-time token stops it, even with the page's script out of the way.
    open_visit_form(page, child)
    fill_visit(page, today.day, today.month, today.year, notes="Sent twice.")
    sent = page.evaluate(
        "() => new URLSearchParams(new FormData(document.querySelector('main form'))).toString()"
    )
    submit(page)
    assert page.url.endswith(f"/children/{child.pk}")
    assert Visit.objects.filter(child=child).count() == 2
    resent = page.evaluate(
        """async ([url, body]) => {
            const r = await fetch(url, {method: 'POST', body, credentials: 'same-origin',
              headers: {'Content-Type': 'application/x-www-form-urlencoded'}});
            return {status: r.status, url: r.url};
        }""",
        [f"/children/{child.pk}/visits/new", sent],
    )
    assert resent["status"] == 200
    assert resent["url"].endswith(f"/children/{child.pk}")
    assert Visit.objects.filter(child=child).count() == 2
    assert Visit.objects.filter(child=child, notes="Sent twice.").count() == 1


def tab_to(page: Any, selector: str, *, limit: int = 40) -> int:
    """Press Tab until the element matching `selector` has focus; how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"Tab never reached {selector}; focus is on {focused(page)}")


def test_the_visit_form_works_with_the_keyboard_alone(page, personas):
    child = personas.own_child
    today = timezone.localdate()
    signed_in(page, personas.social_worker)
    open_visit_form(page, child)

    tab_to(page, "input[name=kind]")
    assert focused(page)["id"] == "id_kind_0"
    page.keyboard.press("ArrowDown")  # arrows move between, and choose, the options
    assert page.get_by_label("Child in need visit").is_checked()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")
    assert page.get_by_label("Child protection visit").is_checked()
    assert tab_to(page, "#id_visit_date_0") == 1  # one Tab leaves the group for the date
    page.keyboard.type(str(today.day))
    page.keyboard.press("Tab")
    page.keyboard.type(str(today.month))
    page.keyboard.press("Tab")
    page.keyboard.type(str(today.year))
    assert tab_to(page, "#id_visit_time") == 1
    page.keyboard.type("9:15am")
    assert tab_to(page, "input[name=place]") == 1
    page.keyboard.press("Space")
    assert page.get_by_label("The child's home").is_checked()
    # One Tab leaves the group: the hidden "somewhere else" box is skipped.
    assert tab_to(page, "#id_present") == 1
    page.keyboard.type("Her mother.")
    assert tab_to(page, "input[name=child_seen]") == 1
    page.keyboard.press("Space")
    assert page.get_by_label("Yes", exact=True).is_checked()
    # Choosing "Yes" reveals the follow-up, which is next in the tab order.
    assert tab_to(page, "#id_seen_alone") == 1
    page.keyboard.press("Space")
    assert page.get_by_label("The child was seen alone").is_checked()
    # The hidden "not seen" reason is skipped.
    assert tab_to(page, "#id_wishes_and_feelings") == 1
    page.keyboard.type("Said she was happy.")
    assert tab_to(page, "#id_notes") == 2  # past what was observed
    page.keyboard.type("Recorded from the keyboard.")
    screenshot(page, "record-visit")
    tab_to(page, "button[type=submit]")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Record the visit"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/children/{child.pk}")

    visit = Visit.objects.get(child=child)
    assert (visit.kind, visit.visit_date, visit.child_seen, visit.seen_alone, visit.notes) == (
        "cp_visit",
        today,
        True,
        True,
        "Recorded from the keyboard.",
    )
