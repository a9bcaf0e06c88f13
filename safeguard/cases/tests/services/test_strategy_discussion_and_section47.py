"""`strategy_discussion_record` and `section47_complete`."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.cases import services
from safeguard.cases.models import Referral, Section47Enquiry, StrategyDiscussion
from safeguard.cases.tests.factories import ReferralFactory, Section47EnquiryFactory
from safeguard.cases.tests.services.support import TODAY, TOMORROW, refused
from safeguard.common import codes
from safeguard.people.models import Person

pytestmark = pytest.mark.django_db


def test_a_strategy_discussion_that_starts_section47_creates_the_enquiry_that_day(
    referral: Referral,
) -> None:
    discussion = services.strategy_discussion_record(
        referral=referral,
        discussion_date=date(2025, 3, 12),
        section47_started=True,
        agencies_present="Social care, police, health",
    )

    enquiry = Section47Enquiry.objects.get()
    assert enquiry.strategy_discussion == discussion
    assert (enquiry.referral, enquiry.child, enquiry.start_date) == (
        referral,
        referral.child,
        date(2025, 3, 12),
    )
    assert enquiry.completed_date is None


def test_a_strategy_discussion_that_does_not_start_section47_creates_no_enquiry(
    referral: Referral,
) -> None:
    services.strategy_discussion_record(
        referral=referral, discussion_date=date(2025, 3, 12), section47_started=False
    )

    assert StrategyDiscussion.objects.count() == 1
    assert Section47Enquiry.objects.count() == 0


@pytest.mark.parametrize(
    ("closed", "discussion_date"),
    [(False, date(2025, 1, 3)), (True, date(2025, 3, 3))],
    ids=["before the referral", "after the referral closed"],
)
def test_no_section47_outside_an_open_referral(
    child: Person, closed: bool, discussion_date: date
) -> None:
    referral = ReferralFactory(child=child, closed=closed)

    with refused("section47_requires_open_referral"):
        services.strategy_discussion_record(
            referral=referral, discussion_date=discussion_date, section47_started=True
        )

    assert StrategyDiscussion.objects.count() == 0
    assert Section47Enquiry.objects.count() == 0


def test_a_strategy_discussion_without_section47_is_still_inside_an_open_referral(
    referral: Referral,
) -> None:
    with refused("within_open_referral"):
        services.strategy_discussion_record(
            referral=referral, discussion_date=date(2025, 1, 3), section47_started=False
        )


def test_a_strategy_discussion_cannot_be_in_the_future(referral: Referral) -> None:
    with refused("date_not_in_future"):
        services.strategy_discussion_record(
            referral=referral, discussion_date=TOMORROW, section47_started=True
        )

    assert Section47Enquiry.objects.count() == 0


def test_a_section47_enquiry_is_completed_with_its_outcome() -> None:
    enquiry = Section47EnquiryFactory()

    services.section47_complete(
        enquiry=enquiry,
        completed_date=date(2025, 1, 24),
        outcome=codes.Section47Outcome.SUBSTANTIATED_AT_RISK,
        conference_required=True,
    )

    enquiry.refresh_from_db()
    assert (enquiry.completed_date, enquiry.outcome, enquiry.conference_required) == (
        date(2025, 1, 24),
        codes.Section47Outcome.SUBSTANTIATED_AT_RISK,
        True,
    )


def test_a_section47_enquiry_cannot_be_completed_before_it_starts() -> None:
    enquiry = Section47EnquiryFactory()  # started 13 January 2025

    with refused("section47_completed_not_before_start"):
        services.section47_complete(
            enquiry=enquiry,
            completed_date=date(2025, 1, 10),
            outcome=codes.Section47Outcome.NOT_SUBSTANTIATED,
            conference_required=False,
        )


def test_a_section47_enquiry_is_completed_once() -> None:
    enquiry = Section47EnquiryFactory(completed=True)

    with refused("section47_completed_once"):
        services.section47_complete(
            enquiry=enquiry,
            completed_date=TODAY,
            outcome=codes.Section47Outcome.NOT_SUBSTANTIATED,
            conference_required=False,
        )


def test_a_section47_enquiry_cannot_be_completed_in_the_future() -> None:
    enquiry = Section47EnquiryFactory()

    with refused("date_not_in_future"):
        services.section47_complete(
            enquiry=enquiry,
            completed_date=TOMORROW,
            outcome=codes.Section47Outcome.NOT_SUBSTANTIATED,
            conference_required=False,
        )
