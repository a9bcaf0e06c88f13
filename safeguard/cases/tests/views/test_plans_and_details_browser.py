"""A child in need plan started from the record, and a move of house recorded from it, in a
real browser: each page of the journey (the record's link, the form, its errors, "Check your
answers", the record again) has no WCAG 2.2 A/AA problem axe-core finds at 1280 and 320
pixels, and nothing scrolls sideways at 320. Screenshots for docs/screenshots/ when
SAFEGUARD_SCREENSHOTS=1."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safeguard.cases import services
from safeguard.cases.models import ChildInNeedPlan
from safeguard.common import codes
from safeguard.people.models import Residence
from safeguard.people.tests.factories import AddressFactory, ResidenceFactory
from tests.browser import conftest as browser_support
from tests.browser.conftest import (
    PageChecks,
    allocated_child,
    child_on_protection_plan,
    fill_date_group,
    screenshot,
    signed_in,
    working_days_ago,
)

# The browser fixtures live beside the other browser tests.
browser = browser_support.browser
page = browser_support.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_child_in_need_plan_is_started_from_the_record(page, personas):
    child = allocated_child(personas, "Maya", "Okafor")
    referral = services.referral_open(
        child=child,
        referral_date=working_days_ago(25),
        source=codes.ReferralSource.SCHOOL,
        team=personas.team,
        primary_need=codes.PrimaryNeed.N1,
    )
    checks = PageChecks()
    signed_in(page, personas.social_worker)
    page.goto(reverse("cases:child_record", args=[child.pk]))
    page.get_by_role("link", name="Start a child in need plan").click()
    page.get_by_role("heading", name="Start a child in need plan").wait_for()
    checks.check(page, "the child in need plan form")

    # A start before the referral was accepted is refused on this page.
    fill_date_group(page, "Date the plan started", working_days_ago(30))
    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "the date the referral was accepted" in page.locator(".govuk-error-summary").inner_text()
    checks.check(page, "the child in need plan refused")

    page.goto(reverse("cases:cin_plan_start", args=[referral.pk]))
    started = working_days_ago(2)
    fill_date_group(page, "Date the plan started", started)
    screenshot(page, "cin-plan")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    checks.check(page, "checking the child in need plan")
    page.get_by_role("button", name="Confirm and record").click()

    page.locator(".govuk-notification-banner--success").wait_for()
    assert "The first review of the plan is due by" in page.content()
    assert page.get_by_role("link", name="Review the child in need plan").count() == 1
    assert page.get_by_role("link", name="Start a child in need plan").count() == 0
    plan = ChildInNeedPlan.objects.get(referral=referral)
    assert plan.start_date == started
    checks.assert_clean()


def test_a_move_of_house_is_recorded_from_the_record_with_the_household(page, personas):
    child = allocated_child(personas, "Leo", "Marsh")
    home = ResidenceFactory(
        person=child,
        address=AddressFactory(line_1="3 Old Lane", town="Northbridge", postcode="ZZ99 3AA"),
        start_date=working_days_ago(400),
    )
    mother = ResidenceFactory(
        address=home.address,
        person__adult=True,
        person__first_name="Grace",
        person__last_name="Marsh",
        start_date=working_days_ago(400),
    )
    checks = PageChecks()
    signed_in(page, personas.social_worker)
    page.goto(reverse("cases:child_record", args=[child.pk]))
    page.get_by_role("link", name="Record a move").click()
    page.get_by_role("heading", name="Record a move").wait_for()
    checks.check(page, "the move form")

    # Nothing filled in: every question says what it needs.
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Enter the postcode" in summary.inner_text()
    checks.check(page, "the move form refused")

    page.goto(reverse("cases:address_move", args=[child.pk]))
    moved = working_days_ago(1)
    fill_date_group(page, "Date of the move", moved)
    page.get_by_label("Address line 1").fill("12 Harbour View")
    page.get_by_label("Town or city").fill("Northbridge")
    page.get_by_label("Postcode").fill("zz99 4bb")
    page.get_by_label("Home", exact=True).check()
    page.get_by_label("Grace Marsh, at 3 Old Lane, Northbridge, ZZ99 3AA").check()
    screenshot(page, "change-address")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    checks.check(page, "checking the move")
    page.get_by_role("button", name="Confirm the change").click()

    page.locator(".govuk-notification-banner--success").wait_for()
    addresses = page.locator("#addresses-caption").locator("xpath=..").inner_text()
    assert "12 Harbour View" in addresses and "3 Old Lane" in addresses
    home.refresh_from_db()
    assert home.end_date == moved
    assert Residence.objects.filter(
        person=mother.person, end_date__isnull=True
    ).get().start_date == (moved)
    checks.check(page, "the record after the move")
    checks.assert_clean()


def test_the_other_plan_and_household_pages_are_accessible_at_both_widths(page, personas):
    from safeguard.people.tests.factories import RelationshipFactory

    child = allocated_child(personas, "Ruby", "Hale")
    referral = services.referral_open(
        child=child,
        referral_date=working_days_ago(25),
        source=codes.ReferralSource.SCHOOL,
        team=personas.team,
        primary_need=codes.PrimaryNeed.N1,
    )
    plan = services.cin_plan_start(referral=referral, start_date=working_days_ago(20))
    home = ResidenceFactory(person=child, start_date=working_days_ago(400))
    lodger = ResidenceFactory(address=home.address, person__adult=True)
    relationship = RelationshipFactory(relative=child, person__first_name="Morgan")
    checks = PageChecks()
    signed_in(page, personas.social_worker)
    for name, url in {
        "the review of the plan": reverse("cases:cin_plan_review", args=[plan.pk]),
        "the end of the plan": reverse("cases:cin_plan_end", args=[plan.pk]),
        "the child's details": reverse("cases:child_details_change", args=[child.pk]),
        "household and relationships": reverse("cases:household", args=[child.pk]),
        "a new relationship": reverse("cases:relationship_add", args=[child.pk]),
        "a changed relationship": reverse(
            "cases:relationship_change", args=[child.pk, relationship.pk]
        ),
        "an ended relationship": reverse(
            "cases:relationship_end", args=[child.pk, relationship.pk]
        ),
        "someone moving in": reverse("cases:household_member_add", args=[child.pk]),
        "someone moving out": reverse("cases:household_member_leave", args=[child.pk, lodger.pk]),
    }.items():
        page.goto(url)
        checks.check(page, name)
    # The reveal of someone new, drawn by GOV.UK's script.
    page.goto(reverse("cases:relationship_add", args=[child.pk]))
    page.get_by_label("Someone not on the record yet").check()
    page.get_by_label("Their last name").wait_for()
    checks.check(page, "a new relationship with someone new")
    checks.assert_clean()


def test_the_core_group_page_is_accessible_at_both_widths(page, personas):
    child = child_on_protection_plan(personas, "Ezra", "Stone")
    checks = PageChecks()
    signed_in(page, personas.social_worker)
    page.goto(reverse("cases:child_record", args=[child.pk]))
    page.get_by_role("link", name="Record a core group meeting").click()
    page.get_by_role("heading", name="Record a core group meeting").wait_for()
    checks.check(page, "the core group form")
    checks.assert_clean()
