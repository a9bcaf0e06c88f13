"""Steps only in sequence: the record offers the next valid steps only (asked of
`workflow.next_steps`), a date the service would refuse is refused on the form's first page
with a message saying the first date it may be, and the record says what follows an outcome.

Time is frozen at noon on Friday 14 March 2025.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from safeguard.cases.models import Assessment, ManagementDecision
from safeguard.cases.tests.factories import (
    AssessmentFactory,
    ChildProtectionPlanFactory,
    ReferralFactory,
    assessment_sections,
)
from safeguard.cases.tests.views.test_actions import (
    TOKEN,
    banner,
    check_answers,
    confirm,
    day,
    frozen_today,  # noqa: F401 (autouse fixture)
)
from safeguard.cases.tests.views.test_team_actions import error_summary

pytestmark = pytest.mark.django_db

ACCEPTED = date(2025, 3, 3)


def record_page(client: Any, child: Any) -> str:
    response = client.get(reverse("cases:child_record", args=[child.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- The record offers the next valid steps only ------------------------------------------------


def test_the_record_no_longer_offers_an_assessment_once_the_referrals_is_authorised(
    personas, sign_in
):
    referral = ReferralFactory(child=personas.own_child, team=personas.team)
    client = sign_in(personas.team_manager)
    start = reverse("cases:assessment_start", args=[referral.pk])
    assert "Start an assessment" in record_page(client, personas.own_child)

    AssessmentFactory(referral=referral, authorised=True)
    page = record_page(client, personas.own_child)

    assert start not in page and "Start an assessment" not in page
    # What the outcome leads to is still offered: closing once the work is done.
    assert reverse("cases:referral_close", args=[referral.pk]) in page


def test_starting_a_second_assessment_by_its_address_is_refused_and_says_why(personas, sign_in):
    referral = ReferralFactory(child=personas.own_child, team=personas.team)
    AssessmentFactory(referral=referral, authorised=True)  # authorised 12 February 2025
    client = sign_in(personas.social_worker)
    url = reverse("cases:assessment_start", args=[referral.pk])
    token = TOKEN.search(client.get(url).content.decode())
    assert token is not None

    response = client.post(
        url, {**day("start_date", date(2025, 3, 14)), "submission_token": token.group(1)}
    )

    assert response.status_code == 400
    [message] = error_summary(response.content.decode())
    assert message.startswith("The assessment in this referral was authorised on 12 February 2025.")
    assert Assessment.objects.count() == 1


def test_a_submitted_assessment_is_offered_to_the_manager_not_for_the_worker_to_change(
    personas, sign_in
):
    referral = ReferralFactory(child=personas.own_child, team=personas.team)
    assessment = AssessmentFactory(referral=referral, submitted=True)

    worker = record_page(sign_in(personas.social_worker), personas.own_child)
    manager = record_page(sign_in(personas.team_manager), personas.own_child)

    assert reverse("cases:assessment_edit", args=[assessment.pk]) not in worker
    assert reverse("cases:assessment_review", args=[assessment.pk]) in manager
    # Work is open in the referral: it cannot close yet, so closing is not offered.
    assert reverse("cases:referral_close", args=[referral.pk]) not in manager


# --- Dates refused on the first page -------------------------------------------------------------


def _assessment_in_referral_accepted_3_march(personas: Any) -> Assessment:
    referral = ReferralFactory(child=personas.own_child, team=personas.team, referral_date=ACCEPTED)
    return AssessmentFactory(referral=referral, start_date=date(2025, 3, 4))


def _completed(**changes: Any) -> dict[str, Any]:
    return {
        **day("child_seen_date", date(2025, 3, 11)),
        "factors": ["16A"],
        "outcome": "child_in_need_plan",
        **assessment_sections(),
        **changes,
    }


def test_a_child_seen_before_the_referral_was_accepted_is_refused_on_the_first_page(
    personas, sign_in
):
    assessment = _assessment_in_referral_accepted_3_march(personas)
    client = sign_in(personas.social_worker)
    url = reverse("cases:assessment_edit", args=[assessment.pk])

    # Eleven months before the referral was accepted.
    response = client.post(url, _completed(**day("child_seen_date", date(2024, 4, 2))))

    html = response.content.decode()
    assert response.status_code == 400 and "Check your answers" not in html
    message = (
        "The date the child was seen must be on or after 3 March 2025, the date the referral "
        "was accepted."
    )
    assert error_summary(html) == [message]
    inline = html.split('id="id_child_seen_date-error"', 1)[1].split("</p>", 1)[0]
    assert "3 March 2025, the date the referral" in inline
    assessment.refresh_from_db()
    assert assessment.submitted_date is None and assessment.child_seen_date is None


def test_a_bad_date_is_shown_with_the_forms_other_errors_at_once(personas, sign_in):
    assessment = _assessment_in_referral_accepted_3_march(personas)
    client = sign_in(personas.social_worker)
    url = reverse("cases:assessment_edit", args=[assessment.pk])

    response = client.post(
        url, _completed(**day("child_seen_date", date(2024, 4, 2)), analysis="", outcome="")
    )

    errors = error_summary(response.content.decode())
    assert len(errors) == 3
    assert "Select what the assessment concluded" in errors
    assert "Enter your analysis." in errors
    assert any(e.startswith("The date the child was seen must be on or after") for e in errors)


def test_a_child_seen_from_the_referral_on_goes_on_to_check_your_answers(personas, sign_in):
    assessment = _assessment_in_referral_accepted_3_march(personas)
    client = sign_in(personas.social_worker)
    url = reverse("cases:assessment_edit", args=[assessment.pk])

    check_answers(client, url, _completed(**day("child_seen_date", ACCEPTED)))


def _awaiting_authorisation(personas: Any) -> Assessment:
    assessment = _assessment_in_referral_accepted_3_march(personas)
    assessment.submitted_date = date(2025, 3, 12)
    assessment.child_seen_date = date(2025, 3, 11)
    assessment.factors = ["16A"]
    assessment.outcome = "child_in_need_plan"
    assessment.save()
    return assessment


def _decision(on: date) -> dict[str, str]:
    return {
        "decision": "authorise",
        **day("authorised_date", on),
        "rationale": "Thorough; the plan addresses the neglect identified.",
    }


def _checked(client: Any, url: str, answers: dict[str, str]) -> Any:
    """The manager's decision, posted and read back on "Check your decision"."""
    response = client.post(url, answers)
    assert response.status_code == 200 and "Check your decision" in response.content.decode()
    return response


def test_an_authorisation_before_the_start_is_refused_on_the_first_page(personas, sign_in):
    assessment = _awaiting_authorisation(personas)  # started 4 March, completed 12 March
    client = sign_in(personas.team_manager)
    url = reverse("cases:assessment_review", args=[assessment.pk])

    response = client.post(url, _decision(date(2025, 3, 1)))

    html = response.content.decode()
    assert response.status_code == 400 and "Check your decision" not in html
    assert error_summary(html) == [
        "The authorisation date must be on or after 12 March 2025, the date the assessment was "
        "completed."
    ]
    assert 'id="id_authorised_date-error"' in html
    assessment.refresh_from_db()
    assert assessment.authorised_date is None
    assert not ManagementDecision.objects.exists()


# --- What follows an outcome ----------------------------------------------------------------------


def test_authorising_a_child_in_need_plan_for_a_child_on_a_protection_plan_says_none_is_needed(
    personas, sign_in
):
    assessment = _awaiting_authorisation(personas)
    ChildProtectionPlanFactory(  # since 3 February 2025
        initial_conference__section47_enquiry__strategy_discussion__referral=assessment.referral,
    )
    client = sign_in(personas.team_manager)
    url = reverse("cases:assessment_review", args=[assessment.pk])

    response = confirm(client, url, _checked(client, url, _decision(date(2025, 3, 14))))

    assert banner(response) == [
        "Own Child's assessment is authorised",
        "The child is on a child protection plan (since 3 February 2025): a child in need plan is "
        "not needed while that plan lasts. If a review conference ends the plan, a child in "
        "need plan can follow.",
    ]
    page = client.get(response["Location"]).content.decode()
    assert "a child in need plan is not needed while that plan lasts" in page


def test_authorising_a_child_in_need_plan_says_the_plan_follows_with_its_review(personas, sign_in):
    assessment = _awaiting_authorisation(personas)
    client = sign_in(personas.team_manager)
    url = reverse("cases:assessment_review", args=[assessment.pk])

    response = confirm(client, url, _checked(client, url, _decision(date(2025, 3, 14))))

    said = banner(response)
    assert said[0] == "Own Child's assessment is authorised"
    assert said[1].startswith("Next, a child in need plan with the family.")


def test_returning_an_assessment_says_nothing_follows_from_an_outcome(personas, sign_in):
    assessment = _awaiting_authorisation(personas)
    client = sign_in(personas.team_manager)
    url = reverse("cases:assessment_review", args=[assessment.pk])
    answers = {"decision": "return", "rationale": "Speak to the school before deciding."}

    response = confirm(client, url, _checked(client, url, answers))

    assert banner(response) == ["Own Child's assessment is returned to the worker"]
