"""`looked_after_start`, `placement_change`, `looked_after_end` and `looked_after_review_record`."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.cases import services
from safeguard.cases.models import LookedAfterPeriod, LookedAfterReview, Placement
from safeguard.cases.tests.factories import LookedAfterPeriodFactory
from safeguard.cases.tests.services.support import TODAY, TOMORROW, refused
from safeguard.common import codes
from safeguard.people.models import Person
from safeguard.people.tests.factories import UnbornChildFactory

pytestmark = pytest.mark.django_db


def _start_care(child: Person, start_date: date) -> LookedAfterPeriod:
    return services.looked_after_start(
        child=child,
        start_date=start_date,
        category_of_need=codes.PrimaryNeed.N1,
        legal_status=codes.LegalStatus.V2,
        placement_type=codes.PlacementType.U6,
        provider=codes.PlacementProvider.PR1,
        postcode="ZZ99 3VZ",
    )


def test_a_child_becomes_looked_after_in_a_first_placement(child: Person) -> None:
    period = _start_care(child, date(2025, 3, 3))

    placement = Placement.objects.get()
    assert (period.start_date, period.end_date) == (date(2025, 3, 3), None)
    assert (placement.period, placement.start_date, placement.reason_new_episode) == (
        period,
        date(2025, 3, 3),
        codes.ReasonNewEpisode.S,
    )


def test_an_unborn_child_cannot_be_looked_after() -> None:
    unborn = UnbornChildFactory()

    with refused("child_not_yet_born"):
        _start_care(unborn, date(2025, 3, 3))


def test_a_looked_after_child_cannot_start_a_second_period_of_care(child: Person) -> None:
    LookedAfterPeriodFactory(child=child)

    with refused("one_open_care_period"):
        _start_care(child, date(2025, 3, 3))


def test_a_child_cannot_become_looked_after_in_the_future(child: Person) -> None:
    with refused("date_not_in_future"):
        _start_care(child, TOMORROW)


def test_a_change_of_placement_ends_the_current_one_on_the_same_day(placement: Placement) -> None:
    new = services.placement_change(
        period=placement.period,
        change_date=date(2025, 3, 10),
        reason_new_episode=codes.ReasonNewEpisode.P,
        legal_status=codes.LegalStatus.V2,
        placement_type=codes.PlacementType.K2,
        provider=codes.PlacementProvider.PR4,
    )

    placement.refresh_from_db()
    assert placement.end_date == date(2025, 3, 10)
    assert (new.start_date, new.end_date, new.reason_new_episode) == (
        date(2025, 3, 10),
        None,
        codes.ReasonNewEpisode.P,
    )


def test_a_placement_cannot_change_before_the_current_one_started(placement: Placement) -> None:
    with refused("placement_after_previous"):
        services.placement_change(
            period=placement.period,
            change_date=date(2025, 1, 31),
            reason_new_episode=codes.ReasonNewEpisode.P,
            legal_status=codes.LegalStatus.V2,
            placement_type=codes.PlacementType.K2,
            provider=codes.PlacementProvider.PR4,
        )


def test_a_placement_cannot_change_after_the_child_stopped_being_looked_after(
    placement: Placement,
) -> None:
    LookedAfterPeriod.objects.filter(pk=placement.period_id).update(
        end_date=date(2025, 3, 3), reason_ceased=codes.ReasonEpisodeCeased.E4A
    )

    with refused("placement_needs_open_period"):
        services.placement_change(
            period=placement.period,
            change_date=date(2025, 3, 10),
            reason_new_episode=codes.ReasonNewEpisode.P,
            legal_status=codes.LegalStatus.V2,
            placement_type=codes.PlacementType.K2,
            provider=codes.PlacementProvider.PR4,
        )


def test_ending_care_ends_the_period_and_its_placement(placement: Placement) -> None:
    services.looked_after_end(
        period=placement.period,
        end_date=date(2025, 3, 12),
        reason_ceased=codes.ReasonEpisodeCeased.E4A,
    )

    placement.refresh_from_db()
    period = LookedAfterPeriod.objects.get()
    assert (period.end_date, period.reason_ceased) == (
        date(2025, 3, 12),
        codes.ReasonEpisodeCeased.E4A,
    )
    assert placement.end_date == date(2025, 3, 12)


def test_care_cannot_end_before_the_last_placement_started(placement: Placement) -> None:
    with refused("care_ends_after_last_placement"):
        services.looked_after_end(
            period=placement.period,
            end_date=date(2025, 1, 31),
            reason_ceased=codes.ReasonEpisodeCeased.E4A,
        )


def test_care_ends_once(placement: Placement) -> None:
    LookedAfterPeriod.objects.filter(pk=placement.period_id).update(
        end_date=date(2025, 3, 3), reason_ceased=codes.ReasonEpisodeCeased.E4A
    )

    with refused("care_period_ended_once"):
        services.looked_after_end(
            period=placement.period,
            end_date=date(2025, 3, 10),
            reason_ceased=codes.ReasonEpisodeCeased.E4A,
        )


def test_ending_care_needs_a_reason(placement: Placement) -> None:
    with refused("care_end_needs_reason"):
        services.looked_after_end(period=placement.period, end_date=TODAY, reason_ceased="")


def test_a_looked_after_review_is_recorded(placement: Placement) -> None:
    review = services.looked_after_review_record(
        period=placement.period,
        review_date=date(2025, 2, 28),
        participation=codes.ReviewParticipation.PN1,
    )

    assert LookedAfterReview.objects.get() == review
    assert review.child == placement.child


def test_a_looked_after_review_cannot_predate_the_period_of_care(placement: Placement) -> None:
    with refused("care_review_within_period"):
        services.looked_after_review_record(period=placement.period, review_date=date(2025, 1, 31))
