"""`cin_plan_start`, `cin_plan_end` and `cin_plan_review_record`."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.cases import services
from safeguard.cases.models import (
    ChildInNeedPlan,
    ChildInNeedPlanReview,
    ChildProtectionPlan,
    Referral,
)
from safeguard.cases.tests.factories import ChildInNeedPlanFactory
from safeguard.cases.tests.services.support import TODAY, TOMORROW, refused

pytestmark = pytest.mark.django_db


def test_a_child_in_need_plan_starts_inside_the_referral(referral: Referral) -> None:
    plan = services.cin_plan_start(referral=referral, start_date=date(2025, 2, 17))

    assert ChildInNeedPlan.objects.get() == plan
    assert (plan.child, plan.start_date, plan.end_date) == (
        referral.child,
        date(2025, 2, 17),
        None,
    )


def test_a_child_in_need_plan_cannot_start_during_a_protection_plan(
    protection_plan: ChildProtectionPlan,
) -> None:
    with refused("cin_plan_not_during_protection_plan"):
        services.cin_plan_start(referral=protection_plan.referral, start_date=date(2025, 3, 3))


def test_a_child_has_at_most_one_open_child_in_need_plan(referral: Referral) -> None:
    ChildInNeedPlanFactory(referral=referral)

    with refused("one_open_cin_plan"):
        services.cin_plan_start(referral=referral, start_date=date(2025, 3, 3))


def test_a_child_in_need_plan_cannot_start_before_the_referral(referral: Referral) -> None:
    with refused("within_open_referral"):
        services.cin_plan_start(referral=referral, start_date=date(2025, 1, 3))


def test_a_child_in_need_plan_ends(referral: Referral) -> None:
    plan = ChildInNeedPlanFactory(referral=referral)

    services.cin_plan_end(plan=plan, end_date=TODAY)

    plan.refresh_from_db()
    assert plan.end_date == TODAY


def test_a_child_in_need_plan_cannot_end_before_it_starts(referral: Referral) -> None:
    plan = ChildInNeedPlanFactory(referral=referral)  # from 17 February 2025

    with refused("cin_plan_end_not_before_start"):
        services.cin_plan_end(plan=plan, end_date=date(2025, 2, 14))


def test_a_child_in_need_plan_cannot_end_in_the_future(referral: Referral) -> None:
    plan = ChildInNeedPlanFactory(referral=referral)

    with refused("date_not_in_future"):
        services.cin_plan_end(plan=plan, end_date=TOMORROW)


def test_a_child_in_need_plan_review_is_recorded(referral: Referral) -> None:
    plan = ChildInNeedPlanFactory(referral=referral)

    review = services.cin_plan_review_record(plan=plan, review_date=date(2025, 3, 10))

    assert ChildInNeedPlanReview.objects.get() == review


def test_a_child_in_need_plan_cannot_be_reviewed_before_it_starts(referral: Referral) -> None:
    plan = ChildInNeedPlanFactory(referral=referral)  # from 17 February 2025

    with refused("cin_review_within_plan"):
        services.cin_plan_review_record(plan=plan, review_date=date(2025, 2, 14))


def test_an_ended_plan_is_not_ended_again_so_its_end_date_stays(referral: Referral) -> None:
    plan = ChildInNeedPlanFactory(referral=referral, end_date=date(2025, 3, 3))

    with refused("cin_plan_still_open"):
        services.cin_plan_end(plan=plan, end_date=TODAY)

    plan.refresh_from_db()
    assert plan.end_date == date(2025, 3, 3)


def test_an_ended_plan_is_not_reviewed(referral: Referral) -> None:
    plan = ChildInNeedPlanFactory(referral=referral, end_date=date(2025, 3, 3))

    with refused("cin_plan_still_open") as caught:
        services.cin_plan_review_record(plan=plan, review_date=date(2025, 3, 10))

    assert caught.value.fields == ("review_date",)


def test_a_review_that_ends_the_plan_ends_it_that_day_with_the_review(referral: Referral) -> None:
    plan = ChildInNeedPlanFactory(referral=referral)

    review = services.cin_plan_review_record(
        plan=plan, review_date=date(2025, 3, 10), ends_plan=True
    )

    plan.refresh_from_db()
    assert (review.review_date, plan.end_date) == (date(2025, 3, 10), date(2025, 3, 10))


def test_a_review_that_is_refused_does_not_end_the_plan(referral: Referral) -> None:
    plan = ChildInNeedPlanFactory(referral=referral)  # from 17 February 2025

    with refused("date_not_in_future"):
        services.cin_plan_review_record(plan=plan, review_date=TOMORROW, ends_plan=True)


def test_starting_reviewing_and_ending_a_plan_are_each_audited(referral: Referral) -> None:
    from safeguard.audit.models import AuditEntry

    plan = services.cin_plan_start(referral=referral, start_date=date(2025, 2, 17))
    services.cin_plan_review_record(plan=plan, review_date=date(2025, 3, 10), ends_plan=True)

    entries = AuditEntry.objects.order_by("id").values_list("action", "object_type", "child_id")
    assert list(entries) == [
        ("create", "cases.childinneedplan", referral.child_id),
        ("create", "cases.childinneedplanreview", referral.child_id),
        ("update", "cases.childinneedplan", referral.child_id),
    ]
