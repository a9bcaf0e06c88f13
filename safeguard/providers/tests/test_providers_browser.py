"""The providers register in a real browser, as issue 15 asks: a team manager finds a
children's home in the register, records Ofsted's inadequate grade through "Check your
answers", and the home's page then shows the grade and the child placed there due a review;
the child's social worker finds the review on their task list. axe-core finds no WCAG 2.2
A/AA problem on each page at 1280 and 320 pixels and nothing scrolls sideways; the
screenshots for docs/screenshots/ when SAFEGUARD_SCREENSHOTS=1."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguard.cases.tests.factories import PlacementFactory
from safeguard.people.tests.factories import ChildFactory
from safeguard.providers import services
from safeguard.providers.codes import Grade, InspectionKind, ProviderKind
from tests.browser import conftest as browser_support
from tests.browser.conftest import PageChecks, allocated_child, screenshot, signed_in

browser = browser_support.browser
page = browser_support.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URN = "SC900001"


def _register(personas: Any) -> Any:
    """A few fictional providers; Larkfield House, graded good, where Amara Whitfield (the
    social worker's) and a child of another team live."""
    today = timezone.localdate()
    homes = [
        (URN, "Larkfield House", ProviderKind.CHILDRENS_HOME, Grade.GOOD),
        ("SC900002", "Rowan Lodge", ProviderKind.CHILDRENS_HOME, Grade.OUTSTANDING),
        (
            "9000003",
            "Harbourlight Fostering",
            ProviderKind.INDEPENDENT_FOSTERING_AGENCY,
            Grade.GOOD,
        ),
        ("SC900004", "Maple View", ProviderKind.CHILDRENS_HOME, Grade.REQUIRES_IMPROVEMENT),
    ]
    for urn, name, kind, grade in homes:
        provider = services.provider_create(
            urn=urn,
            kind=kind,
            name=name,
            postcode="NB4 2XY",
            local_authority="Northbridge",
            registration_status="active",
            created_by=None,
        )
        services.inspection_record(
            provider=provider,
            kind=InspectionKind.FULL,
            inspection_date=today - timedelta(days=300),
            grade=grade,
            publication_date=today - timedelta(days=260),
            recorded_by=None,
            today=today,
        )
    child = allocated_child(personas, "Amara", "Whitfield")
    PlacementFactory(
        period__child=child, period__start_date=date(2025, 1, 6), urn=URN, placement_type="K2"
    )
    PlacementFactory(period__child=ChildFactory(), urn=URN, placement_type="K2")
    return child


def test_an_inadequate_grade_is_recorded_and_the_childs_placement_is_due_for_review(
    page, browser, live_server, personas
):
    _register(personas)
    checks = PageChecks()
    rated_on = timezone.localdate() - timedelta(days=3)

    signed_in(page, personas.team_manager)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Providers").click()
    page.get_by_role("heading", name="Providers", exact=True).wait_for()
    checks.check(page, "the register")
    screenshot(page, "providers-register")

    page.get_by_label("Name or URN").fill("larkfield")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Larkfield House").click()
    assert "Children placed here now (2)" in page.locator("#placed").inner_text()
    page.get_by_role("link", name="Record an Ofsted inspection").click()

    page.get_by_label("Full inspection").check()
    dates = page.get_by_role("group", name="Date of the inspection")
    dates.get_by_label("Day").fill(str(rated_on.day))
    dates.get_by_label("Month").fill(str(rated_on.month))
    dates.get_by_label("Year").fill(str(rated_on.year))
    page.get_by_label("Inadequate").check()
    checks.check(page, "record an inspection")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    checks.check(page, "check your answers")
    screenshot(page, "provider-inspection-check-answers")
    page.get_by_role("button", name="Confirm and record").click()

    banner = page.locator(".govuk-notification-banner--success")
    banner.wait_for()
    assert "Larkfield House is now rated inadequate: 2 children are placed there." in (
        banner.inner_text()
    )
    assert "Rated inadequate by Ofsted" in page.locator(".govuk-warning-text").inner_text()
    placed = page.locator("#placed + ul")
    assert "Amara Whitfield" in placed.inner_text()
    assert "Placement review due" in placed.inner_text()
    assert "And 1 more child whose records you do not work with" in page.inner_text("main")
    checks.check(page, "the provider page")
    screenshot(page, "provider-page")
    page.context.close()

    # The social worker's task list has the review, linking to the child's record.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    worker_page = context.new_page()
    signed_in(worker_page, personas.social_worker)
    worker_page.goto(reverse("tasks:list"))
    section = worker_page.locator("section", has=worker_page.locator("h2#placement-reviews"))
    title = (
        f"Larkfield House rated inadequate on {rated_on.day} {rated_on:%B %Y}: review "
        "Amara Whitfield's placement"
    )
    assert title in section.inner_text()
    checks.check(worker_page, "the worker's tasks")
    context.close()
    checks.assert_clean()
