"""Child protection: strategy discussion and section 47 enquiry, the initial conference that
starts a plan, and the review conference that ends it."""

from __future__ import annotations

import html
import re
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
    confirm,
    day,
    frozen_today,  # noqa: F401 (autouse fixture)
    record,
)
from safeguard.common.services import draft_get

STEP_DOWN = "No continuing risk: the family engaged with the plan. Stepping down to CIN."
OUTLINE = "Mother to attend the parenting course weekly; nursery place from Monday."
# Who took part, as a chair fills it in (fictional people).
TAKING_PART = {
    "agencies": ["social_care", "police", "health"],
    "other_agencies": "Early years setting",
    "report_agencies": ["education"],
    "other_report_agencies": "",
    "attendees": "Sam Testparent, mother\nPriya Testnurse, health visitor",
    "parents_participation": "attended",
    "child_participation": "advocate",
}


def _plan(core_group: date, review: date, outline: str = OUTLINE) -> dict[str, str]:
    return {
        "plan_outline": outline,
        **day("next_core_group_date", core_group),
        **day("next_review_date", review),
    }


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
    answers = {
        **day("conference_date", date(2025, 3, 13)),
        **TAKING_PART,
        "outcome": "plan",
        "category": "PHY",
        **_plan(date(2025, 3, 20), date(2025, 6, 5)),
        "chair": personas.conference_chair.worker.pk,
    }
    check_page = check_answers(client, conference_url, answers)
    page = check_page.content.decode()
    assert "Physical abuse" in page and "Chair Persona" in page
    assert not ChildProtectionPlan.objects.exists()

    response = record(client, conference_url, answers)

    recorded, follows = banner(response)
    assert recorded == "Initial conference recorded. The child protection plan has started."
    # 10 working days and 3 months from Thursday 13 March 2025.
    assert follows.startswith(
        "The first core group meeting is planned for 20 March 2025 and is due by 27 March 2025, "
        "10 working days from the conference. The first review conference is planned for 5 June "
        "2025 and is due by 13 June 2025, 3 months from the conference. Visit the child at least "
        "every "
    )
    conference = ChildProtectionConference.objects.get()
    assert (conference.kind, conference.chair) == ("initial", personas.conference_chair.worker)
    assert (
        conference.agencies_present == "Children's social care, Police, Health, Early years setting"
    )
    assert (conference.reports_from, conference.plan_outline) == ("Education", OUTLINE)
    assert (conference.parents_participation, conference.child_participation) == (
        "attended",
        "advocate",
    )
    assert (conference.next_core_group_date, conference.next_review_date) == (
        date(2025, 3, 20),
        date(2025, 6, 5),
    )
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
        **TAKING_PART,
        "chair": personas.conference_chair.worker.pk,
    }

    refused = client.post(url, {**answers, "outcome": "plan"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert '<a href="#id_category">Select the category of abuse</a>' in html
    assert '<a href="#id_plan_outline">Enter the outline plan the conference agreed</a>' in html
    assert "Enter the date of the first core group meeting" in html
    assert "Enter the date of the first review conference" in html

    # Typed under "plan", then hidden by choosing "no plan": not part of the record.
    page = check_answers(
        client,
        url,
        {
            **answers,
            "outcome": "no_plan",
            "category": "NEG",
            **_plan(date(2025, 3, 20), date(2025, 6, 5)),
        },
    ).content.decode()
    assert "Neglect" not in page and OUTLINE not in page and "20 March 2025" not in page
    confirm(client, url, check_answers(client, url, {**answers, "outcome": "no_plan"}))
    conference = ChildProtectionConference.objects.get()
    assert (conference.plan_outline, conference.next_core_group_date) == ("", None)


def test_the_initial_conference_cannot_come_before_the_enquiry_started(personas, sign_in):
    enquiry = Section47EnquiryFactory(
        strategy_discussion__referral=ReferralFactory(child=personas.own_child, team=personas.team)
    )
    client = sign_in(personas.team_manager)

    response = client.post(
        reverse("cases:initial_conference_record", args=[enquiry.pk]),
        {
            **day("conference_date", date(2025, 1, 10)),
            **TAKING_PART,
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
        **TAKING_PART,
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
            **TAKING_PART,
            "outcome": "continue_plan",
            "latest_category": "MUL",
            **_plan(date(2025, 3, 26), date(2025, 9, 12)),
            "rationale": "Typed, then hidden when 'continues' was chosen.",
        },
    )

    plan.refresh_from_db()
    assert (plan.end_date, plan.latest_category) == (None, "MUL")
    assert not ManagementDecision.objects.exists()
    review = plan.review_conferences.get()
    assert (review.next_core_group_date, review.next_review_date) == (
        date(2025, 3, 26),
        date(2025, 9, 12),
    )


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


# --- Who took part, the plan and its next dates -----------------------------------------------


def _enquiry_for(personas):
    return Section47EnquiryFactory(
        strategy_discussion__referral=ReferralFactory(child=personas.own_child, team=personas.team),
        completed=True,
    )


def test_the_conference_form_asks_who_took_part_and_reveals_the_plan_under_a_plan(
    personas, sign_in
):
    enquiry = _enquiry_for(personas)
    html = (
        sign_in(personas.conference_chair)
        .get(reverse("cases:initial_conference_record", args=[enquiry.pk]))
        .content.decode()
    )

    for name in ("agencies", "report_agencies", "parents_participation", "child_participation"):
        assert f'name="{name}"' in html
    assert 'name="attendees"' in html and "Views shared through an advocate" in html
    # The plan's questions sit inside the reveal of "The child is subject to a plan".
    revealed = html.split('id="conditional-id_outcome_0"', 1)[1].split(
        "</fieldset>\n</div>\n</div>"
    )[0]
    for name in ("category", "plan_outline", "next_core_group_date_0", "next_review_date_0"):
        assert f'name="{name}"' in revealed
    assert "Within 10 working days of the conference." in revealed


def test_missing_answers_about_who_took_part_are_shown_on_the_first_page(personas, sign_in):
    enquiry = _enquiry_for(personas)
    client = sign_in(personas.conference_chair)

    response = client.post(
        reverse("cases:initial_conference_record", args=[enquiry.pk]),
        {**day("conference_date", date(2025, 3, 13)), "outcome": "no_plan"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    for message in (
        "Select the agencies at the conference",
        "Enter who attended the conference, with their roles",
        "Select how the parents took part in the conference",
        "Select how the child took part or shared their views",
    ):
        assert message in html
    assert not ChildProtectionConference.objects.exists()


def test_planned_dates_outside_their_clocks_are_refused_on_the_first_page(personas, sign_in):
    """Thursday 13 March 2025: the first core group by 27 March (10 working days), the first
    review by 13 June (3 months)."""
    enquiry = _enquiry_for(personas)
    client = sign_in(personas.conference_chair)
    url = reverse("cases:initial_conference_record", args=[enquiry.pk])
    answers = {
        **day("conference_date", date(2025, 3, 13)),
        **TAKING_PART,
        "outcome": "plan",
        "category": "NEG",
    }

    late = client.post(url, {**answers, **_plan(date(2025, 3, 28), date(2025, 6, 14))})

    assert late.status_code == 400
    html = late.content.decode()
    assert "Check your answers" not in html
    assert (
        '<a href="#id_next_core_group_date_0">The date of the first core group meeting must be '
        "on or before 27 March 2025, 10 working days after the conference.</a>" in html
    )
    assert (
        "The date of the first review conference must be on or before 13 June 2025, 3 months "
        "after the conference." in html
    )
    same_day = client.post(url, {**answers, **_plan(date(2025, 3, 13), date(2025, 6, 13))})
    assert (
        "The date of the first core group meeting must be after 13 March 2025, the date of the "
        "conference." in same_day.content.decode()
    )
    assert not ChildProtectionConference.objects.exists()
    # On the last day of each clock it is accepted.
    check_answers(client, url, {**answers, **_plan(date(2025, 3, 27), date(2025, 6, 13))})


def test_check_your_answers_reads_back_who_took_part_and_the_plan(personas, sign_in):
    enquiry = _enquiry_for(personas)
    client = sign_in(personas.conference_chair)

    page = check_answers(
        client,
        reverse("cases:initial_conference_record", args=[enquiry.pk]),
        {
            **day("conference_date", date(2025, 3, 13)),
            **TAKING_PART,
            "outcome": "plan",
            "category": "NEG",
            **_plan(date(2025, 3, 20), date(2025, 6, 5)),
        },
    )

    answers = page.content.decode().split('id="check-answers"', 1)[1].split("</dl>", 1)[0]
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", answers)).split())
    for expected in (
        "Which agencies were at the conference? Children's social care Police Health",
        "Other agencies at the conference (optional) Early years setting",
        "Which agencies sent a report but did not attend? (optional) Education",
        "Who attended? Sam Testparent, mother Priya Testnurse, health visitor",
        "How did the parents take part? Attended",
        "How did the child take part or share their views? Views shared through an advocate",
        f"The outline child protection plan {OUTLINE}",
        "Date of the first core group meeting 20 March 2025",
        "Date of the first review conference 5 June 2025",
    ):
        assert expected in text


def test_a_review_plans_the_next_review_within_six_months_on_the_first_page(personas, sign_in):
    plan = _plan_chaired_by(personas)
    client = sign_in(personas.conference_chair)
    url = reverse("cases:review_conference_record", args=[plan.pk])
    answers = {
        **day("conference_date", date(2025, 3, 12)),
        **TAKING_PART,
        "outcome": "continue_plan",
        "latest_category": "NEG",
    }

    refused = client.post(url, {**answers, **_plan(date(2025, 3, 26), date(2025, 9, 13))})

    assert refused.status_code == 400
    assert (
        "The date of the next review conference must be on or before 12 September 2025, "
        "6 months after the conference." in refused.content.decode()
    )
    response = record(client, url, {**answers, **_plan(date(2025, 3, 26), date(2025, 9, 12))})
    recorded, follows = banner(response)
    assert recorded == "Review conference recorded. The child protection plan continues."
    assert follows == (
        "The next core group meeting is planned for 26 March 2025. The next review conference "
        "is planned for 12 September 2025 and is due by 12 September 2025, 6 months from this "
        "one."
    )


def test_the_conference_draft_keeps_who_took_part_and_the_plan(personas, sign_in):
    plan = _plan_chaired_by(personas)
    client = sign_in(personas.conference_chair)
    key = f"review-conference-{plan.pk}"

    client.post(
        f"/drafts/{key}",
        {
            "agencies": ["police"],
            "attendees": "Sam Testparent, mother",
            "outcome": "continue_plan",
            "plan_outline": "Drafting the revised plan",
            **day("next_review_date", date(2025, 9, 1)),
        },
    )

    page = client.get(reverse("cases:review_conference_record", args=[plan.pk])).content.decode()
    assert "Drafting the revised plan" in page and "Sam Testparent, mother" in page
    assert 'value="police" checked' in page or re.search(r'checked[^>]*value="police"', page)
    assert re.search(r'name="next_review_date_1"[^>]*value="9"', page) or re.search(
        r'value="9"[^>]*name="next_review_date_1"', page
    )


def test_the_core_group_form_shows_the_meeting_the_last_conference_planned(personas, sign_in):
    plan = _plan_chaired_by(personas)
    ChildProtectionConference.objects.filter(pk=plan.initial_conference_id).update(
        next_core_group_date=date(2025, 2, 12)
    )

    html = (
        sign_in(personas.team_manager)
        .get(reverse("cases:core_group_record", args=[plan.pk]))
        .content.decode()
    )

    assert "Meeting planned at the last conference" in html
    assert (
        "12 February 2025 (set at the initial child protection conference on 3 February 2025)"
        in html
    )
