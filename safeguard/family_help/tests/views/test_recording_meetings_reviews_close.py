"""Recording a team around the family meeting with who was asked, a review of the plan with
progress on each outcome, and closing family help with its reason."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from safeguard.family_help.models import (
    EarlyHelpEpisode,
    FamilyHelpEpisode,
    FamilyPlanReview,
    LeadPractitioner,
    MeetingAttendee,
    OutcomeProgress,
    TeamAroundFamilyMeeting,
)
from safeguard.family_help.tests.factories import (
    FamilyPlanFactory,
    PlanActionFactory,
    PlanOutcomeFactory,
)
from safeguard.family_help.tests.views.recording_support import (
    banner,
    check_answers,
    day,
    family_of,
    frozen_today,  # noqa: F401 (autouse)
    record,
    refused,
)

pytestmark = pytest.mark.django_db


# --- A team around the family meeting ---------------------------------------------------------


def test_a_meeting_is_recorded_with_who_was_asked_and_whether_they_came(personas, sign_in):
    family = family_of(personas)
    client = sign_in(personas.fhp)
    url = reverse("family_help:meeting_record", args=[family.pk])
    answers = {
        **day("held_on", date(2025, 3, 10)),
        "kind": "initial",
        "decisions": "Start the parenting course.",
        "name_1": "Jo Example",
        "family_member_1": "on",
        "attendance_1": "attended",
        "name_2": "Sam Teacher",
        "role_2": "Class teacher",
        "agency_2": "Northbridge Primary",
        "attendance_2": "apologies",
    }
    check = check_answers(client, url, answers).content.decode()
    assert "Person 3: name" not in check  # rows left blank are not read back

    response = record(client, url, answers)

    assert banner(response) == ["Team around the family meeting recorded"]
    meeting = TeamAroundFamilyMeeting.objects.get()
    assert (meeting.held_on, meeting.kind, meeting.decisions) == (
        date(2025, 3, 10),
        "initial",
        "Start the parenting course.",
    )
    assert list(
        MeetingAttendee.objects.order_by("pk").values_list(
            "name", "role", "agency", "is_family_member", "attendance"
        )
    ) == [
        ("Jo Example", "", "", True, "attended"),
        ("Sam Teacher", "Class teacher", "Northbridge Primary", False, "apologies"),
    ]


def test_a_person_asked_needs_a_name_and_whether_they_came(personas, sign_in):
    family = family_of(personas)
    html = refused(
        sign_in(personas.fhp).post(
            reverse("family_help:meeting_record", args=[family.pk]),
            {**day("held_on", date(2025, 3, 10)), "kind": "review", "role_1": "Health visitor"},
        )
    )
    assert "Enter the name of person 1" in html
    assert "Select whether person 1 attended" in html
    assert not TeamAroundFamilyMeeting.objects.exists()


def test_a_meeting_in_the_future_is_refused(personas, sign_in):
    family = family_of(personas)
    html = refused(
        sign_in(personas.fhp).post(
            reverse("family_help:meeting_record", args=[family.pk]),
            {
                **day("held_on", date(2025, 5, 1)),
                "kind": "review",
                "name_1": "Jo Example",
                "attendance_1": "attended",
            },
        )
    )
    assert "future" in html
    assert not TeamAroundFamilyMeeting.objects.exists()


# --- A review of the plan ---------------------------------------------------------------------


@pytest.fixture
def planned(personas):
    family = family_of(personas)
    plan = FamilyPlanFactory(family_help=family)
    calmer = PlanOutcomeFactory(plan=plan, what_will_change="Calmer mornings")
    housing = PlanOutcomeFactory(plan=plan, area="housing", what_will_change="A dry bedroom")
    return family, plan, calmer, housing


def test_a_review_records_progress_on_each_outcome_and_the_next_review(personas, sign_in, planned):
    family, plan, calmer, housing = planned
    client = sign_in(personas.fhp)
    url = reverse("family_help:review_record", args=[family.pk, plan.pk])
    response = record(
        client,
        url,
        {
            **day("reviewed_on", date(2025, 4, 7)),
            f"progress_{calmer.pk}": "some",
            f"evidence_{calmer.pk}": "Two calm mornings a week",
            f"progress_{housing.pk}": "not_started",
        },
    )
    assert banner(response) == ["Plan review recorded. The next review is due by 7 July 2025"]
    review = FamilyPlanReview.objects.get()
    assert (review.reviewed_on, review.next_review_due) == (date(2025, 4, 7), date(2025, 7, 7))
    assert sorted(
        OutcomeProgress.objects.values_list("outcome_id", "progress", "evidence")
    ) == sorted([(calmer.pk, "some", "Two calm mornings a week"), (housing.pk, "not_started", "")])


def test_a_review_needs_progress_on_every_outcome(personas, sign_in, planned):
    family, plan, calmer, _housing = planned
    html = refused(
        sign_in(personas.fhp).post(
            reverse("family_help:review_record", args=[family.pk, plan.pk]),
            {**day("reviewed_on", date(2025, 4, 7)), f"progress_{calmer.pk}": "some"},
        )
    )
    assert "Select the progress towards this outcome" in html
    assert not FamilyPlanReview.objects.exists()


def test_a_review_before_the_plan_was_agreed_is_refused(personas, sign_in, planned):
    family, plan, calmer, housing = planned
    html = refused(
        sign_in(personas.fhp).post(
            reverse("family_help:review_record", args=[family.pk, plan.pk]),
            {
                **day("reviewed_on", date(2025, 1, 20)),
                f"progress_{calmer.pk}": "some",
                f"progress_{housing.pk}": "some",
            },
        )
    )
    assert "3 February 2025" in html
    assert not FamilyPlanReview.objects.exists()


def test_a_review_may_name_the_meeting_it_was_held_at(personas, sign_in, planned):
    family, plan, calmer, housing = planned
    meeting = TeamAroundFamilyMeeting.objects.create(
        family_help=family, held_on=date(2025, 4, 7), kind="review"
    )
    record(
        sign_in(personas.fhp),
        reverse("family_help:review_record", args=[family.pk, plan.pk]),
        {
            **day("reviewed_on", date(2025, 4, 7)),
            "meeting": str(meeting.pk),
            f"progress_{calmer.pk}": "significant_and_sustained",
            f"progress_{housing.pk}": "some",
            **day("next_review_due", date(2025, 6, 2)),
        },
    )
    review = FamilyPlanReview.objects.get()
    assert (review.meeting, review.next_review_due) == (meeting, date(2025, 6, 2))


# --- Closing ----------------------------------------------------------------------------------


def test_family_help_closes_with_its_reason_ending_each_childs_help_and_the_lead(personas, sign_in):
    family = family_of(personas)
    client = sign_in(personas.fhp)
    response = record(
        client,
        reverse("family_help:close", args=[family.pk]),
        {**day("ended_on", date(2025, 4, 11)), "end_reason": "family_declined"},
    )
    assert banner(response) == [f"Family help {family.reference} has closed"]
    # The team keeps seeing the family it oversaw.
    assert response.url == reverse("family_help:family", args=[family.pk])
    family.refresh_from_db()
    assert (family.ended_on, family.end_reason, family.lead_user) == (
        date(2025, 4, 11),
        "family_declined",
        None,
    )
    assert EarlyHelpEpisode.objects.get().end_date == date(2025, 4, 11)
    assert LeadPractitioner.objects.get().end_date == date(2025, 4, 11)


def test_needs_met_waits_for_every_action_to_be_done(personas, sign_in):
    family = family_of(personas)
    PlanActionFactory(outcome=PlanOutcomeFactory(plan=FamilyPlanFactory(family_help=family)))
    html = refused(
        sign_in(personas.fhp).post(
            reverse("family_help:close", args=[family.pk]),
            {**day("ended_on", date(2025, 4, 11)), "end_reason": "needs_met"},
        )
    )
    assert "Needs met" in html or "needs met" in html
    assert FamilyHelpEpisode.objects.get().ended_on is None


def test_nothing_more_is_recorded_on_closed_help(personas, sign_in):
    family = family_of(personas)
    FamilyHelpEpisode.objects.filter(pk=family.pk).update(
        ended_on=date(2025, 4, 1), end_reason="moved_away"
    )
    html = refused(
        sign_in(personas.fhp).post(
            reverse("family_help:meeting_record", args=[family.pk]),
            {
                **day("held_on", date(2025, 3, 10)),
                "kind": "review",
                "name_1": "Jo Example",
                "attendance_1": "attended",
            },
        )
    )
    assert "Family help ended on 1 April 2025: start family help again instead." in html
    assert not TeamAroundFamilyMeeting.objects.exists()
