"""The pages that record a child's pre-proceedings: the legal planning meeting's decision
(which starts the period), the letter before proceedings, the meetings, the outcome. The case
holder records each; a refusal is shown beside its field and writes nothing; a worker from
another team is refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from safeguard.proceedings import services
from safeguard.proceedings.models import (
    LegalPlanningMeeting,
    PreProceedings,
    PreProceedingsMeeting,
)

from .support import day, frozen_today, record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
__all__ = ["frozen_today"]

REASONS = "Neglect continues despite the child protection plan."


def _started(personas, *, letter: bool = False) -> PreProceedings:
    meeting = services.legal_planning_meeting_record(
        child=personas.own_child,
        held_on=date(2025, 7, 7),
        outcome="B",
        rationale=REASONS,
        chaired_by=personas.team_manager.worker,
    )
    period = meeting.pre_proceedings
    if letter:
        services.pre_proceedings_letter_send(
            pre_proceedings=period, sent_on=date(2025, 7, 10), family_group_conference_offered=True
        )
    return period


def _url(name: str, child, period=None) -> str:
    args = [child.pk] if period is None else [child.pk, period.pk]
    return reverse(f"proceedings:{name}", args=args)


def _meeting(personas, on: date, outcome: str = "B") -> dict[str, str]:
    return {
        **day("held_on", on),
        "outcome": outcome,
        "rationale": REASONS,
        "chaired_by": str(personas.team_manager.worker.pk),
        "plo_family_reference": "",
    }


def test_a_decision_to_start_pre_proceedings_starts_them_from_the_record(sign_in, personas):
    client = sign_in(personas.social_worker)
    page = client.get(reverse("cases:child_record", args=[personas.own_child.pk]))
    url = _url("legal_planning_meeting_record", personas.own_child)
    assert url in page.content.decode()

    done = record(client, url, _meeting(personas, date(2025, 7, 7)))

    assert done.status_code == 302
    period = PreProceedings.objects.get(child=personas.own_child)
    assert period.started_on == date(2025, 7, 7)
    assert period.decision.chaired_by == personas.team_manager.worker
    assert period.plo_family_reference.startswith("PLO")


def test_a_meeting_without_its_reasons_is_refused_and_nothing_is_written(sign_in, personas):
    response = sign_in(personas.social_worker).post(
        _url("legal_planning_meeting_record", personas.own_child),
        {**_meeting(personas, date(2025, 7, 7)), "rationale": ""},
    )
    assert response.status_code == 400
    assert 'id="id_rationale-error"' in response.content.decode()
    assert not LegalPlanningMeeting.objects.exists()


def test_a_second_open_period_is_refused_beside_the_decision(sign_in, personas):
    _started(personas)
    response = sign_in(personas.social_worker).post(
        _url("legal_planning_meeting_record", personas.own_child),
        _meeting(personas, date(2025, 8, 7)),
    )
    assert response.status_code == 400
    assert 'id="id_outcome-error"' in response.content.decode()
    assert LegalPlanningMeeting.objects.count() == 1


def test_a_worker_from_another_team_cannot_record_a_legal_planning_meeting(sign_in, personas):
    response = sign_in(personas.other_worker).post(
        _url("legal_planning_meeting_record", personas.own_child),
        _meeting(personas, date(2025, 7, 7)),
    )
    assert response.status_code == 404
    assert not LegalPlanningMeeting.objects.exists()


def test_the_letter_before_proceedings_is_recorded(sign_in, personas):
    period = _started(personas)
    done = record(
        sign_in(personas.social_worker),
        _url("letter_send", personas.own_child, period),
        {
            **day("sent_on", date(2025, 7, 10)),
            "family_group_conference_offered": "yes",
            "parents_legally_represented": "Yes",
        },
    )
    assert done.status_code == 302
    period.refresh_from_db()
    assert period.letter_sent_on == date(2025, 7, 10)
    assert period.family_group_conference_offered is True
    assert period.parents_legally_represented == "Yes"


def test_a_letter_before_the_decision_is_refused_beside_its_date(sign_in, personas):
    period = _started(personas)
    response = sign_in(personas.social_worker).post(
        _url("letter_send", personas.own_child, period),
        {
            **day("sent_on", date(2025, 7, 1)),
            "family_group_conference_offered": "no",
            "parents_legally_represented": "Unknown",
        },
    )
    assert response.status_code == 400
    assert 'id="id_sent_on-error"' in response.content.decode()
    period.refresh_from_db()
    assert period.letter_sent_on is None


def test_a_front_door_worker_may_not_record_the_letter(sign_in, personas):
    period = _started(personas)
    response = sign_in(personas.front_door_worker).get(
        _url("letter_send", personas.own_child, period)
    )
    assert response.status_code == 403


def test_the_initial_pre_proceedings_meeting_is_recorded(sign_in, personas):
    period = _started(personas, letter=True)
    done = record(
        sign_in(personas.social_worker),
        _url("meeting_record", personas.own_child, period),
        {
            **day("held_on", date(2025, 7, 24)),
            "kind": "initial",
            "summary": "Parents and their solicitors attended.",
        },
    )
    assert done.status_code == 302
    meeting = PreProceedingsMeeting.objects.get(pre_proceedings=period)
    assert (meeting.kind, meeting.held_on) == ("initial", date(2025, 7, 24))


def test_a_review_before_the_initial_meeting_is_refused_beside_which_meeting(sign_in, personas):
    period = _started(personas, letter=True)
    response = sign_in(personas.social_worker).post(
        _url("meeting_record", personas.own_child, period),
        {**day("held_on", date(2025, 7, 24)), "kind": "review", "summary": ""},
    )
    assert response.status_code == 400
    assert 'id="id_kind-error"' in response.content.decode()
    assert not PreProceedingsMeeting.objects.exists()


def test_a_period_of_another_child_is_not_found_through_this_childs_pages(sign_in, personas):
    period = _started(personas, letter=True)
    response = sign_in(personas.social_worker).get(
        _url("meeting_record", personas.team_child, period)
    )
    assert response.status_code == 404


def test_a_decision_to_issue_care_proceedings_ends_pre_proceedings(sign_in, personas):
    period = _started(personas, letter=True)
    done = record(
        sign_in(personas.social_worker),
        _url("pre_proceedings_end", personas.own_child, period),
        {
            "outcome": "issue_care_proceedings",
            **day("outcome_decided_on", date(2025, 8, 18)),
            **day("court_application_on", date(2025, 8, 20)),
            "court_reference": "NB25C00123",
        },
    )
    assert done.status_code == 302
    period.refresh_from_db()
    assert period.outcome == "issue_care_proceedings"
    assert period.court_application_on == date(2025, 8, 20)
    assert period.court_reference == "NB25C00123"


def test_a_court_application_before_the_decision_is_refused_and_nothing_is_written(
    sign_in, personas
):
    period = _started(personas, letter=True)
    response = sign_in(personas.social_worker).post(
        _url("pre_proceedings_end", personas.own_child, period),
        {
            "outcome": "issue_care_proceedings",
            **day("outcome_decided_on", date(2025, 8, 18)),
            **day("court_application_on", date(2025, 8, 15)),
        },
    )
    assert response.status_code == 400
    assert 'id="id_court_application_on-error"' in response.content.decode()
    period.refresh_from_db()
    assert period.outcome == ""


def test_a_worker_from_another_team_cannot_end_pre_proceedings(sign_in, personas):
    period = _started(personas, letter=True)
    response = sign_in(personas.other_worker).get(
        _url("pre_proceedings_end", personas.own_child, period)
    )
    assert response.status_code == 404
