"""Pre-proceedings' recording pages in a real browser (issue 16, item 4): a legal planning
meeting's decision to start pre-proceedings recorded from the child's record through "Check
your answers", then a letter dated before that decision shown beside its date with nothing
saved; axe-core finds no WCAG 2.2 A/AA problem on any of them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from safeguard.proceedings.models import PreProceedings

from .conftest import assert_accessible, fill_date_group, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press(page: Any, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_pre_proceedings_start_from_the_record_and_a_letter_before_them_is_refused(page, personas):
    child = personas.own_child
    decided_on = timezone.localdate() - timedelta(days=14)
    signed_in(page, personas.social_worker)
    page.goto(f"/children/{child.pk}")
    page.locator("#proceedings").locator("..").get_by_role(
        "link", name="Record a legal planning meeting"
    ).click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a legal planning meeting")
    assert_accessible(page, name="legal planning meeting")

    fill_date_group(page, "Date of the meeting", decided_on)
    page.get_by_label("Start pre-proceedings").check()
    page.get_by_label("Reasons for the decision").fill(
        "Neglect continues despite the child protection plan."
    )
    page.get_by_label("Who chaired the meeting?").select_option(
        str(personas.team_manager.worker.pk)
    )
    press(page, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    assert_accessible(page, name="legal planning meeting: check your answers")
    assert not PreProceedings.objects.exists()
    press(page, "Confirm and record")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Pre-proceedings have started"
    )
    period = PreProceedings.objects.get(child=child)

    page.get_by_role("link", name="Record the letter before proceedings").click()
    page.wait_for_load_state()
    fill_date_group(
        page, "Date the letter before proceedings was sent", decided_on - timedelta(days=1)
    )
    page.get_by_role("group", name="Did the letter offer a family group conference?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("group", name="Are the parents legally represented?").get_by_label(
        "Unknown"
    ).check()
    press(page, "Continue")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#id_sent_on-error")).to_be_visible()
    assert_accessible(page, name="letter before proceedings with an error")
    period.refresh_from_db()
    assert period.letter_sent_on is None
