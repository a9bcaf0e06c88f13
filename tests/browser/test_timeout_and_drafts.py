"""No lost work and no duplicates, in a real browser (issue 14, items 1 and 2).

- The GOV.UK-style timeout warning opens before the idle sign-out, takes focus, is announced
  and works from the keyboard; "Stay signed in" and Escape extend the session; typing in a long
  form keeps it alive.
- Signed out by the timeout, the person signs back in and returns to the form with the draft.
- The same visit sent again: Back and resend records nothing; the same visit in a new form is
  asked about ("You recorded this already. Record it again?") and recorded only when ticked.
- A case note saved the moment it is typed does not come back as a "restored draft".

The idle limit is shortened through the settings (the live server reads them per request), so
nothing waits half an hour.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from safeguard.cases.models import CaseNote, Visit
from safeguard.common.models import Draft

from .conftest import (
    PASSWORD,
    SCREENSHOTS,
    assert_accessible,
    assert_no_sideways_scroll,
    screenshot,
    security_code_for,
    signed_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}
WARNING_NAME = "You\u2019re about to be signed out"


def limits(settings: Any, *, idle: int, warning: int) -> None:
    settings.SAFEGUARD_SESSION_IDLE_SECONDS = idle
    settings.SAFEGUARD_SESSION_WARNING_SECONDS = warning


def seconds_left(page: Any) -> int:
    """What the server says is left, asked as the warning asks (not counted as activity)."""
    answer = page.evaluate(
        "async () => (await (await fetch('/session', {credentials: 'same-origin'})).json())"
    )
    return int(answer["expires_in"])


def focused(page: Any) -> str:
    return page.evaluate("() => document.activeElement.id || document.activeElement.tagName")


def checked_at_both_widths(page: Any, name: str) -> None:
    """axe at 1280 px, then at 320 px no sideways scroll and axe again."""
    page.set_viewport_size(WIDE)
    assert_accessible(page, name=f"{name} at 1280 px")
    page.set_viewport_size(NARROW)
    assert_no_sideways_scroll(page, name=f"{name} at 320 px")
    assert_accessible(page, name=f"{name} at 320 px")
    page.set_viewport_size(WIDE)


def wait_for_draft(page: Any, user: Any, words: str, *, seconds: float = 15) -> None:
    """Until the user's draft holds `words`. "Draft saved at" shows after the first autosave
    (a ticked box sends one at once), while the notes' own autosave may still be on its way
    800 ms after the last key; a reload before it lands would lose them."""
    for _ in range(int(seconds * 5)):
        if any(words in json.dumps(d.data) for d in Draft.objects.filter(user=user)):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"no draft of {user} holds {words!r} after {seconds} s")


def fill_visit(page: Any, *, notes: str) -> None:
    today = timezone.localdate()
    page.get_by_label("Child protection visit").check()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Time of visit").fill("10am")
    page.get_by_label("The child's home").check()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("The child was seen alone").check()
    page.get_by_label("The child's wishes and feelings").fill("Said she is happy at home.")
    page.get_by_label("Notes (optional)").fill(notes)


def record_visit(page: Any) -> None:
    page.get_by_role("button", name="Record the visit").click()
    page.wait_for_load_state()


def test_the_warning_opens_before_sign_out_and_staying_signed_in_extends(page, personas, settings):
    page.set_viewport_size(WIDE)
    signed_in(page, personas.social_worker)
    # The warning opens 4 seconds after the page loads and counts down 40 seconds.
    limits(settings, idle=44, warning=40)
    page.goto(f"/children/{personas.own_child.pk}/case-notes/new")
    page.get_by_label("Subject").focus()
    warning = page.get_by_role("dialog", name=WARNING_NAME)
    assert not warning.is_visible()
    warning.wait_for(state="visible", timeout=15_000)

    # Focus moves into the dialog, which is named and described for a screen reader.
    assert focused(page) == "timeout-warning"
    assert warning.get_attribute("aria-describedby") == "timeout-warning-text"
    text = page.locator("#timeout-warning-text").inner_text()
    assert text.startswith("For your security, we will sign you out in ")
    assert (
        page.locator("[data-timeout-announce]").inner_text().startswith("We will sign you out in")
    )
    assert page.locator("[data-timeout-announce]").get_attribute("aria-live") == "polite"
    checked_at_both_widths(page, "the timeout warning")
    if os.environ.get("SAFEGUARD_SCREENSHOTS") == "1":
        # The dialog over the page as seen, not the whole length of the page behind it.
        page.screenshot(path=str(SCREENSHOTS / "timeout-warning.png"))

    # Keyboard: Tab reaches "Stay signed in", Enter presses it; focus goes back where it was.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Stay signed in"
    page.keyboard.press("Enter")
    warning.wait_for(state="hidden")
    assert focused(page) == "id_subject"
    assert seconds_left(page) >= 40

    # Escape means "Stay signed in" too.
    warning.wait_for(state="visible", timeout=15_000)
    page.keyboard.press("Escape")
    warning.wait_for(state="hidden")
    assert seconds_left(page) >= 40
    assert "/case-notes/new" in page.url


def test_typing_in_a_long_form_keeps_the_session_alive(page, personas, settings):
    signed_in(page, personas.social_worker)
    # Without activity the warning would open 6 seconds after the page loads.
    limits(settings, idle=16, warning=10)
    page.goto(f"/children/{personas.own_child.pk}/visits/new")
    notes = page.get_by_label("Notes (optional)")
    for word in ("Saw ", "her ", "at ", "home ", "with ", "her ", "mother."):
        notes.press_sequentially(word)
        page.wait_for_timeout(2_000)
        assert not page.get_by_role("dialog", name=WARNING_NAME).is_visible()
    assert seconds_left(page) > 10
    assert "Draft saved at" in page.locator(".safeguard-draft-status").inner_text()


def test_signed_out_by_the_timeout_the_worker_signs_back_in_to_the_draft(page, personas, settings):
    child = personas.own_child
    user = personas.social_worker
    signed_in(page, user)
    limits(settings, idle=3600, warning=120)
    page.goto(f"/children/{child.pk}/visits/new")
    fill_visit(page, notes="Saw her at home; the kitchen was clean and stocked.")
    wait_for_draft(page, user, "the kitchen was clean and stocked")

    # Left alone: the warning opens, counts down, and the page signs out.
    limits(settings, idle=12, warning=6)
    page.reload()
    page.get_by_role("dialog", name=WARNING_NAME).wait_for(state="visible", timeout=15_000)
    page.wait_for_url("**/sign-in?timed_out=1&next=*", timeout=20_000)
    limits(settings, idle=3600, warning=120)
    assert page.url.endswith(f"next=%2Fchildren%2F{child.pk}%2Fvisits%2Fnew")
    expect(
        page.get_by_text("You were signed out because you had not done anything")
    ).to_be_visible()
    checked_at_both_widths(page, "the sign-in page after a timeout")

    # Signing back in returns to the form, with the draft.
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    # An authenticator code is accepted once: this sign-in may fall in the same 30 seconds as
    # the first, so the device forgets it (as if the next code had come round).
    TOTPDevice.objects.filter(user=user).update(last_t=-1)
    page.get_by_label("Security code").fill(security_code_for(user))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/children/{child.pk}/visits/new")
    expect(page.get_by_text("We restored the draft you were writing.")).to_be_visible()
    assert page.get_by_label("Child protection visit").is_checked()
    assert page.get_by_label("The child was seen alone").is_checked()
    assert page.get_by_label("Notes (optional)").input_value() == (
        "Saw her at home; the kitchen was clean and stocked."
    )
    checked_at_both_widths(page, "the visit form with its draft restored")
    record_visit(page)
    assert page.url.endswith(f"/children/{child.pk}")
    assert Visit.objects.filter(child=child).count() == 1
    assert not Draft.objects.exists()


def test_the_same_visit_again_is_asked_about_and_back_and_resend_records_nothing(page, personas):
    child = personas.own_child
    signed_in(page, personas.social_worker)
    page.set_viewport_size(WIDE)
    form = f"/children/{child.pk}/visits/new"
    page.goto(form)
    fill_visit(page, notes="Saw her alone in her room; she talked about school.")
    sent_token = page.locator("input[name=submission_token]").input_value()
    sent = page.evaluate(
        "() => new URLSearchParams(new FormData(document.querySelector('main form'))).toString()"
    )
    record_visit(page)
    assert page.url.endswith(f"/children/{child.pk}")

    # The same form sent again (its one-time token used): nothing is written at all.
    resent = page.evaluate(
        """async ([url, body]) => {
            const r = await fetch(url, {method: 'POST', body, credentials: 'same-origin',
              headers: {'Content-Type': 'application/x-www-form-urlencoded'}});
            return {url: r.url, text: await r.text()};
        }""",
        [form, sent],
    )
    assert resent["url"].endswith(f"/children/{child.pk}")
    assert "This was already recorded" in resent["text"]
    assert Visit.objects.filter(child=child).count() == 1

    # Back: Chromium fetches the form afresh (pages are no-store), so it has a new token, and
    # puts back what was typed. "Record the visit" again is the reported duplicate: asked.
    page.go_back()
    page.wait_for_url(f"**{form}")
    assert page.get_by_label("Notes (optional)").input_value() == (
        "Saw her alone in her room; she talked about school."
    )
    assert page.locator("input[name=submission_token]").input_value() != sent_token
    record_visit(page)
    assert page.url.endswith(form)
    assert Visit.objects.filter(child=child).count() == 1

    # The question: the error summary (focused), the warning and the box to tick.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert "govuk-error-summary" in (page.evaluate("document.activeElement.className") or ""), (
        "the error summary takes focus"
    )
    link = summary.get_by_role("link", name="You recorded this visit already")
    assert link.get_attribute("href") == "#id_record_again"
    question = page.get_by_role("group", name="You recorded this already. Record it again?")
    expect(question).to_be_visible()
    assert (
        "two visits with the same date and words"
        in question.locator(".govuk-warning-text").inner_text()
    )
    assert page.get_by_label("Notes (optional)").input_value() == (
        "Saw her alone in her room; she talked about school."
    )
    checked_at_both_widths(page, "the duplicate question")
    screenshot(page, "record-visit-again")

    # Sent without ticking: asked again, nothing written.
    record_visit(page)
    assert Visit.objects.filter(child=child).count() == 1
    link.click()
    assert focused(page) == "id_record_again"
    page.keyboard.press("Space")
    assert page.get_by_label("Yes, record it again").is_checked()
    record_visit(page)
    assert page.url.endswith(f"/children/{child.pk}")
    assert Visit.objects.filter(child=child).count() == 2


def test_a_case_note_saved_as_soon_as_it_is_typed_leaves_no_draft_behind(page, personas):
    """The reported race, tried three times: type, and press the button at once (the text box
    losing focus sends an autosave, and the pause timer would send another after the save)."""
    child = personas.own_child
    signed_in(page, personas.social_worker)
    today = timezone.localdate()
    for attempt in range(3):
        page.goto(f"/children/{child.pk}/case-notes/new")
        assert not page.get_by_text("We restored the draft").is_visible(), attempt
        page.get_by_label("Day").fill(str(today.day))
        page.get_by_label("Month").fill(str(today.month))
        page.get_by_label("Year").fill(str(today.year))
        page.get_by_label("Phone call", exact=True).check()
        page.get_by_label("Subject").fill(f"Phone call {attempt + 1}")
        page.get_by_label("Case note").press_sequentially(f"Call number {attempt + 1}.")
        page.get_by_role("button", name="Save the case note").click()
        page.wait_for_url(f"**/children/{child.pk}")
        # Give a late autosave (800 ms after the last key) the time to arrive.
        page.wait_for_timeout(1_200)
    page.goto(f"/children/{child.pk}/case-notes/new")
    assert not page.get_by_text("We restored the draft").is_visible()
    assert page.get_by_label("Subject").input_value() == ""
    assert CaseNote.objects.filter(child=child).count() == 3
    assert not Draft.objects.exists(), json.dumps(list(Draft.objects.values("data", "token")))
