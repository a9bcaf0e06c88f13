"""The health pages: the one flow (check your answers, confirm), refusals beside the answer
with nothing written, who may open them, the record's summary and timeline, query counts.

Time is frozen at noon on Friday 14 March 2025; Own Child (born 1 March 2016) is looked
after since Monday 3 February 2025, so the initial health assessment was due Monday 3 March.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguard.care.models import HealthAssessment, ImmunisationStatus, SdqScore
from safeguard.cases.tests.factories import PlacementFactory
from safeguard.cases.tests.views.test_actions import (
    banner,
    check_answers,
    day,
    frozen_today,  # noqa: F401 (autouse fixture)
    record,
)

pytestmark = pytest.mark.django_db


def _looked_after(personas: Any) -> Any:
    return PlacementFactory(period__child=personas.own_child).period


def _url(name: str, personas: Any) -> str:
    return reverse(f"care:{name}", args=[personas.own_child.pk])


def _assessment(on: date, kind: str = "initial") -> dict[str, str]:
    return {
        "kind": kind,
        **day("assessment_date", on),
        "carried_out_by": "Dr R Okafor, community paediatrician",
        "outcome": "Well; health plan agreed.",
    }


def test_the_worker_records_an_initial_health_assessment_through_check_your_answers(
    personas, sign_in
):
    _looked_after(personas)
    client = sign_in(personas.social_worker)
    url = _url("health_assessment", personas)

    page = check_answers(client, url, _assessment(date(2025, 2, 20))).content.decode()
    assert "Dr R Okafor" in page and "20 February 2025" in page
    assert not HealthAssessment.objects.exists()

    response = record(client, url, _assessment(date(2025, 2, 20)))

    assert response.status_code == 302
    assert banner(response) == ["Initial health assessment recorded"]
    assert HealthAssessment.objects.get().assessment_date == date(2025, 2, 20)


def test_a_second_initial_assessment_is_refused_beside_the_question(personas, sign_in):
    period = _looked_after(personas)
    HealthAssessment.objects.create(
        child=personas.own_child,
        period=period,
        kind="initial",
        assessment_date=date(2025, 2, 20),
        carried_out_by="Dr A",
    )
    response = sign_in(personas.social_worker).post(
        _url("health_assessment", personas), _assessment(date(2025, 3, 5))
    )
    assert response.status_code == 400
    assert "record this one as a review health assessment" in response.content.decode()
    assert HealthAssessment.objects.count() == 1


def test_an_sdq_out_of_range_and_a_date_before_care_are_refused_together(personas, sign_in):
    _looked_after(personas)
    response = sign_in(personas.social_worker).post(
        _url("sdq", personas), {**day("completed_on", date(2025, 1, 10)), "score": "45"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "from 0 to 40" in page and "when the child became looked after" in page
    assert not SdqScore.objects.exists()


def test_immunisations_and_a_dental_check_are_recorded(personas, sign_in):
    _looked_after(personas)
    client = sign_in(personas.social_worker)
    record(
        client,
        _url("immunisations", personas),
        {**day("recorded_on", date(2025, 2, 20)), "up_to_date": "yes", "notes": ""},
    )
    record(client, _url("dental_check", personas), {**day("check_date", date(2025, 3, 1))})
    assert ImmunisationStatus.objects.get().up_to_date is True


def test_a_child_not_looked_after_is_sent_back_to_the_record(personas, sign_in):
    response = sign_in(personas.social_worker).get(_url("sdq", personas))
    assert response.status_code == 302
    assert "not looked after now" in banner(response)[0]


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("social_worker", 200),
        ("team_manager", 200),
        ("other_worker", 404),
        ("front_door_worker", 403),
        ("auditor", 403),
    ],
)
def test_who_may_open_the_health_pages(personas, sign_in, user, status):
    _looked_after(personas)
    client = sign_in(getattr(personas, user))
    for name in ("health_assessment", "dental_check", "immunisations", "sdq"):
        assert client.get(_url(name, personas)).status_code == status, name


def test_the_record_shows_the_health_summary_links_and_the_overdue_clock(personas, sign_in):
    _looked_after(personas)
    page = sign_in(personas.social_worker).get(f"/children/{personas.own_child.pk}")
    text = page.content.decode()
    assert "Health (looked after)" in text
    assert "Initial health assessment due by" in text and "3 March 2025 (overdue)" in text
    assert _url("health_assessment", personas) in text
    # On the child's timeline, through the seam, beside every other clock.
    due_now = [(row.item.clock, row.item.due) for row in page.context["record"].due_now]
    assert ("lac_initial_health_assessment", date(2025, 3, 3)) in due_now


def test_the_record_takes_the_same_queries_however_much_health_is_recorded(personas, sign_in):
    period = _looked_after(personas)
    client = sign_in(personas.social_worker)
    url = f"/children/{personas.own_child.pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for month in (2, 3):
        HealthAssessment.objects.create(
            child=personas.own_child,
            period=period,
            kind="initial" if month == 2 else "review",
            assessment_date=date(2025, month, 10),
            carried_out_by="Dr A",
        )
        SdqScore.objects.create(
            child=personas.own_child, period=period, completed_on=date(2025, month, 11), score=9
        )
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)
