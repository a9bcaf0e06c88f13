"""Child protection: strategy discussion and section 47 enquiry, the initial conference that
starts a plan, and the review conference that ends it."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from safeguard.cases.models import (
    ChildProtectionConference,
    ChildProtectionPlan,
    ManagementDecision,
    Section47Enquiry,
    StrategyDiscussion,
)
from safeguard.cases.tests.factories import (
    ChildProtectionPlanFactory,
    ReferralFactory,
    Section47EnquiryFactory,
)
from safeguard.cases.tests.views.test_actions import (
    banner,
    check_answers,
    day,
    frozen_today,  # noqa: F401 (autouse fixture)
    record,
)
from safeguard.common.services import draft_get

STEP_DOWN = "No continuing risk: the family engaged with the plan. Stepping down to CIN."


def test_a_strategy_discussion_starts_an_enquiry_that_leads_to_a_conference_and_a_plan(
    personas, sign_in
):
    referral = ReferralFactory(child=personas.own_child, team=personas.team)
    client = sign_in(personas.team_manager)

    response = record(
        client,
        reverse("cases:strategy_discussion_record", args=[referral.pk]),
        {
            **day("discussion_date", date(2025, 3, 3)),
            "agencies": ["social_care", "police", "health"],
            "other_agencies": "School nurse",
            "section47_started": "yes",
            "rationale": "Injury unexplained; reasonable cause to suspect significant harm.",
        },
    )
    # What follows, from the clocks: 15 working days from Monday 3 March 2025.
    assert banner(response) == [
        "Strategy discussion recorded. The section 47 enquiry has started.",
        "If the enquiry finds the child is at continuing risk of significant harm, the initial "
        "child protection conference is due by 24 March 2025, 15 working days from the strategy "
        "discussion.",
    ]
    discussion = StrategyDiscussion.objects.get()
    assert discussion.agencies_present == "Children's social care, Police, Health, School nurse"
    enquiry = Section47Enquiry.objects.get()
    assert enquiry.start_date == date(2025, 3, 3)

    record(
        client,
        reverse("cases:section47_complete", args=[enquiry.pk]),
        {
            **day("completed_date", date(2025, 3, 7)),
            "outcome": "substantiated_at_risk",
            "conference_required": "yes",
        },
    )
    enquiry.refresh_from_db()
    assert (enquiry.completed_date, enquiry.conference_required) == (date(2025, 3, 7), True)

    # A manager records the conference and names who chaired it.
    conference_url = reverse("cases:initial_conference_record", args=[enquiry.pk])
    check_page = check_answers(
        client,
        conference_url,
        {
            **day("conference_date", date(2025, 3, 13)),
            "outcome": "plan",
            "category": "PHY",
            "chair": personas.conference_chair.worker.pk,
        },
    )
    page = check_page.content.decode()
    assert "Physical abuse" in page and "Chair Persona" in page
    assert not ChildProtectionPlan.objects.exists()

    response = record(
        client,
        conference_url,
        {
            **day("conference_date", date(2025, 3, 13)),
            "outcome": "plan",
            "category": "PHY",
            "chair": personas.conference_chair.worker.pk,
        },
    )

    recorded, follows = banner(response)
    assert recorded == "Initial conference recorded. The child protection plan has started."
    # 10 working days and 3 months from Thursday 13 March 2025.
    assert follows.startswith(
        "The first core group meeting is due by 27 March 2025, 10 working days from the "
        "conference. The first review conference is due by 13 June 2025, 3 months from the "
        "conference. Visit the child at least every "
    )
    conference = ChildProtectionConference.objects.get()
    assert (conference.kind, conference.chair) == ("initial", personas.conference_chair.worker)
    plan = ChildProtectionPlan.objects.get()
    assert (plan.start_date, plan.initial_category, plan.initial_conference) == (
        date(2025, 3, 13),
        "PHY",
        conference,
    )


def test_a_plan_decision_needs_the_category_it_reveals_but_no_plan_does_not(personas, sign_in):
    enquiry = Section47EnquiryFactory(
        strategy_discussion__referral=ReferralFactory(child=personas.own_child, team=personas.team),
        completed=True,
    )
    client = sign_in(personas.team_manager)
    url = reverse("cases:initial_conference_record", args=[enquiry.pk])
    answers = {
        **day("conference_date", date(2025, 3, 13)),
        "chair": personas.conference_chair.worker.pk,
    }

    refused = client.post(url, {**answers, "outcome": "plan"})
    assert refused.status_code == 400
    assert '<a href="#id_category">Select the category of abuse</a>' in refused.content.decode()

    page = check_answers(client, url, {**answers, "outcome": "no_plan", "category": "NEG"})
    assert "Neglect" not in page.content.decode()


def test_the_initial_conference_cannot_come_before_the_enquiry_started(personas, sign_in):
    enquiry = Section47EnquiryFactory(
        strategy_discussion__referral=ReferralFactory(child=personas.own_child, team=personas.team)
    )
    client = sign_in(personas.team_manager)

    response = client.post(
        reverse("cases:initial_conference_record", args=[enquiry.pk]),
        {
            **day("conference_date", date(2025, 1, 10)),
            "outcome": "no_plan",
            "chair": personas.conference_chair.worker.pk,
        },
    )

    assert response.status_code == 400
    # Refused on the form itself, saying the first date it may be.
    assert (
        "The conference date must be on or after 13 January 2025, the date the section 47 "
        "enquiry started." in response.content.decode()
    )
    assert not ChildProtectionConference.objects.exists()


def _plan_chaired_by(personas):
    """An open plan from 3 February 2025 whose initial conference the chair persona chaired,
    which is how a chair comes to see the child."""
    return ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=ReferralFactory(
            child=personas.own_child, team=personas.team
        ),
        initial_conference__chair=personas.conference_chair.worker,
    )


def test_a_chair_ends_a_plan_at_review_with_the_reasons_for_stepping_down(personas, sign_in):
    plan = _plan_chaired_by(personas)
    client = sign_in(personas.conference_chair)
    url = reverse("cases:review_conference_record", args=[plan.pk])
    form = client.get(url).content.decode()
    assert 'name="chair"' not in form  # the signed-in chair chaired it
    answers = {
        **day("conference_date", date(2025, 3, 12)),
        "outcome": "end_plan",
        "latest_category": "NEG",
    }

    refused = client.post(url, answers)
    assert refused.status_code == 400
    assert "Enter why the plan ends" in refused.content.decode()

    response = record(client, url, {**answers, "rationale": STEP_DOWN})

    recorded, follows = banner(response)
    assert recorded == "Review conference recorded. The child protection plan has ended."
    assert follows.startswith("If the child still needs support, a child in need plan follows")
    plan.refresh_from_db()
    assert plan.end_date == date(2025, 3, 12)
    review = plan.review_conferences.get()
    assert (review.outcome, review.chair) == ("end_plan", personas.conference_chair.worker)
    decision = ManagementDecision.objects.get()
    assert (decision.kind, decision.rationale, decision.decided_by) == (
        "step_down",
        STEP_DOWN,
        personas.conference_chair.worker,
    )


def test_a_review_that_continues_the_plan_can_change_its_category(personas, sign_in):
    plan = _plan_chaired_by(personas)
    client = sign_in(personas.conference_chair)
    url = reverse("cases:review_conference_record", args=[plan.pk])

    record(
        client,
        url,
        {
            **day("conference_date", date(2025, 3, 12)),
            "outcome": "continue_plan",
            "latest_category": "MUL",
            "rationale": "Typed, then hidden when 'continues' was chosen.",
        },
    )

    plan.refresh_from_db()
    assert (plan.end_date, plan.latest_category) == (None, "MUL")
    assert not ManagementDecision.objects.exists()


def test_the_review_conference_form_is_saved_as_a_draft_and_restored(personas, sign_in):
    plan = _plan_chaired_by(personas)
    client = sign_in(personas.conference_chair)
    url = reverse("cases:review_conference_record", args=[plan.pk])
    key = f"review-conference-{plan.pk}"

    client.post(f"/drafts/{key}", {"outcome": "end_plan", "rationale": "Drafting the reasons"})

    page = client.get(url).content.decode()
    assert "We restored the draft you were writing." in page
    assert "Drafting the reasons" in page and 'value="end_plan" checked' in page
    assert draft_get(user=personas.conference_chair, form_key=key) is not None


def test_a_chair_cannot_record_a_review_of_a_plan_they_cannot_see(personas, sign_in):
    # Chairs serve the whole authority, but a restricted record stays closed to them.
    plan = ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=ReferralFactory(
            child=personas.restricted_child, team=personas.team
        )
    )

    response = sign_in(personas.conference_chair).get(
        reverse("cases:review_conference_record", args=[plan.pk])
    )

    assert response.status_code == 404


def test_the_long_protection_forms_save_drafts_as_they_are_typed(personas, sign_in):
    referral = ReferralFactory(child=personas.own_child, team=personas.team)
    plan = ChildProtectionPlanFactory(
        child=personas.own_child,
        initial_conference__section47_enquiry__strategy_discussion__referral=referral,
    )
    client = sign_in(personas.team_manager)

    strategy = client.get(reverse("cases:strategy_discussion_record", args=[referral.pk]))
    core_group = client.get(reverse("cases:core_group_record", args=[plan.pk]))

    assert f'hx-post="/drafts/strategy-discussion-{referral.pk}"' in strategy.content.decode()
    assert f'hx-post="/drafts/core-group-{plan.pk}"' in core_group.content.decode()
