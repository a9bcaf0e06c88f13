"""The team dashboard's looked-after figures in a real browser: the section and a drill-down
have no WCAG 2.2 A/AA problem axe-core finds at 1280 and 320 pixels, and nothing scrolls
sideways at 320. Screenshot for docs/screenshots/ when SAFEGUARD_SCREENSHOTS=1."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from safeguard.cases.tests.factories import (
    AllocationFactory,
    LookedAfterPeriodFactory,
    LookedAfterReviewFactory,
    VisitFactory,
)
from safeguard.common import codes
from safeguard.people.tests.factories import ChildFactory
from tests.browser import conftest as browser_support
from tests.browser.conftest import PageChecks, screenshot, signed_in, working_days_ago

# The browser fixtures live beside the other browser tests.
browser = browser_support.browser
page = browser_support.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1280, "height": 900}


def children_in_care(personas: Any) -> None:
    """Three children of Team A in care, dated from today: one with nothing recorded for 30
    working days (care plan, first review and visits overdue), one placed 3 days ago (the
    first visit due soon), one with a care plan and a review, last seen 40 days ago (the next
    visit due within the week)."""
    from django.utils import timezone

    today = timezone.localdate()
    worker = personas.social_worker.worker
    for first, last, since, care_plan, reviewed, seen in (
        ("Amara", "Osei", working_days_ago(30), None, None, None),
        ("Leon", "Fairweather", today - timedelta(days=3), None, None, None),
        (
            "Nadia",
            "Kowalczyk",
            today - timedelta(days=100),
            today - timedelta(days=100),
            today - timedelta(days=80),
            today - timedelta(days=40),
        ),
    ):
        child = ChildFactory(first_name=first, last_name=last)
        AllocationFactory(child=child, team=personas.team, worker=worker, start_date=since)
        period = LookedAfterPeriodFactory(child=child, start_date=since, care_plan_date=care_plan)
        if reviewed:
            LookedAfterReviewFactory(period=period, review_date=reviewed)
        if seen:
            VisitFactory(child=child, kind=codes.VisitKind.LAC_VISIT, visit_date=seen)


def test_the_looked_after_section_of_the_team_dashboard(page, personas):
    children_in_care(personas)
    checks = PageChecks()
    page.set_viewport_size(DESKTOP)
    signed_in(page, personas.team_manager)

    page.goto("/team")
    section = page.locator("#looked-after-figures")
    section.wait_for()
    assert section.locator('[data-measure="care-plans-overdue"] a').inner_text().startswith("1")
    checks.check(page, "team dashboard with looked-after figures")
    page.locator("#looked-after").scroll_into_view_if_needed()
    screenshot(page, "team-dashboard-looked-after")

    section.locator('[data-measure="looked-after-visits-overdue"] a').click()
    page.get_by_role("heading", level=1, name="Looked-after visits overdue").wait_for()
    assert "Amara Osei" in page.locator("main").inner_text()
    checks.check(page, "team drill-down: looked-after visits overdue")
    checks.assert_clean()
