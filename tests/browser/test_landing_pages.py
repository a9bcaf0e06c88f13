"""Each role lands on its own work, in a real browser (issue 14).

Every persona signs in through the browser and lands on the page of their own work
(`accounts.landing`); the conference chair's "Your conferences" and the head of service's
"Your teams" have no WCAG 2.2 A/AA problem axe-core finds at 1280 and at 320 pixels, the
teams' table fits the page at 1280 pixels (no sideways scroll of a wide table) and neither page
scrolls sideways at 320. Screenshots: docs/screenshots/landing-chair.png and
landing-head-of-service.png (SAFEGUARD_SCREENSHOTS=1)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from safeguard.cases.selectors import CONFERENCE_REVIEW, conference_draft_key
from safeguard.cases.tests.factories import (
    AllocationFactory,
    AssessmentFactory,
    ChildProtectionPlanFactory,
    ReferralFactory,
    Section47EnquiryFactory,
    StrategyDiscussionFactory,
)
from safeguard.common import codes
from safeguard.common.services import draft_save
from safeguard.organisation.models import Team
from safeguard.organisation.tests.factories import WorkerFactory
from safeguard.people.tests.factories import ChildFactory

from .conftest import (
    PASSWORD,
    PageChecks,
    child_on_protection_plan,
    screenshot,
    sign_in_through_the_browser,
    signed_in,
    working_days_ago,
)
from .test_accessibility import submitted_assessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}

# Where each persona lands (written out, not asked of the table under test).
LANDINGS = {
    "social_worker": "cases:my_cases",
    "team_manager": "cases:team_dashboard",
    "other_worker": "cases:my_cases",
    "head_of_service": "cases:team_dashboard",
    "front_door_worker": "front_door:queue",
    "conference_chair": "cases:conferences",
    "auditor": "audit:alerts",
    "analyst": "performance:dashboard",
    "system_administrator": "admin:index",
    "partner_user": "agencies:partner_check",
    "superuser": "home",
}


def _new_page(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=DESKTOP)
    context.set_default_timeout(10_000)
    return context.new_page()


def test_every_persona_signs_in_to_their_own_work(browser, live_server, personas):
    assert set(LANDINGS) == set(personas.users)
    landed = {}
    for persona, user in personas.users.items():
        user.set_password(PASSWORD)
        user.save()
        page = _new_page(browser, live_server)
        try:
            sign_in_through_the_browser(page, user, PASSWORD)
            landed[persona] = page.url.removeprefix(live_server.url)
        finally:
            page.context.close()
    assert landed == {persona: reverse(name) for persona, name in LANDINGS.items()}


# --- The conference chair ---------------------------------------------------------------------


def _enquiry(personas: Any, first_name: str, last_name: str, discussed: Any) -> Any:
    referral = ReferralFactory(
        child=ChildFactory(first_name=first_name, last_name=last_name),
        team=personas.team,
        referral_date=discussed - timedelta(days=7),
    )
    return Section47EnquiryFactory(
        strategy_discussion=StrategyDiscussionFactory(referral=referral, discussion_date=discussed)
    )


def _plan(personas: Any, first_name: str, last_name: str, held: Any, chair: Any) -> Any:
    referral = ReferralFactory(
        child=ChildFactory(first_name=first_name, last_name=last_name),
        team=personas.team,
        referral_date=held - timedelta(days=40),
    )
    return ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=referral,
        initial_conference__section47_enquiry__strategy_discussion__discussion_date=held
        - timedelta(days=21),
        initial_conference__section47_enquiry__completed_date=held - timedelta(days=7),
        initial_conference__conference_date=held,
        initial_conference__chair=chair,
    )


def chairs_conferences(personas: Any) -> None:
    """One conference in each of the chair's sections, dated from today."""
    today = timezone.localdate()
    chair = personas.conference_chair.worker
    _enquiry(personas, "Mason", "Achterberg-Oyelaran", working_days_ago(20))  # out of time
    _enquiry(personas, "Ruby", "Kowalczyk", working_days_ago(3))  # no chair yet
    _plan(personas, "Leo", "Fitzgerald", today - timedelta(days=100), chair)  # review late
    _plan(personas, "Isla", "Mensah", today - timedelta(days=30), chair)  # upcoming
    held = _plan(personas, "Noah", "Petrov", today - timedelta(days=60), chair)
    yesterday = working_days_ago(1)
    draft_save(
        user=personas.conference_chair,
        form_key=conference_draft_key(CONFERENCE_REVIEW, held.pk),
        data={
            "conference_date_0": [str(yesterday.day)],
            "conference_date_1": [str(yesterday.month)],
            "conference_date_2": [str(yesterday.year)],
            "outcome": [codes.ConferenceOutcome.CONTINUE_PLAN.value],
        },
    )


def test_the_conference_chair_lands_on_their_conferences(page, personas):
    chairs_conferences(personas)
    checks = PageChecks()
    page.set_viewport_size(DESKTOP)
    signed_in(page, personas.conference_chair)
    assert page.url.endswith(reverse("cases:conferences"))
    page.get_by_role("heading", name="Your conferences", level=1).wait_for()
    main = page.locator("main")
    assert "Noah Petrov" in main.locator("#to-record-table").inner_text()
    out_of_time = main.locator("#out-of-time-table").inner_text()
    assert "Mason Achterberg-Oyelaran" in out_of_time and "Leo Fitzgerald" in out_of_time
    assert "Isla Mensah" in main.locator("#upcoming-table").inner_text()
    page.get_by_text("1 upcoming conference with no chair yet").click()  # opened, to be checked
    expect(page.locator("#no-chair-table")).to_be_visible()
    checks.check(page, "your conferences")
    assert _fits(page, "#out-of-time-table")
    page.evaluate("document.activeElement.blur()")
    screenshot(page, "landing-chair")

    # On a phone each conference is a block of labelled lines, nothing sideways.
    page.set_viewport_size({"width": 320, "height": 800})
    label = page.evaluate(
        "() => getComputedStyle(document.querySelector('#out-of-time-table td[data-label]'),"
        " '::before').content"
    )
    assert "Conference" in label
    page.set_viewport_size(DESKTOP)

    page.get_by_role("link", name="Finish the record").click()
    page.get_by_role("heading", name="Record a review child protection conference").wait_for()
    held_on = page.get_by_role("group", name="Date of the review conference")
    assert held_on.get_by_label("Day").input_value() == str(working_days_ago(1).day)
    checks.assert_clean()


# --- The head of service ------------------------------------------------------------------------


def _fits(page: Any, selector: str) -> bool:
    """Whether the element sits inside `main` without anything in it wider than itself."""
    return bool(
        page.evaluate(
            """(selector) => {
              const main = document.querySelector('main').getBoundingClientRect();
              const element = document.querySelector(selector);
              const box = element.getBoundingClientRect();
              return box.left >= main.left - 1 && box.right <= main.right + 1
                && element.scrollWidth <= element.clientWidth + 1
                && document.documentElement.scrollWidth <= window.innerWidth;
            }""",
            selector,
        )
    )


def teams_with_work(personas: Any) -> None:
    """The head of service's service: the personas' team and three more, each with some
    work waiting and some overdue."""
    child_on_protection_plan(personas, "Jayden", "Okafor")
    submitted_assessment(personas, "Amira", "Haddad")
    service = personas.team.service
    for name, kind in (
        ("Children in Need Team North", Team.Kind.CHILDREN_IN_NEED),
        ("Children in Need Team South", Team.Kind.CHILDREN_IN_NEED),
        ("Disabled Children's Team", Team.Kind.DISABLED_CHILDREN),
    ):
        team = Team.objects.create(
            authority=personas.authority, service=service, name=name, kind=kind
        )
        worker = WorkerFactory(authority=personas.authority, team=team)
        for n in range(3):
            child = ChildFactory(first_name=f"Waiting{n}", last_name=name.split()[-1])
            ReferralFactory(child=child, team=team, referral_date=working_days_ago(4 + n))
        late = ChildFactory(first_name="Late", last_name=name.split()[-1])
        referral = ReferralFactory(child=late, team=team, referral_date=working_days_ago(60))
        AllocationFactory(child=late, team=team, worker=worker, start_date=working_days_ago(58))
        AssessmentFactory(referral=referral, worker=worker, start_date=working_days_ago(58))


def test_the_head_of_service_lands_on_their_teams_and_the_table_fits(page, personas):
    teams_with_work(personas)
    checks = PageChecks()
    page.set_viewport_size(DESKTOP)
    signed_in(page, personas.head_of_service)
    assert page.url.endswith(reverse("cases:team_dashboard"))
    page.get_by_role("heading", name="Your teams", level=1).wait_for()
    rows = page.locator("#teams tbody tr")
    assert rows.count() == 4
    assert "Child protection visits overdue: 1" in page.locator("#teams").inner_text()
    assert "{#" not in page.locator("main").inner_text()
    # The table fits the page at 1280 pixels: nothing of it scrolls or sticks out.
    assert _fits(page, "#teams")
    checks.check(page, "your teams (head of service)")
    screenshot(page, "landing-head-of-service")

    # At 320 pixels each team is a block, every figure labelled, nothing sideways.
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("getComputedStyle(document.querySelector('#teams tr')).display") == (
        "block"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size(DESKTOP)

    page.get_by_role("link", name="Children in Need Team North", exact=True).click()
    page.get_by_role("heading", name="Children in Need Team North", level=1).wait_for()
    checks.assert_clean()
