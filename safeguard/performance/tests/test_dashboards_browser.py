"""The performance dashboards in a real browser: axe-core finds no WCAG 2.2 A/AA problem on
the summary, an indicator's page (charts and tables) and a drill-down, for an analyst and a
team manager; the body does not scroll sideways at 320 pixels; screenshots for
docs/screenshots/ when SAFEGUARD_SCREENSHOTS=1."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from safeguard.cases.tests.factories import (
    AllocationFactory,
    AssessmentFactory,
    ChildProtectionPlanFactory,
    InitialConferenceFactory,
    ReferralFactory,
    Section47EnquiryFactory,
    StrategyDiscussionFactory,
    VisitFactory,
)
from safeguard.people.tests.factories import ChildFactory
from safeguard.performance.selectors import default_period
from tests.browser import conftest as browser_support
from tests.browser.conftest import PageChecks, screenshot, signed_in

# The browser fixtures live beside the other browser tests.
browser = browser_support.browser
page = browser_support.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_year_of_referrals(personas):
    """Referrals and assessments in each month of the default period, in both teams, some
    children referred twice within a year."""
    from django.utils import timezone

    period = default_period(timezone.localdate())
    # A small town's children, so that the rates per 10,000 look like an authority's.
    personas.authority.child_population = 2_600
    personas.authority.save()
    day = period.date_from + timedelta(days=3)
    n = 0
    while day <= period.date_to:
        for team in (personas.team, personas.other_team):
            for extra in range(1 + n % 3):
                child = ChildFactory(first_name="Demo", last_name=f"Child{n}{extra}")
                referral = ReferralFactory(child=child, team=team, referral_date=day)
                if (n + extra) % 2 == 0:
                    AssessmentFactory(
                        referral=referral,
                        start_date=day,
                        submitted_date=day + timedelta(days=20 + 9 * extra),
                        authorised_date=day + timedelta(days=21 + 9 * extra),
                    )
                if extra == 1:
                    ReferralFactory(child=child, team=team, referral_date=day + timedelta(days=1))
                if extra == 2:
                    protection_plan(referral, day + timedelta(days=5), n)
        n += 1
        day += timedelta(days=30)
    # Children of the social worker's team, so the manager's drill-down names some.
    for child in (personas.own_child, personas.team_child):
        ReferralFactory(child=child, team=personas.team, referral_date=period.date_to)
    AllocationFactory(
        child=ChildFactory(first_name="Waiting", last_name="Child"),
        team=personas.team,
        worker=None,
        start_date=period.date_to - timedelta(days=9),
    )
    return period


def protection_plan(referral, started, n):
    """A section 47 enquiry from `started`, an initial conference 10 or 20 days later and a
    plan from then, with a visit (seen alone every other time)."""
    enquiry = Section47EnquiryFactory(
        strategy_discussion=StrategyDiscussionFactory(referral=referral, discussion_date=started),
        completed=True,
        completed_date=started + timedelta(days=8),
    )
    held = started + timedelta(days=10 if n % 2 else 20)
    conference = InitialConferenceFactory(section47_enquiry=enquiry, conference_date=held)
    ChildProtectionPlanFactory(
        initial_conference=conference,
        start_date=held,
        initial_category=("NEG", "EMO", "PHY", "MUL")[n % 4],
    )
    VisitFactory(child=referral.child, visit_date=held + timedelta(days=7), seen_alone=n % 2 == 0)


def test_the_analysts_dashboards(page, personas):
    a_year_of_referrals(personas)
    checks = PageChecks()
    signed_in(page, personas.analyst)

    page.goto("/performance/")
    page.get_by_role("heading", name="How the service is doing").wait_for()
    checks.check(page, "performance summary")
    screenshot(page, "performance-dashboard")

    page.get_by_role("link", name="Re-referrals within 12 months").click()
    page.locator("#trend-chart").wait_for()
    assert "England 22.6" in page.locator("#trend-chart").inner_html()
    checks.check(page, "indicator: re-referrals")
    screenshot(page, "performance-indicator")

    page.goto("/performance/assessments")
    page.locator("#team-chart").wait_for()
    checks.check(page, "indicator: assessments")

    page.goto("/performance/referrals/children")
    assert "counted but not named" in page.locator("main").inner_text()
    checks.check(page, "drill-down for an analyst (counted, not named)")

    page.goto("/performance/?from=2026-03-31&to=2025-04-01")
    page.locator(".govuk-error-summary").wait_for()
    checks.check(page, "performance summary, with an error")
    checks.assert_clean()


def test_the_team_managers_drill_down(page, personas):
    period = a_year_of_referrals(personas)
    checks = PageChecks()
    signed_in(page, personas.team_manager)
    page.goto(f"/performance/referrals/children?from={period.date_from}&to={period.date_to}")
    main = page.locator("main").inner_text()
    assert "Own Child" in main and "Team Child" in main
    checks.check(page, "drill-down for a team manager")
    screenshot(page, "performance-drill-down")
    page.goto(
        f"/performance/unallocated?from={period.date_from}&to={period.date_to}"
        f"&team={personas.team.pk}"
    )
    checks.check(page, "indicator: unallocated, one team")
    checks.assert_clean()
    assert period.date_to < date.today()
