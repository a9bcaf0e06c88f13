"""The MASH in a real browser: the queue, the contact page and the phone contact page have no
WCAG 2.2 A/AA problem axe-core finds, at desktop width and at 320 pixels (where nothing
scrolls sideways); and the journey from a phone call to a referral: a front-door worker
records the call, it waits in the queue, the front door's manager rates it red, and the
worker decides it as a referral."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from safeguard.cases.models import Contact, Referral
from safeguard.front_door.models import ContactRating
from safeguard.front_door.tests.mash_support import (
    CONSENT_REFUSED,
    front_door_manager,
    information_request_about,
    unmatched_contact,
    waiting_contact,
)

from .conftest import PageChecks, screenshot, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _another_page(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    return context.new_page()


def success_banner(page: Any) -> str:
    # As in test_journeys: a loaded two-core CI machine can take longer than the 5 s default.
    return page.locator(".govuk-notification-banner--success").inner_text(timeout=30_000)


def test_the_queue_the_contact_and_the_phone_contact_pages_are_accessible(
    page, browser, live_server, personas, django_user_model
):
    now = timezone.now()
    named = waiting_contact(
        personas,
        received_at=now - timedelta(days=3),
        rag="red",
        referrer="Sam Example",
        actions_taken="Spoke to the mother.",
        household_as_described=[{"name": "Alex Child", "relationship": "mother"}],
        **CONSENT_REFUSED,
    )
    information_request_about(named)
    unmatched = unmatched_contact(personas, received_at=now - timedelta(hours=3))
    waiting_contact(personas, child=personas.restricted_child, received_at=now - timedelta(hours=1))
    checks = PageChecks()

    signed_in(page, personas.front_door_worker)
    page.goto("/front-door")
    checks.check(page, "the queue")
    screenshot(page, "front-door-queue")
    page.get_by_role("link", name=named.reference).click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Contact {named.reference}"
    checks.check(page, "a contact about a known child")
    page.goto(f"/front-door/contacts/{unmatched.pk}")
    checks.check(page, "a contact whose child is not yet identified")
    page.get_by_role("link", name="Find the child this contact is about").click()
    checks.check(page, "finding the child")
    page.get_by_label("Name").fill("Own Child")
    page.get_by_role("button", name="Search").click()
    checks.check(page, "the child's search results")
    page.goto(f"/front-door/contacts/{unmatched.pk}/child/new")
    checks.check(page, "recording a new child")
    page.goto(f"/front-door/contacts/{named.pk}/information-requests/new")
    checks.check(page, "asking an agency")
    page.goto(f"/front-door/contacts/{named.pk}/decision")
    checks.check(page, "the decision")

    page.goto("/front-door")
    page.get_by_role("button", name="Record a phone, email or in-person contact").click()
    checks.check(page, "record a contact: find the child")
    page.get_by_role(
        "link", name="The child is not found, or is unborn: describe the child"
    ).click()
    checks.check(page, "record a contact: what they told you")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    checks.check(page, "record a contact, with errors")

    manager = front_door_manager(personas, django_user_model)
    other = _another_page(browser, live_server)
    signed_in(other, manager)
    other.goto(f"/front-door/contacts/{named.pk}/rating")
    checks.check(other, "the RAG rating")
    other.goto("/team")
    checks.check(other, "the front door team's dashboard")
    other.context.close()
    checks.assert_clean()


def test_a_phone_call_waits_in_the_queue_is_rated_red_and_decided_as_a_referral(
    page, browser, live_server, personas, django_user_model
):
    manager = front_door_manager(personas, django_user_model)

    # The front-door worker takes the call.
    signed_in(page, personas.front_door_worker)
    page.get_by_role("link", name="Front door").click()
    page.get_by_role("button", name="Record a phone, email or in-person contact").click()
    page.get_by_label("Name").fill("Own Child")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Choose Own Child").click()
    page.get_by_label("Phone call").check()
    page.get_by_label("Their name", exact=True).fill("Sam Example")
    page.get_by_label("Their role (optional)").fill("Class teacher")
    page.get_by_label("Who made the contact, for the census?").select_option("2A")
    page.get_by_label("Consent sought and given").check()
    page.get_by_label("What is the worry about the child?").fill(
        "Fictional: a bruise on the child's arm, unexplained."
    )
    page.get_by_label("Today", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    checks = PageChecks()
    checks.check(page, "record a contact: check your answers")
    page.get_by_role("button", name="Record the contact").click()
    banner = success_banner(page)  # waits for the saved page before the database is read
    contact = Contact.objects.get()
    assert contact.reference in banner
    assert contact.child == personas.own_child

    page.get_by_role("link", name="Back to the front door").click()
    row = page.locator("#queue tbody tr", has_text=contact.reference)
    assert "Own Child" in row.inner_text() and "Not rated" in row.inner_text()

    # The front door's manager rates it red.
    other = _another_page(browser, live_server)
    signed_in(other, manager)
    other.goto("/front-door")
    other.get_by_role("link", name=contact.reference).click()
    other.get_by_role("link", name="Rate the contact red, amber or green").click()
    other.get_by_label("Red").check()
    other.get_by_label("Why this rating?").fill("Unexplained injury to a child of seven.")
    other.get_by_role("button", name="Save the rating").click()
    assert success_banner(other).endswith("Contact rated red")
    other.context.close()
    assert ContactRating.objects.get().rating == "red"

    # The worker sees it red at the top of the queue and decides it.
    page.goto("/front-door")
    row = page.locator("#queue tbody tr", has_text=contact.reference)
    assert "Red" in row.inner_text()
    row.get_by_role("link", name=contact.reference).click()
    page.get_by_role("link", name="Decide on the contact").click()
    page.get_by_label("Referral to children's social care").check()
    page.get_by_label("The child's primary need").select_option("N1")
    page.get_by_label("Why is this the right response?").fill(
        "Unexplained injury: the threshold for a referral is met."
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    checks.check(page, "the decision: check your answers")
    page.get_by_role("button", name="Confirm and record").click()

    assert success_banner(page).endswith(
        "Decision recorded: referral to children's social care. The referral is open."
    )
    referral = Referral.objects.get()
    assert (referral.child, referral.contact, referral.source) == (
        personas.own_child,
        contact,
        "2A",
    )
    expect(page.get_by_role("link", name="Tell the referrer the outcome")).to_be_visible()
    screenshot(page, "front-door-contact-decided")
    checks.assert_clean()
