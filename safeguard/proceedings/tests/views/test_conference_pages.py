"""The pages that record a family group conference about a child: offered, the family's
answer, held with the family network, the family's plan. The case holder records each step;
a refusal is shown beside its field and writes nothing; another team's worker is refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from safeguard.audit.models import AuditEntry
from safeguard.proceedings import services
from safeguard.proceedings.models import FamilyGroupConference, FamilyNetworkAttendee

from .support import day, frozen_today, record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
__all__ = ["frozen_today"]


def _offered(personas, *, answered: bool = False, held: bool = False) -> FamilyGroupConference:
    conference = services.family_group_conference_offer(
        child=personas.own_child,
        offered_on=date(2025, 8, 1),
        offered_by=personas.social_worker.worker,
    )
    if answered or held:
        services.family_group_conference_answer(
            conference=conference, answer="accepted", answered_on=date(2025, 8, 4)
        )
    if held:
        services.family_group_conference_hold(
            conference=conference,
            held_on=date(2025, 8, 20),
            coordinator_name="Rowan Coordinator",
            coordinator_organisation="Northbridge FGC Service",
            attendees=[services.NetworkAttendee("Ivy Testbrook", "maternal grandmother")],
        )
    return conference


def _url(name: str, child, conference=None) -> str:
    args = [child.pk] if conference is None else [child.pk, conference.pk]
    return reverse(f"proceedings:{name}", args=args)


def test_the_childs_worker_offers_a_conference_from_the_record(sign_in, personas):
    client = sign_in(personas.social_worker)
    page = client.get(reverse("cases:child_record", args=[personas.own_child.pk]))
    offer = _url("conference_offer", personas.own_child)
    assert offer in page.content.decode()

    done = record(client, offer, day("offered_on", date(2025, 8, 1)))

    assert done.status_code == 302
    conference = FamilyGroupConference.objects.get(child=personas.own_child)
    assert conference.offered_on == date(2025, 8, 1)
    assert conference.offered_by == personas.social_worker.worker
    assert AuditEntry.objects.filter(
        object_type="proceedings.familygroupconference", child_id=personas.own_child.pk
    ).exists()


def test_an_offer_in_the_future_is_refused_beside_the_date_and_nothing_is_written(
    sign_in, personas
):
    response = sign_in(personas.social_worker).post(
        _url("conference_offer", personas.own_child), day("offered_on", date(2025, 9, 2))
    )
    assert response.status_code == 400
    assert 'id="id_offered_on-error"' in response.content.decode()
    assert not FamilyGroupConference.objects.exists()


def test_a_worker_from_another_team_cannot_offer_a_conference_for_the_child(sign_in, personas):
    response = sign_in(personas.other_worker).post(
        _url("conference_offer", personas.own_child), day("offered_on", date(2025, 8, 1))
    )
    assert response.status_code == 404
    assert not FamilyGroupConference.objects.exists()


def test_the_family_accepts_the_offer(sign_in, personas):
    conference = _offered(personas)
    done = record(
        sign_in(personas.social_worker),
        _url("conference_answer", personas.own_child, conference),
        {"answer": "accepted", **day("answered_on", date(2025, 8, 4))},
    )
    assert done.status_code == 302
    conference.refresh_from_db()
    assert (conference.answer, conference.answered_on) == ("accepted", date(2025, 8, 4))


def test_an_answer_before_the_offer_is_refused_and_nothing_is_written(sign_in, personas):
    conference = _offered(personas)
    response = sign_in(personas.social_worker).post(
        _url("conference_answer", personas.own_child, conference),
        {"answer": "declined", **day("answered_on", date(2025, 7, 30))},
    )
    assert response.status_code == 400
    assert "govuk-error-message" in response.content.decode()
    conference.refresh_from_db()
    assert conference.answered_on is None


def test_a_front_door_worker_may_not_record_the_familys_answer(sign_in, personas):
    conference = _offered(personas)
    response = sign_in(personas.front_door_worker).get(
        _url("conference_answer", personas.own_child, conference)
    )
    assert response.status_code == 403


def test_the_conference_is_recorded_with_the_family_network_who_came(sign_in, personas):
    conference = _offered(personas, answered=True)
    done = record(
        sign_in(personas.social_worker),
        _url("conference_hold", personas.own_child, conference),
        {
            **day("held_on", date(2025, 8, 20)),
            "coordinator_name": "Rowan Coordinator",
            "coordinator_organisation": "Northbridge FGC Service",
            "attendee_1_name": "Ivy Testbrook",
            "attendee_1_relationship": "maternal grandmother",
            "attendee_2_name": "Sol Testbrook",
            "attendee_2_relationship": "uncle",
        },
    )
    assert done.status_code == 302
    conference.refresh_from_db()
    assert conference.held_on == date(2025, 8, 20)
    assert sorted(
        FamilyNetworkAttendee.objects.filter(conference=conference).values_list(
            "name", "relationship"
        )
    ) == [("Ivy Testbrook", "maternal grandmother"), ("Sol Testbrook", "uncle")]


def test_a_conference_with_no_one_of_the_family_network_is_refused(sign_in, personas):
    conference = _offered(personas, answered=True)
    response = sign_in(personas.social_worker).post(
        _url("conference_hold", personas.own_child, conference),
        {**day("held_on", date(2025, 8, 20)), "coordinator_name": "Rowan Coordinator"},
    )
    assert response.status_code == 400
    assert 'id="id_attendee_1_name-error"' in response.content.decode()
    conference.refresh_from_db()
    assert conference.held_on is None
    assert not FamilyNetworkAttendee.objects.exists()


def test_a_name_without_its_relationship_is_asked_for(sign_in, personas):
    conference = _offered(personas, answered=True)
    response = sign_in(personas.social_worker).post(
        _url("conference_hold", personas.own_child, conference),
        {
            **day("held_on", date(2025, 8, 20)),
            "coordinator_name": "Rowan Coordinator",
            "attendee_1_name": "Ivy Testbrook",
        },
    )
    assert response.status_code == 400
    assert "Enter member 1&#x27;s relationship to the child" in response.content.decode()


def test_a_conference_about_another_child_is_not_found_through_this_childs_pages(sign_in, personas):
    conference = _offered(personas, answered=True)
    response = sign_in(personas.social_worker).get(
        _url("conference_hold", personas.team_child, conference)
    )
    assert response.status_code == 404


def test_the_familys_plan_is_recorded_with_its_review(sign_in, personas):
    conference = _offered(personas, held=True)
    done = record(
        sign_in(personas.social_worker),
        _url("family_plan_agree", personas.own_child, conference),
        {
            **day("plan_agreed_on", date(2025, 8, 20)),
            "family_plan": "Grandmother collects the child from school every weekday.",
            **day("plan_review_on", date(2025, 11, 20)),
        },
    )
    assert done.status_code == 302
    conference.refresh_from_db()
    assert conference.plan_agreed_on == date(2025, 8, 20)
    assert conference.plan_review_on == date(2025, 11, 20)


def test_a_plan_reviewed_before_it_is_agreed_is_refused_beside_the_review_date(sign_in, personas):
    conference = _offered(personas, held=True)
    response = sign_in(personas.social_worker).post(
        _url("family_plan_agree", personas.own_child, conference),
        {
            **day("plan_agreed_on", date(2025, 8, 20)),
            "family_plan": "Grandmother collects the child from school every weekday.",
            **day("plan_review_on", date(2025, 8, 19)),
        },
    )
    assert response.status_code == 400
    assert 'id="id_plan_review_on-error"' in response.content.decode()
    conference.refresh_from_db()
    assert conference.plan_agreed_on is None


def test_a_worker_from_another_team_cannot_record_the_familys_plan(sign_in, personas):
    conference = _offered(personas, held=True)
    response = sign_in(personas.other_worker).get(
        _url("family_plan_agree", personas.own_child, conference)
    )
    assert response.status_code == 404
