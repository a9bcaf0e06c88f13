"""`referral_open`, `referral_close` and `open_referral_for`: the children-in-need episode."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from safeguard.cases import services
from safeguard.cases.models import Referral
from safeguard.cases.tests.factories import (
    AssessmentFactory,
    ChildInNeedPlanFactory,
    ChildProtectionPlanFactory,
    ContactFactory,
    PlacementFactory,
    ReferralFactory,
    Section47EnquiryFactory,
)
from safeguard.cases.tests.services.support import TODAY, TOMORROW, refused
from safeguard.common import codes
from safeguard.organisation.models import Team
from safeguard.people.models import Person
from safeguard.people.tests.factories import UnbornChildFactory

pytestmark = pytest.mark.django_db


# --- referral_open ----------------------------------------------------------------------------


def test_a_referral_opens_from_a_contact_decided_as_a_referral(child: Person, team: Team) -> None:
    contact = ContactFactory(child=child, referred=True)

    referral = services.referral_open(
        child=child,
        referral_date=date(2025, 1, 6),
        source=codes.ReferralSource.SCHOOL,
        team=team,
        primary_need=codes.PrimaryNeed.N1,
        contact=contact,
    )

    assert Referral.objects.get() == referral
    assert (referral.contact, referral.referral_date, referral.is_open) == (
        contact,
        date(2025, 1, 6),
        True,
    )


def test_a_referral_can_be_opened_for_an_unborn_child(team: Team) -> None:
    unborn = UnbornChildFactory()

    referral = services.referral_open(
        child=unborn,
        referral_date=date(2025, 3, 3),
        source=codes.ReferralSource.HEALTH_OTHER_PRIMARY,
        team=team,
    )

    assert referral.child == unborn


def test_a_child_has_at_most_one_open_referral(referral: Referral, team: Team) -> None:
    with refused("one_open_referral"):
        services.referral_open(
            child=referral.child,
            referral_date=date(2025, 3, 10),
            source=codes.ReferralSource.POLICE,
            team=team,
        )


def test_a_referral_cannot_open_from_a_contact_about_another_child(
    child: Person, team: Team
) -> None:
    contact = ContactFactory(referred=True)

    with refused("referral_contact_same_child"):
        services.referral_open(
            child=child,
            referral_date=date(2025, 1, 6),
            source=codes.ReferralSource.SCHOOL,
            team=team,
            contact=contact,
        )


def test_a_referral_opens_only_from_a_contact_decided_as_a_referral(
    child: Person, team: Team
) -> None:
    contact = ContactFactory(child=child)

    with refused("referral_needs_referral_decision"):
        services.referral_open(
            child=child,
            referral_date=date(2025, 1, 6),
            source=codes.ReferralSource.SCHOOL,
            team=team,
            contact=contact,
        )


def test_a_referral_cannot_be_dated_in_the_future(child: Person, team: Team) -> None:
    with refused("date_not_in_future"):
        services.referral_open(
            child=child, referral_date=TOMORROW, source=codes.ReferralSource.SCHOOL, team=team
        )


# --- referral_close ---------------------------------------------------------------------------


def test_a_referral_whose_work_is_finished_closes(referral: Referral) -> None:
    AssessmentFactory(referral=referral, authorised=True)

    services.referral_close(
        referral=referral, closure_date=TODAY, closure_reason=codes.ReasonForClosure.RC7
    )

    referral.refresh_from_db()
    assert (referral.closure_date, referral.closure_reason, referral.no_further_action) == (
        TODAY,
        codes.ReasonForClosure.RC7,
        False,
    )


def test_a_referral_closed_without_an_assessment_is_no_further_action(referral: Referral) -> None:
    services.referral_close(
        referral=referral, closure_date=date(2025, 1, 7), closure_reason=codes.ReasonForClosure.RC8
    )

    referral.refresh_from_db()
    assert referral.no_further_action is True


def _open_assessment(referral: Referral) -> None:
    AssessmentFactory(referral=referral)


def _open_section47(referral: Referral) -> None:
    Section47EnquiryFactory(strategy_discussion__referral=referral)


def _open_protection_plan(referral: Referral) -> None:
    ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=referral
    )


def _open_cin_plan(referral: Referral) -> None:
    ChildInNeedPlanFactory(referral=referral)


def _looked_after(referral: Referral) -> None:
    PlacementFactory(period__child=referral.child, period__start_date=date(2025, 1, 20))


@pytest.mark.parametrize(
    ("open_work", "named"),
    [
        (_open_assessment, "1 assessment not yet authorised"),
        (_open_section47, "1 section 47 enquiry not yet completed"),
        (_open_protection_plan, "1 child protection plan still open"),
        (_open_cin_plan, "1 child in need plan still open"),
        # The census counts a looked-after child in an open episode: it stays open.
        (_looked_after, "1 period of care still open (the child is looked after)"),
    ],
)
def test_closing_a_referral_requires_what_it_contains_to_be_finished(
    referral: Referral, open_work: Callable[[Referral], None], named: str
) -> None:
    open_work(referral)

    with refused("referral_close_requires_finished_work") as caught:
        services.referral_close(
            referral=referral, closure_date=TODAY, closure_reason=codes.ReasonForClosure.RC7
        )

    assert named in caught.value.message
    assert Referral.objects.get().closure_date is None


def test_a_referral_cannot_close_twice() -> None:
    referral = ReferralFactory(closed=True)

    with refused("referral_already_closed"):
        services.referral_close(
            referral=referral, closure_date=TODAY, closure_reason=codes.ReasonForClosure.RC7
        )


def test_a_referral_cannot_close_before_the_last_work_in_it(referral: Referral) -> None:
    AssessmentFactory(referral=referral, authorised=True)  # authorised 12 February 2025

    with refused("referral_closed_after_last_activity"):
        services.referral_close(
            referral=referral,
            closure_date=date(2025, 2, 11),
            closure_reason=codes.ReasonForClosure.RC7,
        )


def test_a_referral_cannot_close_before_it_opened(referral: Referral) -> None:
    with refused("referral_closed_not_before_opened"):
        services.referral_close(
            referral=referral,
            closure_date=date(2025, 1, 3),
            closure_reason=codes.ReasonForClosure.RC8,
        )


def test_closing_a_referral_needs_a_reason(referral: Referral) -> None:
    with refused("referral_closure_needs_reason"):
        services.referral_close(referral=referral, closure_date=TODAY, closure_reason="")


def test_a_referral_cannot_close_in_the_future(referral: Referral) -> None:
    with refused("date_not_in_future"):
        services.referral_close(
            referral=referral, closure_date=TOMORROW, closure_reason=codes.ReasonForClosure.RC7
        )


# --- open_referral_for ------------------------------------------------------------------------


def test_the_open_referral_for_a_child_is_found(referral: Referral) -> None:
    ReferralFactory(child=referral.child, referral_date=date(2024, 6, 3), closed=True)

    assert services.open_referral_for(referral.child) == referral


def test_a_child_with_only_closed_referrals_has_no_open_referral(child: Person) -> None:
    ReferralFactory(child=child, closed=True)

    assert services.open_referral_for(child) is None
