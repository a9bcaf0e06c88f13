"""`looked_after_start`, `placement_change`, `looked_after_end`, `looked_after_review_record`
and `care_plan_record`: each refusal names its rule and writes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.cases import services
from safeguard.cases.models import LookedAfterPeriod, LookedAfterReview, Placement, Referral
from safeguard.cases.tests.factories import (
    LookedAfterPeriodFactory,
    PlacementFactory,
)
from safeguard.cases.tests.services.support import TODAY, TOMORROW, refused
from safeguard.common import codes
from safeguard.organisation.models import Worker
from safeguard.organisation.tests.factories import WorkerFactory
from safeguard.people.models import Person
from safeguard.people.tests.factories import ChildFactory, UnbornChildFactory

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
        urn="SC123456",
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
        urn="sc123456",
        reason_place_change=codes.ReasonPlaceChange.CREQB,
        move_planned=False,
    )

    placement.refresh_from_db()
    assert placement.end_date == date(2025, 3, 10)
    # The return puts why the placement ended on the episode that ended.
    assert (placement.reason_place_change, placement.move_planned) == ("CREQB", False)
    assert (new.start_date, new.end_date, new.reason_new_episode, new.urn) == (
        date(2025, 3, 10),
        None,
        codes.ReasonNewEpisode.P,
        "SC123456",
    )
    assert (new.reason_place_change, new.move_planned) == ("", None)


def test_a_placement_cannot_change_before_the_current_one_started(placement: Placement) -> None:
    with refused("placement_after_previous"):
        services.placement_change(
            period=placement.period,
            change_date=date(2025, 1, 31),
            reason_new_episode=codes.ReasonNewEpisode.P,
            legal_status=codes.LegalStatus.V2,
            placement_type=codes.PlacementType.K2,
            provider=codes.PlacementProvider.PR4,
            urn="SC123456",
            reason_place_change=codes.ReasonPlaceChange.CARPL,
            move_planned=True,
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
            urn="SC123456",
            reason_place_change=codes.ReasonPlaceChange.CARPL,
            move_planned=True,
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


# --- Becoming looked after: the referral, the URN, the home postcode and the care plan --------


def _start_from(referral: Referral, start_date: date, **more: object) -> LookedAfterPeriod:
    given: dict[str, object] = {
        "category_of_need": codes.PrimaryNeed.N1,
        "legal_status": codes.LegalStatus.C1,
        "placement_type": codes.PlacementType.K2,
        "provider": codes.PlacementProvider.PR4,
        "urn": "SC123456",
    }
    return services.looked_after_start(
        child=referral.child,
        referral=referral,
        start_date=start_date,
        **{**given, **more},  # type: ignore[arg-type]
    )


def test_a_child_becomes_looked_after_from_the_referral_with_what_the_return_needs(
    referral: Referral,
) -> None:
    period = _start_from(
        referral,
        date(2025, 3, 3),
        postcode=" zz99 3vz ",
        urn="sc654321",
        home_postcode="zz99  1aa",
        care_plan_date=date(2025, 2, 28),
    )

    placement = Placement.objects.get()
    assert (period.care_plan_date, period.home_postcode) == (date(2025, 2, 28), "ZZ99 1AA")
    assert (placement.postcode, placement.urn) == ("ZZ99 3VZ", "SC654321")


def test_care_started_from_a_referral_falls_inside_it(referral: Referral) -> None:
    with refused("within_open_referral"):
        _start_from(referral, date(2025, 1, 3))


def test_the_referral_must_be_the_childs_own(referral: Referral) -> None:
    with pytest.raises(ValueError, match="another child"):
        services.looked_after_start(
            child=ChildFactory(),
            referral=referral,
            start_date=date(2025, 3, 3),
            category_of_need=codes.PrimaryNeed.N1,
            legal_status=codes.LegalStatus.C1,
            placement_type=codes.PlacementType.K2,
            provider=codes.PlacementProvider.PR4,
        )
    assert not LookedAfterPeriod.objects.exists()


@pytest.mark.parametrize(
    ("urn", "placement_type", "rule"),
    [
        ("SC12345", codes.PlacementType.K2, "placement_urn_format"),
        ("12345", codes.PlacementType.K2, "placement_urn_format"),
        ("12345678", codes.PlacementType.K2, "placement_urn_format"),
        ("XC123456", codes.PlacementType.U6, "placement_urn_format"),
        ("SC123456", codes.PlacementType.P1, "placement_urn_fits_type"),
        ("1234567", codes.PlacementType.T1, "placement_urn_fits_type"),
    ],
)
def test_a_urn_that_is_not_ofsteds_shape_or_not_for_the_placement_is_refused(
    referral: Referral, urn: str, placement_type: str, rule: str
) -> None:
    with refused(rule) as caught:
        services.looked_after_start(
            child=referral.child,
            referral=referral,
            start_date=date(2025, 3, 3),
            category_of_need=codes.PrimaryNeed.N1,
            legal_status=codes.LegalStatus.C1,
            placement_type=placement_type,
            provider=codes.PlacementProvider.PR4,
            urn=urn,
        )
    assert caught.value.violations[0].fields == ("urn",)


@pytest.mark.parametrize(
    ("placement_type", "legal_status"),
    [
        (codes.PlacementType.K2, codes.LegalStatus.C1),
        (codes.PlacementType.U3, codes.LegalStatus.C1),
        # Placed for adoption: under the placement order (placement_fits_legal_status).
        (codes.PlacementType.A6, codes.LegalStatus.E1),
    ],
)
def test_a_placement_ofsted_registers_is_refused_without_its_urn(
    referral: Referral, placement_type: str, legal_status: str
) -> None:
    with refused("placement_urn_required") as caught:
        _start_from(
            referral,
            date(2025, 3, 3),
            placement_type=placement_type,
            legal_status=legal_status,
            urn="",
        )
    assert caught.value.violations[0].fields == ("urn",)
    assert f"type {placement_type} (" in str(caught.value)


def test_foster_care_with_the_councils_own_carers_asks_for_its_fostering_agencys_urn(
    referral: Referral,
) -> None:
    with refused("placement_urn_required") as caught:
        _start_from(
            referral,
            date(2025, 3, 3),
            placement_type=codes.PlacementType.U6,
            provider=codes.PlacementProvider.PR1,
            urn="",
        )
    assert "the council's fostering agency" in str(caught.value)


@pytest.mark.parametrize("placement_type", ["P1", "R1", "H5", "P2", "Z1"])
def test_a_placement_ofsted_does_not_register_needs_no_urn(
    referral: Referral, placement_type: str
) -> None:
    period = _start_from(
        referral, date(2025, 3, 3), placement_type=placement_type, provider="PR0", urn=""
    )

    assert period.placements.get().urn == ""


def test_a_move_without_the_new_placements_urn_is_refused(placement: Placement) -> None:
    with refused("placement_urn_required"):
        _change(placement, placement_type=codes.PlacementType.K2, urn="")


def test_a_change_of_legal_status_only_keeps_a_placement_recorded_without_a_urn(
    placement: Placement,
) -> None:
    Placement.objects.filter(pk=placement.pk).update(urn="")
    placement.refresh_from_db()

    new = _change(
        placement,
        reason_new_episode=codes.ReasonNewEpisode.L,
        legal_status=codes.LegalStatus.C1,
        placement_type=placement.placement_type,
        provider=placement.provider,
        postcode=placement.postcode,
        reason_place_change="",
        move_planned=None,
    )

    assert (new.placement_type, new.urn) == (placement.placement_type, "")


def test_a_child_placed_with_parents_cannot_be_accommodated_under_section_20(
    referral: Referral,
) -> None:
    with refused("placement_fits_legal_status") as caught:
        _start_from(
            referral,
            date(2025, 3, 3),
            legal_status=codes.LegalStatus.V2,
            placement_type=codes.PlacementType.P1,
            provider=codes.PlacementProvider.PR0,
            urn="",
        )
    assert caught.value.violations[0].fields == ("legal_status",)


def test_a_move_home_to_parents_under_section_20_is_refused(placement: Placement) -> None:
    with refused("placement_fits_legal_status"):
        _change(
            placement,
            placement_type=codes.PlacementType.P1,
            provider=codes.PlacementProvider.PR0,
            urn="",
        )


@pytest.mark.parametrize("urn", ["SC123456", "123456", "1234567"])
def test_an_ofsted_urn_is_sc_and_six_numbers_or_six_or_seven_numbers(
    referral: Referral, urn: str
) -> None:
    period = _start_from(referral, date(2025, 3, 3), urn=urn)

    assert period.placements.get().urn == urn


def test_a_care_plan_agreed_in_the_future_is_refused_with_the_start(referral: Referral) -> None:
    with refused("date_not_in_future"):
        _start_from(referral, date(2025, 3, 3), care_plan_date=TOMORROW)


# --- The care plan --------------------------------------------------------------------------


def test_the_care_plan_is_recorded_on_the_period(placement: Placement) -> None:
    period = services.care_plan_record(period=placement.period, care_plan_date=date(2025, 2, 14))

    assert (
        LookedAfterPeriod.objects.get().care_plan_date
        == date(2025, 2, 14)
        == (period.care_plan_date)
    )


def test_a_care_plan_agreed_before_the_placement_is_recorded(placement: Placement) -> None:
    services.care_plan_record(period=placement.period, care_plan_date=date(2025, 1, 30))

    assert LookedAfterPeriod.objects.get().care_plan_date == date(2025, 1, 30)


def test_the_first_care_plan_is_recorded_once(placement: Placement) -> None:
    LookedAfterPeriod.objects.filter(pk=placement.period_id).update(
        care_plan_date=date(2025, 2, 10)
    )

    with refused("care_plan_recorded_once") as caught:
        services.care_plan_record(period=placement.period, care_plan_date=date(2025, 2, 12))
    assert "already recorded, agreed on 10 February 2025" in str(caught.value)


def test_a_care_plan_cannot_be_dated_after_care_ended_or_in_the_future(
    placement: Placement,
) -> None:
    LookedAfterPeriod.objects.filter(pk=placement.period_id).update(
        end_date=date(2025, 2, 20), reason_ceased=codes.ReasonEpisodeCeased.E4A
    )

    with refused("care_plan_before_care_ended"):
        services.care_plan_record(period=placement.period, care_plan_date=date(2025, 2, 21))
    with refused("date_not_in_future", "care_plan_before_care_ended"):
        services.care_plan_record(period=placement.period, care_plan_date=TOMORROW)


# --- A change of placement or legal status ----------------------------------------------------


def _change(placement: Placement, **answers: object) -> Placement:
    given: dict[str, object] = {
        "change_date": date(2025, 3, 10),
        "reason_new_episode": codes.ReasonNewEpisode.P,
        "legal_status": placement.legal_status,
        "placement_type": codes.PlacementType.U6,
        "provider": codes.PlacementProvider.PR4,
        "postcode": "ZZ99 5AB",
        "urn": placement.urn,
        "reason_place_change": codes.ReasonPlaceChange.CARPL,
        "move_planned": True,
    }
    return services.placement_change(period=placement.period, **{**given, **answers})  # type: ignore[arg-type]


def test_a_change_of_legal_status_only_keeps_the_placement_and_asks_no_reason(
    placement: Placement,
) -> None:
    new = _change(
        placement,
        reason_new_episode=codes.ReasonNewEpisode.L,
        legal_status=codes.LegalStatus.C1,
        placement_type=placement.placement_type,
        provider=placement.provider,
        postcode=placement.postcode,
        reason_place_change="",
        move_planned=None,
    )

    placement.refresh_from_db()
    assert (new.legal_status, new.placement_type) == ("C1", placement.placement_type)
    assert (placement.reason_place_change, placement.move_planned) == ("", None)


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        # L: the legal status must change.
        (
            {
                "reason_new_episode": "L",
                "placement_type": "U6",
                "provider": "PR1",
                "postcode": "",
                "reason_place_change": "",
                "move_planned": None,
            },
            "legal_status",
        ),
        # L: nothing about the placement changes.
        (
            {
                "reason_new_episode": "L",
                "legal_status": codes.LegalStatus.C1,
                "reason_place_change": "",
                "move_planned": None,
            },
            "placement_type",
        ),
        # P: the legal status stays as it is.
        ({"legal_status": codes.LegalStatus.C2}, "reason_new_episode"),
        # P: the placement must differ from the current one.
        (
            {"placement_type": "U6", "provider": "PR1", "postcode": ""},
            "placement_type",
        ),
        # B: both change.
        ({"reason_new_episode": "B"}, "legal_status"),
        # S starts a period of care; it is not a change within one.
        ({"reason_new_episode": "S"}, "reason_new_episode"),
    ],
    ids=[
        "status only, unchanged",
        "status only, placement changed",
        "placement only, status changed",
        "placement unchanged",
        "both, status unchanged",
        "started",
    ],
)
def test_a_new_episode_changes_what_its_reason_says_and_nothing_else(
    placement: Placement, answers: dict[str, object], field: str
) -> None:
    with refused("episode_change_fits_reason") as caught:
        _change(placement, **answers)
    assert caught.value.violations[0].fields == (field,)


def test_a_move_needs_why_the_placement_ended_and_whether_it_was_planned(
    placement: Placement,
) -> None:
    with refused("placement_move_reason", "placement_move_planned") as caught:
        _change(placement, reason_place_change="", move_planned=None)
    assert (
        str(caught.value) == "Choose why the placement ended. Select yes if the move was planned."
    )


def test_a_change_of_legal_status_only_takes_no_reason_for_a_move(placement: Placement) -> None:
    with refused("placement_move_reason", "placement_move_planned"):
        _change(
            placement,
            reason_new_episode=codes.ReasonNewEpisode.L,
            legal_status=codes.LegalStatus.C1,
            placement_type=placement.placement_type,
            provider=placement.provider,
            postcode=placement.postcode,
        )


def test_a_move_into_or_out_of_a_temporary_placement_has_no_reason(placement: Placement) -> None:
    with refused("placement_move_reason"):
        _change(placement, placement_type=codes.PlacementType.T1, postcode="", urn="")

    into_hospital = _change(
        placement,
        placement_type=codes.PlacementType.T1,
        postcode="",
        urn="",
        reason_place_change="",
    )
    out_again = _change(
        into_hospital,
        change_date=date(2025, 3, 12),
        placement_type=codes.PlacementType.U6,
        provider=codes.PlacementProvider.PR1,
        urn="SC123456",
        reason_place_change="",
    )
    assert out_again.placement_type == "U6"


def test_a_child_under_10_does_not_move_because_of_a_custody_arrangement(
    placement: Placement,
) -> None:
    Person.objects.filter(pk=placement.child_id).update(date_of_birth=date(2015, 3, 11))

    with refused("placement_move_reason") as caught:
        _change(placement, reason_place_change=codes.ReasonPlaceChange.CUSTOD)
    assert "under 10" in str(caught.value)

    # On the tenth birthday, it can.
    moved = _change(
        placement, change_date=date(2025, 3, 11), reason_place_change=codes.ReasonPlaceChange.CUSTOD
    )
    placement.refresh_from_db()
    assert (moved.start_date, placement.reason_place_change) == (date(2025, 3, 11), "CUSTOD")


def test_a_change_cannot_be_in_the_future(placement: Placement) -> None:
    with refused("date_not_in_future"):
        _change(placement, change_date=TOMORROW)


# --- Looked-after reviews: the IRO, how the child took part, the recommendations ------------


@pytest.fixture
def iro(placement: Placement) -> Worker:
    return WorkerFactory(chair=True)


def test_a_review_records_the_iro_and_their_recommendations(
    placement: Placement, iro: Worker
) -> None:
    review = services.looked_after_review_record(
        period=placement.period,
        review_date=date(2025, 3, 3),
        participation=codes.ReviewParticipation.PN1,
        iro=iro,
        iro_recommendations="  Keep the placement; contact with grandmother fortnightly.  ",
    )

    assert (review.iro, review.iro_recommendations) == (
        iro,
        "Keep the placement; contact with grandmother fortnightly.",
    )


def test_only_an_iro_in_post_chairs_a_review(placement: Placement) -> None:
    social_worker = WorkerFactory()
    left = WorkerFactory(chair=True, left_on=date(2025, 2, 28))

    for worker in (social_worker, left):
        with refused("care_review_chaired_by_iro") as caught:
            services.looked_after_review_record(
                period=placement.period, review_date=date(2025, 3, 3), iro=worker
            )
        assert caught.value.violations[0].fields == ("iro",)


def test_a_review_is_held_while_the_child_is_looked_after(placement: Placement) -> None:
    LookedAfterPeriod.objects.filter(pk=placement.period_id).update(
        end_date=date(2025, 3, 3), reason_ceased=codes.ReasonEpisodeCeased.E4A
    )

    with refused("care_review_before_care_ended"):
        services.looked_after_review_record(period=placement.period, review_date=date(2025, 3, 4))
    review = services.looked_after_review_record(
        period=placement.period, review_date=date(2025, 3, 3)
    )
    assert review.review_date == date(2025, 3, 3)


@pytest.mark.parametrize(
    ("born", "participation", "accepted"),
    [
        (date(2021, 3, 4), "PN0", True),  # under 4 on 3 March 2025
        (date(2021, 3, 4), "PN1", False),
        (date(2021, 3, 3), "PN0", True),  # the fourth birthday: either
        (date(2021, 3, 3), "PN6", True),
        (date(2021, 3, 2), "PN0", False),  # 4 and a day
        (date(2021, 3, 2), "PN7", True),
    ],
)
def test_how_the_child_took_part_fits_their_age_at_the_review(
    born: date, participation: str, accepted: bool
) -> None:
    placement = PlacementFactory(period__child__date_of_birth=born)
    if accepted:
        services.looked_after_review_record(
            period=placement.period, review_date=date(2025, 3, 3), participation=participation
        )
        assert LookedAfterReview.objects.count() == 1
    else:
        with refused("care_review_participation_fits_age"):
            services.looked_after_review_record(
                period=placement.period, review_date=date(2025, 3, 3), participation=participation
            )
