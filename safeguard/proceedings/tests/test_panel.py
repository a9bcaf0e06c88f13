"""The child record's panel and chronology entries, within need to know: the child's worker
sees the child's pre-proceedings and conferences; a worker from another team is refused the
record (404) and the reads answer them nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from safeguard.cases import extensions
from safeguard.family_help.tests.factories import EarlyHelpEpisodeFactory
from safeguard.proceedings import panels, selectors, services
from safeguard.proceedings.services import NetworkAttendee

pytestmark = pytest.mark.django_db

TODAY = date(2025, 9, 1)


@pytest.fixture
def recorded(personas):
    child = personas.own_child
    chair = personas.team_manager.worker
    meeting = services.legal_planning_meeting_record(
        child=child,
        held_on=date(2025, 4, 7),
        outcome="B",
        rationale="Neglect continues despite the child protection plan.",
        chaired_by=chair,
    )
    period = services.pre_proceedings_letter_send(
        pre_proceedings=meeting.pre_proceedings,
        sent_on=date(2025, 4, 10),
        family_group_conference_offered=True,
    )
    conference = services.family_group_conference_offer(
        child=child, offered_on=date(2025, 4, 10), offered_by=personas.social_worker.worker
    )
    services.family_group_conference_answer(
        conference=conference, answer="accepted", answered_on=date(2025, 4, 11)
    )
    services.family_group_conference_hold(
        conference=conference,
        held_on=date(2025, 5, 1),
        coordinator_name="Rowan Coordinator",
        coordinator_organisation="Northbridge FGC Service",
        attendees=[NetworkAttendee("Ivy Testbrook", "maternal grandmother")],
    )
    return period


def test_the_childs_worker_sees_the_panel_on_the_record(sign_in, personas, recorded):
    response = sign_in(personas.social_worker).get(
        reverse("cases:child_record", args=[personas.own_child.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="proceedings"' in html
    assert recorded.plo_family_reference in html
    assert "Ivy Testbrook (maternal grandmother)" in html
    assert "Legal planning meeting: start pre-proceedings" in html, "in the chronology"


def test_a_worker_from_another_team_is_refused_the_record_and_the_reads(
    sign_in, personas, recorded
):
    other = personas.other_worker
    url = reverse("cases:child_record", args=[personas.own_child.pk])
    assert sign_in(other).get(url).status_code == 404
    child = personas.own_child
    assert selectors.pre_proceedings_list(user=other, child=child) == []
    assert selectors.legal_planning_meetings_list(user=other, child=child) == []
    assert selectors.family_group_conferences_list(user=other, child=child) == []
    assert panels.proceedings_record_panel(other, child, TODAY) is None
    assert panels.proceedings_chronology(other, child) == []


def test_a_child_with_nothing_recorded_has_no_panel_for_those_who_may_not_record(personas):
    # The front door sees the child (its contact) but records none of this.
    assert (
        panels.proceedings_record_panel(personas.front_door_worker, personas.own_child, TODAY)
        is None
    )
    assert (
        panels.proceedings_record_panel(personas.other_worker, personas.team_child, TODAY) is None
    )


def test_a_child_with_nothing_recorded_offers_the_case_holder_the_first_steps(personas):
    panel = panels.proceedings_record_panel(personas.social_worker, personas.team_child, TODAY)
    assert panel is not None
    assert [text for _, text in panel.context["links"]] == [
        "Record a legal planning meeting",
        "Offer a family group conference",
    ]
    assert panel.context["conferences"] == panel.context["pre_proceedings"] == []


def test_a_family_conference_is_on_each_childs_record_within_need_to_know(personas):
    episode = EarlyHelpEpisodeFactory(child=personas.own_child)
    EarlyHelpEpisodeFactory(family_help=episode.family_help, child=personas.other_child)
    conference = services.family_group_conference_offer(
        family_help=episode.family_help,
        offered_on=date(2025, 3, 3),
        offered_by=personas.social_worker.worker,
    )
    worker = personas.social_worker
    assert selectors.family_group_conferences_list(user=worker, child=personas.own_child) == [
        conference
    ]
    assert selectors.family_group_conferences_list(user=worker, child=personas.other_child) == []


def test_the_panel_and_chronology_are_registered_with_the_seam():
    assert panels.proceedings_record_panel in extensions._record_panels
    assert panels.proceedings_chronology in extensions._chronology_sources


def test_a_child_with_nothing_recorded_costs_two_queries_off_the_record(
    personas, django_assert_num_queries
):
    child = personas.team_child
    user = personas.social_worker
    panels.proceedings_record_panel(user, personas.other_child, TODAY)  # the user's worker read
    # Need to know and the tables registered with the record (`cases.selectors.record_tables`);
    # on the record, which asked the one and read the other with its own, none.
    with django_assert_num_queries(2):
        assert panels.proceedings_record_panel(user, child, TODAY) is not None  # the links
        assert panels.proceedings_chronology(user, child) == []


def test_the_panel_and_chronology_share_one_read_of_a_recorded_child(
    personas, recorded, django_assert_num_queries
):
    child = personas.own_child
    user = personas.social_worker
    panels.proceedings_record_panel(user, personas.other_child, TODAY)  # the user's worker read
    # Need to know and which kinds exist (none on the record); conferences and their
    # attendees; meetings; periods and their meetings.
    with django_assert_num_queries(7):
        panels.proceedings_record_panel(user, child, TODAY)
        panels.proceedings_chronology(user, child)
