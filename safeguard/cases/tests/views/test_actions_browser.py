"""The action pages in a real browser: axe-core finds no WCAG 2.2 A/AA problem on the forms,
their errors and "Check your answers"; GOV.UK's own script reveals the follow-up questions;
nothing scrolls sideways at 320 pixels."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safeguard.cases.tests.factories import (
    AssessmentFactory,
    ChildProtectionPlanFactory,
    ReferralFactory,
    Section47EnquiryFactory,
)
from tests.browser import conftest as browser_support
from tests.browser.conftest import AXE_SOURCE, WCAG_TAGS, sign_in_through_the_browser

# The browser fixtures live beside the other browser tests.
browser = browser_support.browser
page = browser_support.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long enough password 42"

# GOV.UK Frontend's conditional reveal puts aria-expanded on the radio that reveals, which
# ARIA does not list for radios; GOV.UK keeps it on purpose after research with screen reader
# users (alphagov/govuk-frontend#979). That one finding, on those radios, is allowed.
_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  const govuk979 = (v, n) => v.id === 'aria-allowed-attr'
    && document.querySelector(n.target[0]).matches('input.govuk-radios__input[aria-controls]')
    && /aria-expanded/.test(n.failureSummary) && !/aria-(?!expanded)/.test(n.failureSummary);
  return result.violations
    .map(v => ({id: v.id, help: v.help,
                nodes: v.nodes.filter(n => !govuk979(v, n)).map(n => n.target.join(' '))}))
    .filter(v => v.nodes.length);
}"""


def assert_accessible(page, *, name):
    """No WCAG 2.2 A/AA problem that axe-core finds, but for GOV.UK's known one."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    violations = page.evaluate(_AXE, WCAG_TAGS)
    assert violations == [], f"axe found accessibility problems on {name}: {violations}"


def _signed_in(page, user):
    user.set_password(PASSWORD)
    user.save()
    sign_in_through_the_browser(page, user, PASSWORD)


def test_the_action_forms_are_accessible(page, personas):
    referral = ReferralFactory(child=personas.own_child, team=personas.team)
    assessment = AssessmentFactory(referral=referral)
    enquiry = Section47EnquiryFactory(strategy_discussion__referral=referral)
    plan = ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=referral
    )
    _signed_in(page, personas.team_manager)
    for name, url in {
        "referral": reverse("cases:referral_open", args=[personas.own_child.pk]),
        "assessment start": reverse("cases:assessment_start", args=[referral.pk]),
        "assessment": reverse("cases:assessment_edit", args=[assessment.pk]),
        "strategy discussion": reverse("cases:strategy_discussion_record", args=[referral.pk]),
        "section 47 outcome": reverse("cases:section47_complete", args=[enquiry.pk]),
        "initial conference": reverse("cases:initial_conference_record", args=[enquiry.pk]),
        "review conference": reverse("cases:review_conference_record", args=[plan.pk]),
        "closure": reverse("cases:referral_close", args=[referral.pk]),
    }.items():
        page.goto(url)
        assert_accessible(page, name=name)


def test_no_factors_identified_clears_the_other_factors(page, personas):
    assessment = AssessmentFactory(
        referral=ReferralFactory(child=personas.own_child, team=personas.team)
    )
    _signed_in(page, personas.team_manager)
    page.goto(reverse("cases:assessment_edit", args=[assessment.pk]))
    neglect = page.get_by_label("Neglect", exact=True)
    neglect.check()

    page.get_by_label("No factors identified").check()

    assert not neglect.is_checked()


def test_the_assessment_form_fits_320_pixels(browser, live_server, personas, calendar):
    assessment = AssessmentFactory(
        referral=ReferralFactory(child=personas.own_child, team=personas.team)
    )
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    small = context.new_page()
    _signed_in(small, personas.social_worker)
    small.goto(reverse("cases:assessment_edit", args=[assessment.pk]))
    overflow = small.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    context.close()
    assert overflow is False


def test_a_managers_decision_reveals_the_date_only_when_authorising_and_is_accessible(
    page, personas
):
    assessment = AssessmentFactory(
        referral=ReferralFactory(child=personas.own_child, team=personas.team), submitted=True
    )
    _signed_in(page, personas.team_manager)
    page.goto(reverse("cases:allocate", args=[personas.own_child.pk]))
    assert_accessible(page, name="allocation")
    page.goto(reverse("cases:assessment_review", args=[assessment.pk]))
    day = page.get_by_label("Day")
    assert not day.is_visible()
    page.get_by_label("Authorise the assessment").check()
    assert day.is_visible()
    page.get_by_label("Reason for your decision").fill("Thorough and well evidenced.")
    page.get_by_label("Return it to the worker for more work").check()
    assert not day.is_visible()
    assert_accessible(page, name="the decision on an assessment")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your decision before recording it").wait_for()
    assert_accessible(page, name="checking the decision")
