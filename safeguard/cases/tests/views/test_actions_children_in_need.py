"""Child in need plans and core group meetings recorded through their pages: the one flow
(form, check your answers, confirm), what follows, who may open them, and refusals shown on
the form with nothing written.

Time is frozen at noon on Friday 14 March 2025 (test_actions.frozen_today); the factories'
referral opened on Monday 6 January 2025 and the protection plan on Monday 3 February.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from safeguard.audit.models import AuditEntry
from safeguard.cases.models import ChildInNeedPlan, ChildInNeedPlanReview, CoreGroupMeeting
from safeguard.cases.tests.factories import (
    ChildInNeedPlanFactory,
    ChildProtectionPlanFactory,
    CoreGroupMeetingFactory,
    ReferralFactory,
)
from safeguard.cases.tests.views.test_actions import (
    banner,
    check_answers,
    day,
    frozen_today,  # noqa: F401 (autouse fixture)
    record,
)

pytestmark = pytest.mark.django_db
NOTES = "Mother, health visitor, school, social worker. Agreed: nursery place from Monday."


def _referral(personas):
    return ReferralFactory(child=personas.own_child, team=personas.team)


def _plan(personas):
    return ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=_referral(personas)
    )


# --- Starting a plan ---------------------------------------------------------------------------


def test_the_allocated_worker_starts_a_plan_after_checking_and_is_told_when_it_is_reviewed(
    personas, sign_in
):
    referral = _referral(personas)
    client = sign_in(personas.social_worker)
    url = reverse("cases:cin_plan_start", args=[referral.pk])

    page = check_answers(client, url, day("start_date", date(2025, 3, 10))).content.decode()
    assert "Date the plan started" in page and "10 March 2025" in page
    assert not ChildInNeedPlan.objects.exists()  # nothing until confirmed

    response = record(client, url, day("start_date", date(2025, 3, 10)))

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:child_record", args=[personas.own_child.pk])
    # The authority's own lengths: 3 months to the first review, visits every 20 working days.
    assert banner(response) == [
        "Child in need plan started",
        "The first review of the plan is due by 10 June 2025, 3 months from the start of the "
        "plan. Visit the child at least every 20 working days.",
    ]
    plan = ChildInNeedPlan.objects.get()
    assert (plan.child, plan.referral, plan.start_date) == (
        personas.own_child,
        referral,
        date(2025, 3, 10),
    )
    assert AuditEntry.objects.filter(action="create", object_type="cases.childinneedplan").exists()


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (
            date(2025, 1, 3),
            "The start date must be on or after 6 January 2025, the date the referral was "
            "accepted.",
        ),
        (
            date(2025, 3, 17),
            "The start date cannot be in the future: enter today&#x27;s date or an earlier one.",
        ),
    ],
    ids=["before the referral", "in the future"],
)
def test_a_start_date_the_service_would_refuse_is_shown_on_the_first_page(
    personas, sign_in, start, message
):
    referral = _referral(personas)
    client = sign_in(personas.social_worker)

    response = client.post(
        reverse("cases:cin_plan_start", args=[referral.pk]), day("start_date", start)
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert "Check your answers" not in page
    assert not ChildInNeedPlan.objects.exists()


def test_a_plan_is_refused_on_the_form_for_a_child_on_a_protection_plan(personas, sign_in):
    plan = _plan(personas)
    client = sign_in(personas.social_worker)

    response = client.post(
        reverse("cases:cin_plan_start", args=[plan.referral_id]),
        day("start_date", date(2025, 3, 10)),
    )

    assert response.status_code == 400
    assert "The child is on a child protection plan" in response.content.decode()
    assert not ChildInNeedPlan.objects.exists()


def test_a_date_that_is_not_real_gets_the_govuk_message_and_keeps_what_was_typed(personas, sign_in):
    referral = _referral(personas)
    client = sign_in(personas.social_worker)
    typed = {"start_date_0": "31", "start_date_1": "2", "start_date_2": "2025"}

    response = client.post(reverse("cases:cin_plan_start", args=[referral.pk]), typed)

    assert response.status_code == 400
    page = response.content.decode()
    assert '<a href="#id_start_date_0">The date the plan started must be a real date</a>' in page
    assert 'value="31"' in page
    assert not ChildInNeedPlan.objects.exists()


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("social_worker", 200),
        ("team_manager", 200),
        ("head_of_service", 200),
        ("other_worker", 404),
        ("front_door_worker", 403),
        ("conference_chair", 403),
        ("auditor", 403),
    ],
)
def test_who_may_open_the_pages_for_a_plan(personas, sign_in, user, status):
    referral = _referral(personas)
    cin_plan = ChildInNeedPlanFactory(referral=referral)
    plan = _plan(personas)
    client = sign_in(getattr(personas, user))

    for url in (
        reverse("cases:cin_plan_start", args=[referral.pk]),
        reverse("cases:cin_plan_review", args=[cin_plan.pk]),
        reverse("cases:cin_plan_end", args=[cin_plan.pk]),
        reverse("cases:core_group_record", args=[plan.pk]),
    ):
        assert client.get(url).status_code == status, url


def test_another_teams_worker_cannot_post_a_plan_either(personas, sign_in):
    referral = _referral(personas)

    response = sign_in(personas.other_worker).post(
        reverse("cases:cin_plan_start", args=[referral.pk]),
        day("start_date", date(2025, 3, 10)),
    )

    assert response.status_code == 404
    assert not ChildInNeedPlan.objects.exists()


# --- Reviewing and ending it -----------------------------------------------------------------


def test_a_review_that_continues_the_plan_sets_the_next_review(personas, sign_in):
    plan = ChildInNeedPlanFactory(referral=_referral(personas))  # from 17 February 2025
    client = sign_in(personas.social_worker)

    response = record(
        client,
        reverse("cases:cin_plan_review", args=[plan.pk]),
        {**day("review_date", date(2025, 3, 13)), "outcome": "continue"},
    )

    assert banner(response) == [
        "Review recorded. The child in need plan continues.",
        "The next review of the plan is due by 13 June 2025, 3 months from this one.",
    ]
    assert ChildInNeedPlanReview.objects.get().review_date == date(2025, 3, 13)
    plan.refresh_from_db()
    assert plan.end_date is None


def test_a_review_that_ends_the_plan_ends_it_that_day(personas, sign_in):
    plan = ChildInNeedPlanFactory(referral=_referral(personas))
    client = sign_in(personas.team_manager)

    response = record(
        client,
        reverse("cases:cin_plan_review", args=[plan.pk]),
        {**day("review_date", date(2025, 3, 13)), "outcome": "end"},
    )

    recorded, follows = banner(response)
    assert recorded == "Review recorded. The child in need plan has ended."
    assert follows.startswith("If the child needs no more support")
    plan.refresh_from_db()
    assert plan.end_date == date(2025, 3, 13)


def test_a_review_before_the_plan_started_or_with_no_decision_is_refused_on_the_form(
    personas, sign_in
):
    plan = ChildInNeedPlanFactory(referral=_referral(personas))  # from 17 February 2025
    client = sign_in(personas.social_worker)

    response = client.post(
        reverse("cases:cin_plan_review", args=[plan.pk]), day("review_date", date(2025, 2, 14))
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "The review date must be on or after 17 February 2025, the date the plan started." in page
    )
    assert '<a href="#id_outcome_0">Select what the review decided</a>' in page
    assert not ChildInNeedPlanReview.objects.exists()


def test_an_ended_plan_cannot_be_reviewed_by_its_address(personas, sign_in):
    plan = ChildInNeedPlanFactory(referral=_referral(personas), end_date=date(2025, 3, 3))
    client = sign_in(personas.social_worker)

    response = client.post(
        reverse("cases:cin_plan_review", args=[plan.pk]),
        {**day("review_date", date(2025, 3, 13)), "outcome": "continue"},
    )

    assert response.status_code == 400
    assert "This child in need plan ended on 3 March 2025." in response.content.decode()
    assert not ChildInNeedPlanReview.objects.exists()


def test_a_plan_is_ended_on_a_date_and_not_before_it_started(personas, sign_in):
    plan = ChildInNeedPlanFactory(referral=_referral(personas))  # from 17 February 2025
    client = sign_in(personas.social_worker)
    url = reverse("cases:cin_plan_end", args=[plan.pk])

    refused = client.post(url, day("end_date", date(2025, 2, 10)))
    assert refused.status_code == 400
    assert (
        "The end date must be on or after 17 February 2025, the date the plan started."
        in refused.content.decode()
    )
    plan.refresh_from_db()
    assert plan.end_date is None

    response = record(client, url, day("end_date", date(2025, 3, 12)))

    assert banner(response)[0] == "Child in need plan ended"
    plan.refresh_from_db()
    assert plan.end_date == date(2025, 3, 12)


# --- Core group meetings ---------------------------------------------------------------------


def test_the_first_core_group_is_recorded_with_who_attended_and_whether_it_was_in_time(
    personas, sign_in
):
    plan = _plan(personas)  # from Monday 3 February 2025: due by Monday 17 February
    client = sign_in(personas.social_worker)
    url = reverse("cases:core_group_record", args=[plan.pk])
    answers = {**day("meeting_date", date(2025, 2, 14)), "notes": NOTES}

    page = check_answers(client, url, answers).content.decode()
    assert "Who attended and what was agreed" in page and "nursery place" in page

    response = record(client, url, answers)

    recorded, follows = banner(response)
    assert recorded == "Core group meeting recorded"
    assert follows == (
        "This was the plan's first core group meeting, held in time: it was due by 17 February "
        "2025, 10 working days from the initial conference."
    )
    meeting = CoreGroupMeeting.objects.get()
    assert (meeting.plan, meeting.meeting_date, meeting.notes) == (plan, date(2025, 2, 14), NOTES)


def test_a_later_core_group_shows_the_last_one_and_reports_no_clock(personas, sign_in):
    plan = _plan(personas)
    CoreGroupMeetingFactory(plan=plan, meeting_date=date(2025, 2, 12))
    client = sign_in(personas.social_worker)
    url = reverse("cases:core_group_record", args=[plan.pk])

    assert "12 February 2025" in client.get(url).content.decode()
    response = record(client, url, {**day("meeting_date", date(2025, 3, 12)), "notes": NOTES})

    assert banner(response) == ["Core group meeting recorded"]
    assert CoreGroupMeeting.objects.count() == 2


def test_a_core_group_needs_its_notes_and_a_date_in_the_plan(personas, sign_in):
    plan = _plan(personas)
    client = sign_in(personas.social_worker)

    response = client.post(
        reverse("cases:core_group_record", args=[plan.pk]),
        {**day("meeting_date", date(2025, 1, 31)), "notes": "  "},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert '<a href="#id_notes">Enter who attended and what was agreed</a>' in page
    assert (
        "The meeting date must be on or after 3 February 2025, the date the plan started." in page
    )
    assert not CoreGroupMeeting.objects.exists()


# --- What the record offers ------------------------------------------------------------------


def test_the_record_offers_the_plans_steps_only_when_the_rules_allow(personas, sign_in):
    referral = _referral(personas)
    client = sign_in(personas.social_worker)
    record_url = reverse("cases:child_record", args=[personas.own_child.pk])
    start = reverse("cases:cin_plan_start", args=[referral.pk])

    assert "Start a child in need plan" in client.get(record_url).content.decode()

    plan = ChildInNeedPlanFactory(referral=referral)
    page = client.get(record_url).content.decode()
    assert start not in page  # one open plan at a time
    assert reverse("cases:cin_plan_review", args=[plan.pk]) in page
    assert reverse("cases:cin_plan_end", args=[plan.pk]) in page
    assert "Record a core group meeting" not in page

    ChildInNeedPlan.objects.filter(pk=plan.pk).update(end_date=date(2025, 3, 3))
    protection = ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=referral,
        start_date=date(2025, 3, 3),
        initial_conference__conference_date=date(2025, 3, 3),
    )
    page = client.get(record_url).content.decode()
    assert reverse("cases:core_group_record", args=[protection.pk]) in page
    assert start not in page  # not alongside a protection plan
    assert "Review the child in need plan" not in page
