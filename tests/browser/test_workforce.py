"""The workforce dashboards in a real browser (issue 17): an analyst's authority page, a
team's page reached from it, sixty months of trend, and a head of service's page; axe-core
finds no WCAG 2.2 A/AA problem on any of them, at desktop width or at 320 pixels."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from safeguard.organisation.models import Worker
from safeguard.workforce.codes import AbsenceReason
from safeguard.workforce.models import Absence, Post, PostHolding

from .conftest import PageChecks, screenshot, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _establishment(personas: Any) -> None:
    """Team A: six social worker posts over two years; four held, one left in the year, one
    covered by an agency worker; some sickness."""
    today = timezone.localdate()
    two_years_ago = today - timedelta(days=730)
    authority, team = personas.authority, personas.team
    posts = [
        Post.objects.create(
            authority=authority,
            team=team,
            reference=f"A{n}",
            role=Worker.Role.SOCIAL_WORKER,
            funded_fte=Decimal(1),
            start_date=two_years_ago,
        )
        for n in range(1, 7)
    ]

    def worker(n: int, *, agency: bool = False) -> Worker:
        return Worker.objects.create(
            authority=authority,
            first_name="Worker",
            last_name=f"W{n}",
            role=Worker.Role.SOCIAL_WORKER,
            team=team,
            is_agency=agency,
            started_on=two_years_ago,
        )

    holders = [personas.social_worker.worker, worker(2), worker(3), worker(4)]
    for post, holder in zip(posts[:4], holders, strict=True):
        PostHolding.objects.create(
            post=post, worker=holder, basis="permanent", fte=Decimal(1), start_date=two_years_ago
        )
    PostHolding.objects.create(
        post=posts[4],
        worker=worker(5),
        basis="permanent",
        fte=Decimal(1),
        start_date=two_years_ago,
        end_date=today - timedelta(days=120),
    )
    PostHolding.objects.create(
        post=posts[5],
        worker=worker(6, agency=True),
        basis="agency",
        fte=Decimal("0.8"),
        start_date=today - timedelta(days=90),
    )
    for holder, days in zip(holders, ("6", "12", "2", "0.5"), strict=True):
        start = today - timedelta(days=60)
        Absence.objects.create(
            worker=holder,
            reason=AbsenceReason.SIC,
            start_date=start,
            end_date=start + timedelta(days=int(float(days))),
            working_days_lost=Decimal(days),
        )


def test_the_workforce_dashboards_are_accessible(page, personas):
    _establishment(personas)
    checks = PageChecks()

    signed_in(page, personas.analyst)
    page.goto("/workforce/dashboards")
    expect(page.get_by_role("heading", level=1)).to_have_text("Personashire")
    expect(page.locator("#figure-vacancy_rate td").first).to_have_text("33.3")
    checks.check(page, "authority dashboard")
    screenshot(page, "workforce-authority")

    page.get_by_role("link", name="Team A").first.click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team A")
    page.get_by_text("Vacancy rate as a table").click()
    expect(
        page.get_by_role("table").filter(has_text="Vacancy rate at each month's end")
    ).to_be_visible()
    checks.check(page, "team dashboard")
    screenshot(page, "workforce-team")

    page.get_by_role("link", name="Show the last 60 months").click()
    page.wait_for_load_state()
    expect(page.locator("#trend-months")).to_contain_text("Showing the last 60 months")
    checks.check(page, "team dashboard, 60 months")

    signed_in(page, personas.head_of_service)
    page.goto("/workforce/dashboards")
    expect(page.get_by_role("heading", level=1)).to_have_text("Safeguarding")
    checks.check(page, "service dashboard")
    screenshot(page, "workforce-service")

    checks.assert_clean()
