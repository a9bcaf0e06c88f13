"""A looked-after child's journey recorded through its pages: becoming looked after from the
referral, the care plan, a change of placement or legal status, a looked-after review and
ceasing to be looked after. The one flow (form, check your answers, confirm), what follows,
refusals on the form with nothing written, who may open each page, and what the record offers.

Time is frozen at noon on Friday 14 March 2025 (test_actions.frozen_today); the factories'
referral opened on Monday 6 January 2025; a factory period of care started Monday 3 February.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from safeguard.audit.models import AuditEntry
from safeguard.cases.models import LookedAfterPeriod, LookedAfterReview, Placement
from safeguard.cases.tests.factories import PlacementFactory, ReferralFactory
from safeguard.cases.tests.views.test_actions import (
    banner,
    check_answers,
    day,
    frozen_today,  # noqa: F401 (autouse fixture)
    record,
)
from safeguard.organisation.models import Worker

pytestmark = pytest.mark.django_db


def _referral(personas: Any) -> Any:
    return ReferralFactory(child=personas.own_child, team=personas.team)


def _looked_after(personas: Any) -> Placement:
    """Looked after since Monday 3 February 2025, in foster care under section 20."""
    placement: Placement = PlacementFactory(
        period__child=personas.own_child, postcode="ZZ99 1AA", urn="SC123456"
    )
    return placement


def _start_answers(on: date, **more: str) -> dict[str, str]:
    return {
        **day("start_date", on),
        "legal_status": "C1",
        "category_of_need": "N1",
        "placement_type": "U6",
        "provider": "PR1",
        "postcode": "zz99 2ab",
        "urn": "SC123456",
        "home_postcode": "ZZ99 3CD",
        "visiting_plan": "standard",
        **more,
    }


def _url(name: str, personas: Any) -> str:
    return reverse(f"cases:{name}", args=[personas.own_child.pk])


# --- Becoming looked after -------------------------------------------------------------------


def test_the_worker_records_the_child_becoming_looked_after_and_is_told_what_is_due(
    personas, sign_in
):
    referral = _referral(personas)
    client = sign_in(personas.social_worker)
    url = reverse("cases:care_start", args=[referral.pk])

    page = check_answers(client, url, _start_answers(date(2025, 3, 10))).content.decode()
    assert "Date the child became looked after" in page and "10 March 2025" in page
    assert "Interim care order" in page
    assert not LookedAfterPeriod.objects.exists()  # nothing until confirmed

    response = record(client, url, _start_answers(date(2025, 3, 10)))

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:child_record", args=[personas.own_child.pk])
    # From Mon 10 March 2025: 10 working days to Mon 24 March; 20 to Mon 7 April; a week to
    # the first visit, Mon 17 March.
    assert banner(response) == [
        "Own Child is looked after. The first placement is recorded.",
        "The care plan is due by 24 March 2025, 10 working days from the start of the first "
        "placement. The first looked-after review is due by 7 April 2025, 20 working days "
        "from the day the child became looked after. The first visit in the placement is due "
        "by 17 March 2025, 1 week from its start.",
    ]
    period = LookedAfterPeriod.objects.get()
    placement = Placement.objects.get()
    assert (period.child, period.start_date, period.home_postcode) == (
        personas.own_child,
        date(2025, 3, 10),
        "ZZ99 3CD",
    )
    assert (placement.legal_status, placement.placement_type, placement.postcode) == (
        "C1",
        "U6",
        "ZZ99 2AB",
    )
    assert AuditEntry.objects.filter(
        action="create", object_type="cases.lookedafterperiod"
    ).exists()


def test_a_care_plan_agreed_before_the_placement_is_recorded_with_it(personas, sign_in):
    referral = _referral(personas)
    client = sign_in(personas.social_worker)

    response = record(
        client,
        reverse("cases:care_start", args=[referral.pk]),
        _start_answers(date(2025, 3, 10), **day("care_plan_date", date(2025, 3, 7))),
    )

    assert LookedAfterPeriod.objects.get().care_plan_date == date(2025, 3, 7)
    assert banner(response)[1].startswith("The care plan was agreed in time: it was due by 24")


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (
            _start_answers(date(2025, 1, 3)),
            "The start date must be on or after 6 January 2025, the date the referral was "
            "accepted.",
        ),
        (
            _start_answers(date(2025, 3, 17)),
            "The start date cannot be in the future: enter today&#x27;s date or an earlier one.",
        ),
        (
            _start_answers(date(2025, 3, 10), urn="SC12"),
            "Enter the Ofsted URN as SC and 6 numbers, or 6 or 7 numbers, like SC123456 or "
            "1234567.",
        ),
        (
            _start_answers(date(2025, 3, 10), placement_type="P1", provider="PR0", urn="123456"),
            "This kind of placement has no Ofsted URN: leave it empty.",
        ),
        (
            _start_answers(date(2025, 3, 10), placement_type="K2", provider="PR4", urn=""),
            "Enter the Ofsted URN of the provider, as Ofsted&#x27;s register gives it: a "
            "placement of type K2 (Children&#x27;s home) has one",
        ),
        (
            _start_answers(
                date(2025, 3, 10), legal_status="V2", placement_type="P1", provider="PR0", urn=""
            ),
            "A child placed with their parents (P1) cannot be accommodated under section 20 (V2)",
        ),
        (
            _start_answers(date(2025, 3, 10), **day("care_plan_date", date(2025, 3, 20))),
            "The care plan date cannot be in the future",
        ),
    ],
    ids=[
        "before the referral",
        "in the future",
        "urn shape",
        "urn for P1",
        "no urn for K2",
        "P1 under V2",
        "plan in future",
    ],
)
def test_what_the_service_would_refuse_is_shown_on_the_first_page(
    personas, sign_in, answers, message
):
    referral = _referral(personas)
    client = sign_in(personas.social_worker)

    response = client.post(reverse("cases:care_start", args=[referral.pk]), answers)

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert "Check your answers" not in page
    assert not LookedAfterPeriod.objects.exists()


def test_a_child_already_looked_after_is_refused_on_the_form(personas, sign_in):
    referral = _referral(personas)
    _looked_after(personas)
    client = sign_in(personas.social_worker)

    response = client.post(
        reverse("cases:care_start", args=[referral.pk]), _start_answers(date(2025, 3, 10))
    )

    assert response.status_code == 400
    assert "The child is already looked after." in response.content.decode()
    assert LookedAfterPeriod.objects.count() == 1


def test_placement_types_the_return_dropped_are_not_offered(personas, sign_in):
    referral = _referral(personas)
    client = sign_in(personas.social_worker)

    page = client.get(reverse("cases:care_start", args=[referral.pk])).content.decode()

    assert 'value="K3"' in page
    assert 'value="H5"' not in page and 'value="P2"' not in page


# --- The care plan ---------------------------------------------------------------------------


def test_the_care_plan_is_recorded_and_its_clock_read_back(personas, sign_in):
    _looked_after(personas)
    client = sign_in(personas.social_worker)
    url = _url("care_plan_record", personas)

    page = client.get(url).content.decode()
    # From Mon 3 February 2025: 10 working days to Mon 17 February.
    assert "Care plan due by" in page and "17 February 2025" in page

    response = record(client, url, day("care_plan_date", date(2025, 2, 19)))

    assert banner(response) == [
        "Care plan recorded",
        "The care plan was agreed late: it was due by 17 February 2025, 10 working days from "
        "the start of the first placement. Each looked-after review considers it from now on.",
    ]
    assert LookedAfterPeriod.objects.get().care_plan_date == date(2025, 2, 19)


def test_a_care_plan_already_recorded_is_refused_on_the_form(personas, sign_in):
    placement = _looked_after(personas)
    LookedAfterPeriod.objects.filter(pk=placement.period_id).update(
        care_plan_date=date(2025, 2, 10)
    )
    client = sign_in(personas.social_worker)

    response = client.post(
        _url("care_plan_record", personas), day("care_plan_date", date(2025, 2, 12))
    )

    assert response.status_code == 400
    assert "already recorded, agreed on 10 February 2025" in response.content.decode()
    assert LookedAfterPeriod.objects.get().care_plan_date == date(2025, 2, 10)


# --- A change of placement or legal status ---------------------------------------------------


def _move(on: date, **more: str) -> dict[str, str]:
    return {
        **day("change_date", on),
        "reason_new_episode": "P",
        "reason_place_change": "CREQB",
        "move_planned": "no",
        "legal_status": "V2",
        "placement_type": "K2",
        "provider": "PR4",
        "postcode": "ZZ99 9ZZ",
        "urn": "SC123456",
        "visiting_plan": "standard",
        **more,
    }


def test_a_move_ends_the_placement_with_its_reason_and_starts_the_new_one(personas, sign_in):
    old = _looked_after(personas)
    client = sign_in(personas.social_worker)
    url = _url("placement_change", personas)

    # The form starts from the placement the child has now.
    page = client.get(url).content.decode()
    assert 'value="ZZ99 1AA"' in page

    response = record(client, url, _move(date(2025, 3, 10)))

    assert banner(response) == [
        "Change of placement recorded",
        "Visit the child in the new placement: the visit is due by 17 March 2025, 1 week "
        "from the move.",
    ]
    old.refresh_from_db()
    assert (old.end_date, old.reason_place_change, old.move_planned) == (
        date(2025, 3, 10),
        "CREQB",
        False,
    )
    new = Placement.objects.get(end_date__isnull=True)
    assert (new.start_date, new.reason_new_episode, new.placement_type, new.urn) == (
        date(2025, 3, 10),
        "P",
        "K2",
        "SC123456",
    )


def test_a_change_of_legal_status_only_keeps_the_placement(personas, sign_in):
    _looked_after(personas)
    client = sign_in(personas.social_worker)

    response = record(
        client,
        _url("placement_change", personas),
        _move(
            date(2025, 3, 10),
            reason_new_episode="L",
            reason_place_change="",
            move_planned="",
            legal_status="C1",
            placement_type="U6",
            provider="PR1",
            postcode="ZZ99 1AA",
            urn="SC123456",
        ),
    )

    assert banner(response) == ["Change of legal status recorded"]
    assert Placement.objects.get(end_date__isnull=True).legal_status == "C1"


def test_a_move_into_a_long_term_foster_placement_records_the_childs_agreement(personas, sign_in):
    _looked_after(personas)
    client = sign_in(personas.social_worker)
    url = _url("placement_change", personas)

    refused = client.post(url, _move(date(2025, 3, 10), six_monthly_visits_agreed="yes"))
    assert refused.status_code == 400
    assert "only in a long-term foster placement" in refused.content.decode()
    assert Placement.objects.filter(end_date__isnull=True).count() == 1

    record(
        client,
        url,
        _move(date(2025, 3, 10), visiting_plan="long_term_foster", six_monthly_visits_agreed="yes"),
    )
    new = Placement.objects.get(end_date__isnull=True)
    assert (new.visiting_plan, new.six_monthly_visits_agreed) == ("long_term_foster", True)


def test_a_move_without_its_reason_is_refused_beside_the_questions(personas, sign_in):
    _looked_after(personas)
    client = sign_in(personas.social_worker)

    response = client.post(
        _url("placement_change", personas),
        _move(date(2025, 3, 10), reason_place_change="", move_planned=""),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert '<a href="#id_reason_place_change">Choose why the placement ended.</a>' in page
    assert '<a href="#id_move_planned_0">Select yes if the move was planned.</a>' in page
    assert Placement.objects.count() == 1


def test_a_change_before_the_current_placement_started_is_refused_on_the_first_page(
    personas, sign_in
):
    _looked_after(personas)
    client = sign_in(personas.social_worker)

    response = client.post(_url("placement_change", personas), _move(date(2025, 1, 31)))

    assert response.status_code == 400
    assert "must be on or after 3 February 2025, the date the current placement started" in (
        response.content.decode()
    )
    assert "Check your answers" not in response.content.decode()


# --- Looked-after reviews --------------------------------------------------------------------


def _review(iro: Worker, on: date, **more: str) -> dict[str, Any]:
    return {
        **day("review_date", on),
        "iro": str(iro.pk),
        "participation": "PN1",
        "iro_recommendations": "Stay with the current carers; start life-story work.",
        **more,
    }


def test_a_review_is_recorded_with_its_iro_and_recommendations(personas, sign_in):
    _looked_after(personas)
    iro = personas.conference_chair.worker
    client = sign_in(personas.social_worker)
    url = _url("care_review_record", personas)

    page = client.get(url).content.decode()
    # Only the authority's IROs are offered.
    assert f'value="{iro.pk}"' in page
    assert f'value="{personas.social_worker.worker.pk}"' not in page

    response = record(client, url, _review(iro, date(2025, 2, 28)))

    assert banner(response) == [
        "Looked-after review recorded",
        "The next looked-after review is due by 28 May 2025, 3 months from this one.",
    ]
    review = LookedAfterReview.objects.get()
    assert (review.iro, review.participation, review.iro_recommendations) == (
        iro,
        "PN1",
        "Stay with the current carers; start life-story work.",
    )


def test_a_second_review_is_followed_by_one_within_6_months(personas, sign_in):
    placement = _looked_after(personas)
    LookedAfterReview.objects.create(
        period=placement.period, child=placement.child, review_date=date(2025, 2, 28)
    )
    client = sign_in(personas.social_worker)

    response = record(
        client,
        _url("care_review_record", personas),
        _review(personas.conference_chair.worker, date(2025, 3, 13)),
    )

    assert banner(response)[1] == (
        "The next looked-after review is due by 13 September 2025, 6 months from this one."
    )


def test_a_review_needs_the_iro_and_their_recommendations(personas, sign_in):
    _looked_after(personas)
    client = sign_in(personas.social_worker)

    response = client.post(
        _url("care_review_record", personas),
        {**day("review_date", date(2025, 2, 28)), "participation": "PN1"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Select the independent reviewing officer" in page
    assert "Enter the IRO&#x27;s recommendations" in page
    assert not LookedAfterReview.objects.exists()


def test_how_a_child_took_part_that_does_not_fit_their_age_is_refused(personas, sign_in):
    _looked_after(personas)  # the child was born on 1 March 2016
    client = sign_in(personas.social_worker)

    response = client.post(
        _url("care_review_record", personas),
        _review(personas.conference_chair.worker, date(2025, 2, 28), participation="PN0"),
    )

    assert response.status_code == 400
    assert "The child was 4 or over on the day of the review" in response.content.decode()
    assert not LookedAfterReview.objects.exists()


# --- Ceasing to be looked after --------------------------------------------------------------


def test_care_ends_with_its_reason_and_the_record_offers_starting_again(personas, sign_in):
    placement = _looked_after(personas)
    _referral(personas)
    client = sign_in(personas.social_worker)

    response = record(
        client,
        _url("care_end", personas),
        {**day("end_date", date(2025, 3, 12)), "reason_ceased": "E4A"},
    )

    assert banner(response)[0] == "Own Child is no longer looked after"
    period = LookedAfterPeriod.objects.get()
    placement.refresh_from_db()
    assert (period.end_date, period.reason_ceased, placement.end_date) == (
        date(2025, 3, 12),
        "E4A",
        date(2025, 3, 12),
    )
    page = client.get(reverse("cases:child_record", args=[personas.own_child.pk])).content
    assert b"Record that the child became looked after" in page
    assert b"Record a looked-after review" not in page


def test_an_episode_ending_reason_is_not_offered_for_care_ending(personas, sign_in):
    _looked_after(personas)
    client = sign_in(personas.social_worker)

    page = client.get(_url("care_end", personas)).content.decode()

    assert 'value="E4A"' in page and 'value="X1"' not in page


# --- The record, and who may open the pages --------------------------------------------------


def test_the_record_shows_the_period_and_offers_its_steps(personas, sign_in):
    _looked_after(personas)
    client = sign_in(personas.social_worker)

    page = client.get(reverse("cases:child_record", args=[personas.own_child.pk])).content
    text = page.decode()

    assert "Care plan: not yet recorded, due by 17 February 2025" in text
    for link in (
        "Record the care plan",
        "Record a change of placement or legal status",
        "Record a looked-after review",
        "Record that the child stopped being looked after",
    ):
        assert link in text, link


@pytest.mark.parametrize("name", ["care_plan_record", "placement_change", "care_review_record"])
def test_a_child_who_is_not_looked_after_is_sent_back_to_the_record(personas, sign_in, name):
    client = sign_in(personas.social_worker)

    response = client.get(_url(name, personas))

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:child_record", args=[personas.own_child.pk])
    assert banner(response) == [
        "Own Child is not looked after now, so there is no period of care to record this in."
    ]


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
def test_who_may_open_the_looked_after_pages(personas, sign_in, user, status):
    referral = _referral(personas)
    _looked_after(personas)
    client = sign_in(getattr(personas, user))

    for url in (
        reverse("cases:care_start", args=[referral.pk]),
        _url("care_plan_record", personas),
        _url("placement_change", personas),
        _url("care_review_record", personas),
        _url("care_end", personas),
    ):
        assert client.get(url).status_code == status, url


def test_another_teams_worker_cannot_post_a_move_either(personas, sign_in):
    _looked_after(personas)

    response = sign_in(personas.other_worker).post(
        _url("placement_change", personas), _move(date(2025, 3, 10))
    )

    assert response.status_code == 404
    assert Placement.objects.count() == 1
