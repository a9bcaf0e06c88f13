"""`review_conference_record` and `core_group_record`: the life of a child protection plan."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.cases import services
from safeguard.cases.models import ChildProtectionConference, ChildProtectionPlan, CoreGroupMeeting
from safeguard.cases.tests.conference_answers import review_conference
from safeguard.cases.tests.factories import ReviewConferenceFactory
from safeguard.cases.tests.services.support import TOMORROW, refused
from safeguard.common import codes
from safeguard.organisation.models import Worker

pytestmark = pytest.mark.django_db


def test_a_review_conference_continues_the_plan_with_a_new_category(
    protection_plan: ChildProtectionPlan, manager: Worker
) -> None:
    conference = services.review_conference_record(
        plan=protection_plan,
        conference_date=date(2025, 3, 13),
        outcome=codes.ConferenceOutcome.CONTINUE_PLAN,
        chair=manager,
        latest_category=codes.CategoryOfAbuse.MUL,
        **review_conference(date(2025, 3, 13)),
    )

    protection_plan.refresh_from_db()
    assert (conference.kind, conference.plan) == (
        ChildProtectionConference.Kind.REVIEW,
        protection_plan,
    )
    assert (
        protection_plan.end_date,
        protection_plan.initial_category,
        protection_plan.latest_category,
    ) == (None, "NEG", "MUL")


def test_a_review_conference_that_ends_the_plan_ends_it_that_day(
    protection_plan: ChildProtectionPlan,
) -> None:
    services.review_conference_record(
        plan=protection_plan,
        conference_date=date(2025, 3, 13),
        outcome=codes.ConferenceOutcome.END_PLAN,
        chair=None,
        **review_conference(date(2025, 3, 13), continues=False),
    )

    protection_plan.refresh_from_db()
    assert protection_plan.end_date == date(2025, 3, 13)


def test_an_ended_plan_cannot_be_reviewed(protection_plan: ChildProtectionPlan) -> None:
    ChildProtectionPlan.objects.filter(pk=protection_plan.pk).update(end_date=date(2025, 3, 3))

    with refused("review_needs_open_plan"):
        services.review_conference_record(
            plan=protection_plan,
            conference_date=date(2025, 3, 13),
            outcome=codes.ConferenceOutcome.CONTINUE_PLAN,
            chair=None,
            **review_conference(date(2025, 3, 13)),
        )


@pytest.mark.parametrize(
    ("previous_review", "conference_date"),
    [(None, date(2025, 1, 31)), (date(2025, 3, 3), date(2025, 2, 28))],
    ids=["before the plan started", "before the previous review"],
)
def test_a_review_conference_follows_the_previous_conference(
    protection_plan: ChildProtectionPlan, previous_review: date | None, conference_date: date
) -> None:
    if previous_review is not None:
        ReviewConferenceFactory(plan=protection_plan, conference_date=previous_review)

    with refused("review_after_previous_conference"):
        services.review_conference_record(
            plan=protection_plan,
            conference_date=conference_date,
            outcome=codes.ConferenceOutcome.END_PLAN,
            chair=None,
            **review_conference(conference_date, continues=False),
        )

    assert ChildProtectionPlan.objects.get().end_date is None


def test_a_review_conference_category_comes_from_the_census_list(
    protection_plan: ChildProtectionPlan,
) -> None:
    with refused("plan_needs_category"):
        services.review_conference_record(
            plan=protection_plan,
            conference_date=date(2025, 3, 13),
            outcome=codes.ConferenceOutcome.CONTINUE_PLAN,
            chair=None,
            latest_category="XYZ",
            **review_conference(date(2025, 3, 13)),
        )


def test_a_review_conference_cannot_be_in_the_future(protection_plan: ChildProtectionPlan) -> None:
    with refused("date_not_in_future"):
        services.review_conference_record(
            plan=protection_plan,
            conference_date=TOMORROW,
            outcome=codes.ConferenceOutcome.END_PLAN,
            chair=None,
            **review_conference(TOMORROW, continues=False),
        )


def test_a_core_group_meeting_is_recorded_against_the_plan(
    protection_plan: ChildProtectionPlan,
) -> None:
    meeting = services.core_group_record(plan=protection_plan, meeting_date=date(2025, 2, 12))

    assert CoreGroupMeeting.objects.get() == meeting
    assert (meeting.child, meeting.meeting_date) == (protection_plan.child, date(2025, 2, 12))


def test_a_core_group_cannot_meet_before_the_plan_started(
    protection_plan: ChildProtectionPlan,
) -> None:
    with refused("core_group_within_plan"):
        services.core_group_record(plan=protection_plan, meeting_date=date(2025, 1, 31))


def test_a_core_group_does_not_meet_once_the_plan_has_ended(
    protection_plan: ChildProtectionPlan,
) -> None:
    ChildProtectionPlan.objects.filter(pk=protection_plan.pk).update(end_date=date(2025, 3, 3))

    with refused("core_group_needs_open_plan"):
        services.core_group_record(plan=protection_plan, meeting_date=date(2025, 3, 10))


def test_a_core_group_meeting_keeps_who_attended_and_what_was_agreed_and_is_audited(
    protection_plan: ChildProtectionPlan,
) -> None:
    from safeguard.audit.models import AuditEntry

    meeting = services.core_group_record(
        plan=protection_plan,
        meeting_date=date(2025, 2, 12),
        notes="Mother, school nurse, social worker. Agreed: nursery place by Friday.",
    )

    assert meeting.notes.startswith("Mother, school nurse")
    entry = AuditEntry.objects.get(object_type="cases.coregroupmeeting")
    assert (entry.action, entry.object_id, entry.child_id) == (
        "create",
        str(meeting.pk),
        protection_plan.child_id,
    )


# --- Who took part, and the plan the review revised ---------------------------------------------


def test_a_continuing_plan_is_revised_with_its_next_core_group_and_review(
    protection_plan: ChildProtectionPlan,
) -> None:
    conference = services.review_conference_record(
        plan=protection_plan,
        conference_date=date(2025, 3, 13),
        outcome=codes.ConferenceOutcome.CONTINUE_PLAN,
        chair=None,
        **{
            **review_conference(date(2025, 3, 13)),
            "next_core_group_date": date(2025, 4, 10),
            # Six months from Thursday 13 March 2025.
            "next_review_date": date(2025, 9, 13),
        },
    )

    conference.refresh_from_db()
    assert conference.plan_outline.startswith("Mother to attend the parenting course")
    assert (conference.next_core_group_date, conference.next_review_date) == (
        date(2025, 4, 10),
        date(2025, 9, 13),
    )
    assert conference.agencies_present.startswith("Children's social care")


def test_the_next_review_is_planned_within_six_months_of_this_one(
    protection_plan: ChildProtectionPlan,
) -> None:
    with refused("conference_next_review_in_time") as caught:
        services.review_conference_record(
            plan=protection_plan,
            conference_date=date(2025, 3, 13),
            outcome=codes.ConferenceOutcome.CONTINUE_PLAN,
            chair=None,
            **{**review_conference(date(2025, 3, 13)), "next_review_date": date(2025, 9, 14)},
        )

    assert caught.value.violations[0].message == (
        "The date of the next review conference must be on or before 13 September 2025, "
        "6 months after the conference."
    )
    assert ChildProtectionConference.objects.filter(kind="review").count() == 0


def test_a_review_is_refused_without_who_took_part_or_the_revised_plan(
    protection_plan: ChildProtectionPlan,
) -> None:
    with refused(
        "conference_agencies_present",
        "conference_attendees_given",
        "conference_participation_given",
        "conference_participation_given",
        "conference_plan_given",
        "conference_plan_given",
        "conference_plan_given",
    ):
        services.review_conference_record(
            plan=protection_plan,
            conference_date=date(2025, 3, 13),
            outcome=codes.ConferenceOutcome.CONTINUE_PLAN,
            chair=None,
        )


def test_a_review_that_ends_the_plan_sets_no_next_dates(
    protection_plan: ChildProtectionPlan,
) -> None:
    with refused("conference_plan_only_with_plan"):
        services.review_conference_record(
            plan=protection_plan,
            conference_date=date(2025, 3, 13),
            outcome=codes.ConferenceOutcome.END_PLAN,
            chair=None,
            **review_conference(date(2025, 3, 13)),
        )

    assert ChildProtectionPlan.objects.get().end_date is None
