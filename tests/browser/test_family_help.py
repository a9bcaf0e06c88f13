"""Family help's recording pages in a real browser (issue 16, slice 3): starting family help
from a child's record through "Check your answers", agreeing a family plan with an error
shown beside its field and nothing saved, a team around the family meeting and a review;
axe-core finds no WCAG 2.2 A/AA problem on any of them. Screenshots under docs/screenshots/
when SAFEGUARD_SCREENSHOTS=1."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from safeguard.cases.tests.factories import ReferralFactory
from safeguard.family_help.models import (
    AssessedNeed,
    FamilyHelpEpisode,
    FamilyPlan,
    FamilyPlanReview,
    TeamAroundFamilyMeeting,
)
from safeguard.family_help.tests.access_support import family_help_work, family_led_by
from safeguard.family_help.tests.factories import (
    FamilyHelpAssessmentFactory,
    FamilyPlanFactory,
    PlanOutcomeFactory,
)
from safeguard.people.tests.factories import ChildFactory

from .conftest import assert_accessible, screenshot, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page: Any, legend: str, on: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(on.day))
    group.get_by_label("Month").fill(str(on.month))
    group.get_by_label("Year").fill(str(on.year))


def press(page: Any, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def assessed_family(personas: Any) -> FamilyHelpEpisode:
    family = family_led_by(
        personas.fhp,
        team=personas.family_help_team,
        children=(ChildFactory(first_name="Ada", last_name="Example"),),
    )
    assessment = FamilyHelpAssessmentFactory(family_help=family, completed_on=date(2025, 1, 27))
    AssessedNeed.objects.create(
        assessment=assessment, area="relationships", description="Arguments before school"
    )
    return family


def test_family_help_starts_from_the_childs_record_through_check_your_answers(page, personas):
    child = personas.own_child
    signed_in(page, personas.social_worker)
    page.goto(f"/children/{child.pk}")
    panel = page.locator("[data-family-help-panel]")
    expect(panel).to_contain_text("The child has had no family help.")
    panel.get_by_role("link", name="Start family help").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start family help")
    assert_accessible(page, name="start family help")

    fill_date(page, "Date family help started", date(2025, 2, 3))
    page.get_by_label("Started by a partner").check()
    fill_date(page, "Date the family agreed to family help", date(2025, 1, 31))
    page.get_by_label("Who agreed to family help?").fill("Jo Example (mother)")
    page.get_by_label("Why does the child need help?").select_option("parenting")
    page.get_by_label("Council team with oversight").select_option(
        str(personas.family_help_team.pk)
    )
    page.get_by_label("Lead practitioner").select_option(label="Fhp Persona (Family help)")
    screenshot(page, "family-help-start")
    press(page, "Continue")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(page.locator("#check-answers")).to_contain_text("Started by a partner")
    assert_accessible(page, name="start family help: check your answers")
    screenshot(page, "family-help-start-check-answers")
    assert not FamilyHelpEpisode.objects.exists()
    press(page, "Confirm and record")

    family = FamilyHelpEpisode.objects.get()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Family help {family.reference} started"
    )
    assert family.lead_user == personas.fhp


def test_a_plan_action_with_no_one_to_do_it_is_shown_beside_its_field_and_nothing_is_saved(
    page, personas
):
    family = assessed_family(personas)
    signed_in(page, personas.fhp)
    page.goto(f"/family-help/{family.pk}/plan")
    expect(
        page.get_by_role("heading", level=2, name="Improved family relationships")
    ).to_be_visible()
    assert_accessible(page, name="agree the family plan")

    fill_date(page, "Date the family agreed the plan", date(2025, 2, 3))
    page.get_by_label("Improved family relationships: what will change").fill("Calmer mornings")
    page.get_by_label("Action 1: what will be done").fill("Parenting course")
    press(page, "Continue")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name="Enter who will do action 1")).to_have_attribute(
        "href", "#id_who_relationships_1"
    )
    expect(page.locator("#id_who_relationships_1-error")).to_contain_text(
        "Enter who will do action 1"
    )
    assert_accessible(page, name="agree the family plan: an error")
    screenshot(page, "family-help-plan-error")
    assert not FamilyPlan.objects.exists()

    page.get_by_label("Action 1: who will do it").fill("Jo Example")
    press(page, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    press(page, "Confirm and record")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The family plan is agreed")
    assert FamilyPlan.objects.get().outcomes.get().actions.get().who == "Jo Example"


def test_a_meeting_and_a_review_are_recorded(page, personas):
    family = assessed_family(personas)
    plan = FamilyPlanFactory(family_help=family)
    outcome = PlanOutcomeFactory(plan=plan, what_will_change="Calmer mornings")
    signed_in(page, personas.fhp)

    page.goto(f"/family-help/{family.pk}/meetings/new")
    assert_accessible(page, name="record a team around the family meeting")
    fill_date(page, "Date of the meeting", date(2025, 3, 10))
    page.get_by_label("Review", exact=True).check()
    page.get_by_label("Person 1: name").fill("Jo Example")
    page.get_by_label("Person 1 is a member of the family").check()
    page.get_by_label("Person 1: did they attend?").select_option("attended")
    screenshot(page, "family-help-meeting")
    press(page, "Continue")
    press(page, "Confirm and record")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Team around the family meeting recorded"
    )
    assert TeamAroundFamilyMeeting.objects.get().attendees.get().is_family_member

    page.goto(f"/family-help/{family.pk}/plans/{plan.pk}/review")
    assert_accessible(page, name="review the family plan")
    fill_date(page, "Date of the review", date(2025, 3, 10))
    page.get_by_role("group", name="Progress").get_by_label("Some progress").check()
    page.get_by_label("The meeting it was held at").select_option(index=1)
    screenshot(page, "family-help-review")
    press(page, "Continue")
    press(page, "Confirm and record")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Plan review recorded")
    review = FamilyPlanReview.objects.get()
    assert review.progress.get().outcome == outcome


def test_a_child_steps_down_from_the_childs_record_through_check_your_answers(page, personas):
    child = personas.own_child
    ReferralFactory(
        child=child,
        team=personas.team,
        referral_date=date(2024, 11, 4),
        closure_date=date(2025, 1, 31),
        closure_reason="RC9",
    )
    signed_in(page, personas.social_worker)
    page.goto(f"/children/{child.pk}")
    page.locator("[data-family-help-panel]").get_by_role(
        "link", name="Step down to family help from the referral of 4 November 2024"
    ).click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Step down to family help")
    assert_accessible(page, name="step down to family help")

    fill_date(page, "Date family help started", date(2025, 1, 30))
    fill_date(page, "Date the family agreed to family help", date(2025, 1, 30))
    page.get_by_label("Who agreed to family help?").fill("Jo Example (mother)")
    page.get_by_label("Why does the child need help?").select_option("parenting")
    page.get_by_label("Council team with oversight").select_option(
        str(personas.family_help_team.pk)
    )
    press(page, "Continue")
    # Before the referral closed: refused beside the start date, nothing saved.
    expect(page.locator("#id_started_on-error")).to_contain_text(
        "Family help must start on or after 31 January 2025"
    )
    assert_accessible(page, name="step down to family help: refused")
    assert not FamilyHelpEpisode.objects.exists()

    fill_date(page, "Date family help started", date(2025, 2, 3))
    press(page, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    assert_accessible(page, name="step down to family help: check your answers")
    screenshot(page, "family-help-step-down-check-answers")
    press(page, "Confirm and record")

    family = FamilyHelpEpisode.objects.get()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"has stepped down to family help {family.reference}"
    )
    assert family.start_route == "step_down"


def test_a_partner_lead_lands_on_your_families_and_reads_only_the_family_s_help(page, personas):
    family = family_led_by(
        personas.partner_lead,
        team=personas.family_help_team,
        children=(ChildFactory(first_name="Ada", last_name="Example"),),
    )
    family_help_work(family)
    signed_in(page, personas.partner_lead)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your families")
    assert_accessible(page, name="your families (a partner lead)")
    screenshot(page, "family-help-your-families")

    page.get_by_role("link", name=family.reference).click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(family.reference)
    # The family's help only: no link to any child's social care record.
    expect(page.locator(".govuk-inset-text")).to_contain_text("family's help only")
    assert page.locator("a[href^='/children/']").count() == 0
    assert_accessible(page, name="the family's page (a partner lead)")
    screenshot(page, "family-help-family-page")
