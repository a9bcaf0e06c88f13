"""An initial child protection conference recorded by its chair in a real browser: who took
part, the plan revealed under a plan decision (GOV.UK's own script), a planned date past its
clock refused on the first page, "Check your answers", and the record showing the plan. Each
page has no WCAG 2.2 A/AA problem axe-core finds at 1280 and 320 pixels, and nothing scrolls
sideways at 320. Screenshots for docs/screenshots/ when SAFEGUARD_SCREENSHOTS=1."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse

from safeguard.cases import services
from safeguard.cases.models import ChildProtectionConference, Section47Enquiry
from safeguard.common import codes
from safeguard.timescales.clocks import CLOCKS
from safeguard.timescales.working_days import add_working_days
from tests.browser import conftest as browser_support
from tests.browser.conftest import (
    PageChecks,
    allocated_child,
    fill_date_group,
    screenshot,
    signed_in,
    working_days_ago,
)

# The browser fixtures live beside the other browser tests.
browser = browser_support.browser
page = browser_support.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def _enquiry_needing_a_conference(personas: Any) -> Section47Enquiry:
    child = allocated_child(personas, "Ruby", "Kowalczyk")
    referral = services.referral_open(
        child=child,
        referral_date=working_days_ago(20),
        source=codes.ReferralSource.SCHOOL,
        team=personas.team,
        primary_need=codes.PrimaryNeed.N1,
    )
    discussion = services.strategy_discussion_record(
        referral=referral,
        discussion_date=working_days_ago(12),
        section47_started=True,
        agencies_present="Children's social care, Police, Health",
        rationale="Fictional: bruising seen by the school nurse.",
    )
    enquiry = Section47Enquiry.objects.get(strategy_discussion=discussion)
    services.section47_complete(
        enquiry=enquiry,
        completed_date=working_days_ago(5),
        outcome=codes.Section47Outcome.SUBSTANTIATED_AT_RISK,
        conference_required=True,
    )
    return enquiry


def test_a_chair_records_an_initial_conference_with_who_took_part_and_the_plan(page, personas):
    enquiry = _enquiry_needing_a_conference(personas)
    held = working_days_ago(2)
    core_group_due = CLOCKS["first_core_group"].due_from(held)
    checks = PageChecks()
    page.set_viewport_size(DESKTOP)
    signed_in(page, personas.conference_chair)
    page.goto(reverse("cases:initial_conference_record", args=[enquiry.pk]))
    page.get_by_role("heading", name="Record the initial child protection conference").wait_for()
    checks.check(page, "the initial conference form")

    fill_date_group(page, "Date of the conference", held)
    present = page.get_by_role("group", name="Which agencies were at the conference?")
    for agency in ("Children's social care", "Police", "Health", "Education"):
        present.get_by_label(agency, exact=True).check()
    page.get_by_label("Other agencies at the conference (optional)").fill("Early years setting")
    reports = page.get_by_role("group", name="Which agencies sent a report but did not attend?")
    reports.get_by_label("Housing", exact=True).check()
    page.get_by_label("Who attended?").fill(
        "Kasia Kowalczyk, mother\nPriya Shah, school nurse\nDC Amir Haddad, police\n"
        "Beth Lowe, designated safeguarding lead"
    )
    parents = page.get_by_role("group", name="How did the parents take part?")
    parents.get_by_label("Attended", exact=True).check()
    child = page.get_by_role("group", name="How did the child take part or share their views?")
    child.get_by_label("Views shared through an advocate").check()

    # The plan's questions are revealed only by a plan decision.
    outline = page.get_by_label("The outline child protection plan")
    assert not outline.is_visible()
    page.get_by_label("The child is subject to a child protection plan").check()
    assert outline.is_visible()
    page.get_by_label("Category of abuse").select_option("PHY")
    outline.fill(
        "No contact with the person who caused the injury; mother to attend the parenting "
        "programme weekly; the school to check for and report any marks."
    )
    fill_date_group(page, "Date of the first core group meeting", add_working_days(held, 5))
    review = held + timedelta(days=60)
    fill_date_group(page, "Date of the first review conference", review)
    # The chair signed in chaired it: they are not asked who did.
    assert page.get_by_label("Who chaired the conference?").count() == 0
    page.evaluate("document.activeElement.blur()")
    screenshot(page, "conference-form")

    # A first core group past its 10 working days is refused on this page.
    fill_date_group(
        page, "Date of the first core group meeting", core_group_due + timedelta(days=1)
    )
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert (
        f"must be on or before {core_group_due.day} {core_group_due:%B %Y}, 10 working days "
        "after the conference" in summary.inner_text()
    )
    checks.check(page, "the initial conference refused")

    # The answers are kept; the date put right.
    fill_date_group(page, "Date of the first core group meeting", add_working_days(held, 5))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    answers = page.locator("#check-answers").inner_text()
    assert "Views shared through an advocate" in answers and "Housing" in answers
    assert "Kasia Kowalczyk, mother" in answers
    checks.check(page, "checking the initial conference")
    screenshot(page, "conference-check-answers")
    page.get_by_role("button", name="Confirm and record").click()

    banner = page.locator(".govuk-notification-banner--success")
    banner.wait_for()
    assert "The first core group meeting is planned for" in page.content()
    plan = page.locator("#protection-plan-agreed").inner_text()
    assert "No contact with the person who caused the injury" in plan
    assert f"Planned for {review.day} {review:%B %Y}" in plan
    conference = ChildProtectionConference.objects.get()
    assert conference.next_core_group_date == add_working_days(held, 5)
    checks.check(page, "the record with the plan")
    checks.assert_clean()
