"""`initial_conference_record`: the conference that may start a child protection plan."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from safeguard.cases import services
from safeguard.cases.models import (
    ChildProtectionConference,
    ChildProtectionPlan,
    Referral,
    Section47Enquiry,
)
from safeguard.cases.tests.conference_answers import initial_conference
from safeguard.cases.tests.factories import (
    ChildInNeedPlanFactory,
    ChildProtectionPlanFactory,
    ReferralFactory,
    Section47EnquiryFactory,
)
from safeguard.cases.tests.services.support import TOMORROW, refused
from safeguard.common import codes
from safeguard.organisation.models import Worker
from safeguard.people.models import Person

pytestmark = pytest.mark.django_db


def test_an_initial_conference_deciding_on_a_plan_starts_the_plan_that_day(
    enquiry: Section47Enquiry, manager: Worker
) -> None:
    conference = services.initial_conference_record(
        enquiry=enquiry,
        conference_date=date(2025, 2, 3),
        outcome=codes.ConferenceOutcome.PLAN,
        chair=manager,
        category=codes.CategoryOfAbuse.EMO,
        **initial_conference(date(2025, 2, 3)),
    )

    assert conference.kind == ChildProtectionConference.Kind.INITIAL
    plan = ChildProtectionPlan.objects.get()
    assert plan.initial_conference == conference
    assert (plan.child, plan.referral, plan.start_date, plan.end_date) == (
        enquiry.child,
        enquiry.referral,
        date(2025, 2, 3),
        None,
    )
    assert (plan.initial_category, plan.latest_category) == ("EMO", "EMO")


def test_a_protection_plan_ends_the_open_child_in_need_plan_on_the_day_it_starts(
    enquiry: Section47Enquiry,
) -> None:
    cin_plan = ChildInNeedPlanFactory(referral=enquiry.referral, start_date=date(2025, 1, 20))

    services.initial_conference_record(
        enquiry=enquiry,
        conference_date=date(2025, 2, 3),
        outcome=codes.ConferenceOutcome.PLAN,
        chair=None,
        category=codes.CategoryOfAbuse.NEG,
        **initial_conference(date(2025, 2, 3)),
    )

    cin_plan.refresh_from_db()
    assert cin_plan.end_date == date(2025, 2, 3)


def test_an_initial_conference_deciding_on_no_plan_starts_none(enquiry: Section47Enquiry) -> None:
    cin_plan = ChildInNeedPlanFactory(referral=enquiry.referral, start_date=date(2025, 1, 20))

    services.initial_conference_record(
        enquiry=enquiry,
        conference_date=date(2025, 2, 3),
        outcome=codes.ConferenceOutcome.NO_PLAN,
        chair=None,
        **initial_conference(date(2025, 2, 3), plan=False),
    )

    assert ChildProtectionConference.objects.get().outcome == codes.ConferenceOutcome.NO_PLAN
    assert ChildProtectionPlan.objects.count() == 0
    cin_plan.refresh_from_db()
    assert cin_plan.end_date is None


def test_a_child_has_at_most_one_open_child_protection_plan(referral: Referral) -> None:
    # A plan from 3 February 2025, then new concerns and a second enquiry from 17 February.
    ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=referral
    )
    enquiry = Section47EnquiryFactory(
        strategy_discussion__referral=referral,
        strategy_discussion__discussion_date=date(2025, 2, 17),
    )

    with refused("one_open_protection_plan"):
        services.initial_conference_record(
            enquiry=enquiry,
            conference_date=date(2025, 3, 3),
            outcome=codes.ConferenceOutcome.PLAN,
            chair=None,
            category=codes.CategoryOfAbuse.PHY,
            **initial_conference(date(2025, 3, 3)),
        )

    assert ChildProtectionPlan.objects.count() == 1
    assert ChildProtectionConference.objects.count() == 1


def test_an_initial_conference_cannot_be_before_the_section47_enquiry_started(
    enquiry: Section47Enquiry,
) -> None:
    with refused("conference_not_before_section47"):
        services.initial_conference_record(
            enquiry=enquiry,
            conference_date=date(2025, 1, 10),
            outcome=codes.ConferenceOutcome.PLAN,
            chair=None,
            category=codes.CategoryOfAbuse.NEG,
            **initial_conference(date(2025, 1, 10)),
        )

    assert ChildProtectionConference.objects.count() == 0
    assert ChildProtectionPlan.objects.count() == 0


def test_an_initial_conference_is_held_inside_an_open_referral(child: Person) -> None:
    # The referral closed on 28 February 2025 (set up directly: the service would refuse).
    enquiry = Section47EnquiryFactory(
        strategy_discussion__referral=ReferralFactory(child=child, closed=True), completed=True
    )

    with refused("within_open_referral"):
        services.initial_conference_record(
            enquiry=enquiry,
            conference_date=date(2025, 3, 3),
            outcome=codes.ConferenceOutcome.PLAN,
            chair=None,
            category=codes.CategoryOfAbuse.NEG,
            **initial_conference(date(2025, 3, 3)),
        )

    assert ChildProtectionPlan.objects.count() == 0


def test_a_plan_needs_a_category_of_abuse(enquiry: Section47Enquiry) -> None:
    with refused("plan_needs_category"):
        services.initial_conference_record(
            enquiry=enquiry,
            conference_date=date(2025, 2, 3),
            outcome=codes.ConferenceOutcome.PLAN,
            chair=None,
            category="",
            **initial_conference(date(2025, 2, 3)),
        )


def test_a_protection_plan_cannot_start_before_the_open_child_in_need_plan_it_ends(
    enquiry: Section47Enquiry,
) -> None:
    ChildInNeedPlanFactory(referral=enquiry.referral, start_date=date(2025, 2, 17))

    with refused("protection_plan_not_before_cin_plan") as caught:
        services.initial_conference_record(
            enquiry=enquiry,
            conference_date=date(2025, 2, 10),
            outcome=codes.ConferenceOutcome.PLAN,
            chair=None,
            category=codes.CategoryOfAbuse.NEG,
            **initial_conference(date(2025, 2, 10)),
        )

    assert caught.value.fields == ("conference_date",)
    assert ChildProtectionPlan.objects.count() == 0


def test_an_initial_conference_cannot_be_in_the_future(enquiry: Section47Enquiry) -> None:
    with refused("date_not_in_future"):
        services.initial_conference_record(
            enquiry=enquiry,
            conference_date=TOMORROW,
            outcome=codes.ConferenceOutcome.PLAN,
            chair=None,
            category=codes.CategoryOfAbuse.NEG,
            **initial_conference(TOMORROW),
        )

    assert ChildProtectionPlan.objects.count() == 0


# --- Who took part, and the plan the conference agreed ---------------------------------------


def test_an_initial_conference_keeps_who_took_part_the_outline_plan_and_the_dates_it_set(
    enquiry: Section47Enquiry,
) -> None:
    answers = initial_conference(date(2025, 2, 3))
    conference = services.initial_conference_record(
        enquiry=enquiry,
        conference_date=date(2025, 2, 3),
        outcome=codes.ConferenceOutcome.PLAN,
        chair=None,
        category=codes.CategoryOfAbuse.NEG,
        **{**answers, "attendees": "  Sam Testparent, mother\n", "plan_outline": " Weekly. "},
    )

    conference.refresh_from_db()
    assert (conference.agencies_present, conference.reports_from) == (
        "Children's social care, Police, Health, Education",
        "Housing",
    )
    assert (conference.attendees, conference.plan_outline) == ("Sam Testparent, mother", "Weekly.")
    assert (conference.parents_participation, conference.child_participation) == (
        "attended",
        "social_worker",
    )
    # Five working days on, and a week before the first review's 3 months.
    assert (conference.next_core_group_date, conference.next_review_date) == (
        date(2025, 2, 10),
        date(2025, 4, 26),
    )


def test_an_initial_conference_is_refused_without_who_took_part(
    enquiry: Section47Enquiry,
) -> None:
    with refused(
        "conference_agencies_present",
        "conference_attendees_given",
        "conference_participation_given",
        "conference_participation_given",
    ) as caught:
        services.initial_conference_record(
            enquiry=enquiry,
            conference_date=date(2025, 2, 3),
            outcome=codes.ConferenceOutcome.NO_PLAN,
            chair=None,
        )

    assert caught.value.fields == (
        "agencies_present",
        "attendees",
        "parents_participation",
        "child_participation",
    )
    assert ChildProtectionConference.objects.count() == 0


def test_a_plan_decision_is_refused_without_its_outline_and_first_dates(
    enquiry: Section47Enquiry,
) -> None:
    with refused("conference_plan_given", "conference_plan_given", "conference_plan_given") as got:
        services.initial_conference_record(
            enquiry=enquiry,
            conference_date=date(2025, 2, 3),
            outcome=codes.ConferenceOutcome.PLAN,
            chair=None,
            category=codes.CategoryOfAbuse.NEG,
            **initial_conference(date(2025, 2, 3), plan=False),
        )

    assert [v.message for v in got.value.violations] == [
        "Enter the outline plan the conference agreed.",
        "Enter the date of the first core group meeting.",
        "Enter the date of the first review conference.",
    ]
    assert ChildProtectionPlan.objects.count() == 0


def test_no_plan_sets_no_outline_or_dates_and_stores_them_blank(
    enquiry: Section47Enquiry,
) -> None:
    with refused("conference_plan_only_with_plan"):
        services.initial_conference_record(
            enquiry=enquiry,
            conference_date=date(2025, 2, 3),
            outcome=codes.ConferenceOutcome.NO_PLAN,
            chair=None,
            **initial_conference(date(2025, 2, 3)),
        )

    conference = services.initial_conference_record(
        enquiry=enquiry,
        conference_date=date(2025, 2, 3),
        outcome=codes.ConferenceOutcome.NO_PLAN,
        chair=None,
        **initial_conference(date(2025, 2, 3), plan=False),
    )

    conference.refresh_from_db()
    assert (conference.plan_outline, conference.next_core_group_date) == ("", None)
    assert conference.next_review_date is None


@pytest.fixture
def christmas_enquiry(child: Person, team: Any) -> Section47Enquiry:
    """A section 47 enquiry from Monday 9 December 2024, in a referral from 2 December."""
    return Section47EnquiryFactory(
        strategy_discussion__referral=ReferralFactory(
            child=child, team=team, referral_date=date(2024, 12, 2)
        ),
        strategy_discussion__discussion_date=date(2024, 12, 9),
    )


# Friday 20 December 2024: the first core group's 10 working days skip Christmas Day, Boxing
# Day and New Year's Day: 23, 24, 27, 30, 31 December, 2, 3, 6, 7 and Wednesday 8 January.
# The first review is due within 3 months: by 20 March 2025.
@pytest.mark.parametrize(
    ("core_group", "review", "refusal"),
    [
        (date(2025, 1, 8), date(2025, 3, 20), None),
        (
            date(2025, 1, 9),
            date(2025, 3, 20),
            "The date of the first core group meeting must be on or before 8 January 2025, "
            "10 working days after the conference.",
        ),
        (
            date(2025, 1, 8),
            date(2025, 3, 21),
            "The date of the first review conference must be on or before 20 March 2025, "
            "3 months after the conference.",
        ),
        (
            date(2024, 12, 20),
            date(2025, 3, 20),
            "The date of the first core group meeting must be after 20 December 2024, the date "
            "of the conference.",
        ),
    ],
    ids=["both on their last day", "core group a day late", "review a day late", "same day"],
)
def test_the_first_core_group_and_review_are_planned_within_their_clocks_over_christmas(
    christmas_enquiry: Section47Enquiry, core_group: date, review: date, refusal: str | None
) -> None:
    def record() -> ChildProtectionConference:
        return services.initial_conference_record(
            enquiry=christmas_enquiry,
            conference_date=date(2024, 12, 20),
            outcome=codes.ConferenceOutcome.PLAN,
            chair=None,
            category=codes.CategoryOfAbuse.NEG,
            **{
                **initial_conference(date(2024, 12, 20)),
                "next_core_group_date": core_group,
                "next_review_date": review,
            },
        )

    if refusal is None:
        conference = record()
        assert (conference.next_core_group_date, conference.next_review_date) == (
            core_group,
            review,
        )
        return
    rule = "core_group" if "core group" in refusal else "review"
    with refused(f"conference_next_{rule}_in_time") as caught:
        record()
    assert caught.value.violations[0].message == refusal
    assert ChildProtectionPlan.objects.count() == 0
