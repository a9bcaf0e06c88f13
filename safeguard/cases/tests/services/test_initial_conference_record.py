"""`initial_conference_record`: the conference that may start a child protection plan."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.cases import services
from safeguard.cases.models import (
    ChildProtectionConference,
    ChildProtectionPlan,
    Referral,
    Section47Enquiry,
)
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
        )

    assert ChildProtectionPlan.objects.count() == 0
