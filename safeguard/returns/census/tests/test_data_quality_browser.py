"""The data-quality page in a real browser: an analyst goes from the census error report to a
child's data; axe-core finds no WCAG 2.2 A/AA problem on the report, the page, the refusal
for a child not in the return and the page for a build that does not exist, at 1280 and at 320
pixels (where the body must not scroll sideways); the screenshot for docs/screenshots/ when
SAFEGUARD_SCREENSHOTS=1."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.cases.tests.factories import (
    AssessmentFactory,
    ChildProtectionPlanFactory,
    InitialConferenceFactory,
    ReferralFactory,
    Section47EnquiryFactory,
    StrategyDiscussionFactory,
)
from safeguard.people.models import PersonDisability
from safeguard.returns.census.services import census_build
from tests.browser import conftest as browser_support
from tests.browser.conftest import PageChecks, screenshot, signed_in

browser = browser_support.browser
page = browser_support.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_census_with_errors(personas, folder):
    """The own child, referred by the police, assessed (authorised with no factors: 8897),
    a section 47 enquiry, an initial conference and a plan with a category the census does not
    accept (8905); the census 2024-25 built."""
    child = personas.own_child
    child.upn_unknown_reason, child.ethnicity, child.sex = "UN4", "WBRI", "F"
    child.save()
    PersonDisability.objects.create(person=child, code="NONE")
    referral = ReferralFactory(
        child=child, team=personas.team, referral_date=date(2024, 9, 2), source="6"
    )
    AssessmentFactory(
        referral=referral,
        start_date=date(2024, 9, 2),
        submitted_date=date(2024, 9, 16),
        authorised_date=date(2024, 9, 18),
        factors=[],
    )
    enquiry = Section47EnquiryFactory(
        strategy_discussion=StrategyDiscussionFactory(
            referral=referral, discussion_date=date(2024, 9, 4)
        ),
        completed=True,
        completed_date=date(2024, 9, 20),
    )
    conference = InitialConferenceFactory(
        section47_enquiry=enquiry, conference_date=date(2024, 9, 25)
    )
    ChildProtectionPlanFactory(
        initial_conference=conference, start_date=date(2024, 9, 25), initial_category="NEG"
    )
    return census_build(
        authority=personas.authority,
        year=2025,
        output=folder / "census.xml",
        actor=personas.analyst,
        workers=0,
    ).build


def test_an_analyst_checks_a_childs_data_from_the_census_report(page, personas, tmp_path):
    build = a_census_with_errors(personas, tmp_path)
    checks = PageChecks()
    signed_in(page, personas.analyst)

    page.goto("/returns/census/?year=2025")
    page.get_by_role("heading", name="Census 2024-25").wait_for()
    checks.check(page, "census error report")

    page.get_by_role("link", name="Check the data of POwn, rule 8897").click()
    page.get_by_role("heading", name="LA child ID POwn").wait_for()
    main = page.locator("main").inner_text()
    assert "Still found" in main and "Who to ask" in main
    assert "Police (6)" in main and "Neglect (NEG)" in main
    assert "Own Child" not in main
    checks.check(page, "data-quality page")
    screenshot(page, "data-quality")

    # A child with no episode in the year: not in the return.
    page.goto(f"/returns/census/{build.pk}/children/{personas.team_child.pk}")
    page.get_by_role("heading", name="You cannot use this page").wait_for()
    assert "not in the error report" in page.locator("main").inner_text()
    checks.check(page, "refused: a child not in the return")

    page.goto(f"/returns/census/{build.pk + 1}/children/{personas.own_child.pk}")
    page.get_by_role("heading", name="Page not found").wait_for()
    checks.check(page, "not found: no such census build")
    checks.assert_clean()
