"""The adoption and previous-permanence pages: the one flow (check your answers, confirm),
refusals beside the answer with nothing written, who may open them, the record's panel and
chronology, and the record's query count.

Time is frozen at noon on Friday 14 March 2025; Own Child is looked after since Monday
3 February 2025.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguard.cases.tests.factories import PlacementFactory
from safeguard.cases.tests.views.test_actions import (
    banner,
    day,
    frozen_today,  # noqa: F401 (autouse fixture)
    record,
)
from safeguard.permanence.models import AdoptionDecision, PreviousPermanence

pytestmark = pytest.mark.django_db


def _looked_after(personas: Any) -> Any:
    return PlacementFactory(period__child=personas.own_child).period


def _url(name: str, personas: Any) -> str:
    return reverse(f"permanence:{name}", args=[personas.own_child.pk])


def test_the_worker_records_the_decision_and_the_match(personas, sign_in):
    _looked_after(personas)
    client = sign_in(personas.social_worker)

    response = record(
        client, _url("adoption_decision", personas), day("decision_date", date(2025, 2, 20))
    )
    assert banner(response) == ["Decision to place for adoption recorded"]
    response = record(
        client,
        _url("adoption_match", personas),
        {
            **day("match_date", date(2025, 3, 10)),
            "adopters_sex": "FF",
            "adopters_legal_status": "L2",
        },
    )
    assert banner(response) == ["Match recorded"]
    decision = AdoptionDecision.objects.get()
    assert (decision.decision_date, decision.match_date, decision.adopters_legal_status) == (
        date(2025, 2, 20),
        date(2025, 3, 10),
        "L2",
    )


def test_adopters_that_do_not_fit_are_refused_beside_the_question(personas, sign_in):
    period = _looked_after(personas)
    AdoptionDecision.objects.create(
        child=personas.own_child, period=period, decision_date=date(2025, 2, 20)
    )
    response = sign_in(personas.social_worker).post(
        _url("adoption_match", personas),
        {
            **day("match_date", date(2025, 3, 10)),
            "adopters_sex": "M1",
            "adopters_legal_status": "L12",
        },
    )
    assert response.status_code == 400
    assert "A couple adopts together" in response.content.decode()
    assert AdoptionDecision.objects.get().match_date is None


def test_the_order_waits_for_a_match_and_the_match_for_a_decision(personas, sign_in):
    _looked_after(personas)
    client = sign_in(personas.social_worker)
    response = client.get(_url("adoption_match", personas))
    assert response.status_code == 302
    assert "no decision that they should be placed for adoption" in banner(response)[0]


def test_previous_permanence_is_recorded_and_a_later_order_refused(personas, sign_in):
    _looked_after(personas)
    client = sign_in(personas.social_worker)
    url = _url("previous_permanence", personas)
    refused = client.post(
        url, {"option": "P2", "authority_code": "352", **day("order_date", date(2025, 3, 1))}
    )
    assert refused.status_code == 400
    assert "must be before 3 February 2025" in refused.content.decode()
    assert not PreviousPermanence.objects.exists()

    record(
        client,
        url,
        {"option": "P2", "authority_code": "352", **day("order_date", date(2021, 5, 4))},
    )
    assert PreviousPermanence.objects.get().order_date == date(2021, 5, 4)


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
def test_who_may_open_the_adoption_pages(personas, sign_in, user, status):
    _looked_after(personas)
    client = sign_in(getattr(personas, user))
    for name in ("adoption_decision", "previous_permanence"):
        assert client.get(_url(name, personas)).status_code == status, name


def test_the_record_shows_the_journey_its_links_and_chronology(personas, sign_in):
    period = _looked_after(personas)
    AdoptionDecision.objects.create(
        child=personas.own_child, period=period, decision_date=date(2025, 2, 20)
    )
    client = sign_in(personas.social_worker)
    url = f"/children/{personas.own_child.pk}"
    page = client.get(url).content.decode()
    assert "Adoption and permanence" in page and "20 February 2025" in page
    assert _url("adoption_match", personas) in page
    assert _url("previous_permanence", personas) in page
    # The chronology on the record, through the seam.
    assert "Decision that the child should be placed for adoption" in page


def test_the_record_takes_the_same_queries_however_long_the_journey(personas, sign_in):
    period = _looked_after(personas)
    client = sign_in(personas.social_worker)
    url = f"/children/{personas.own_child.pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    AdoptionDecision.objects.create(
        child=personas.own_child,
        period=period,
        decision_date=date(2025, 2, 10),
        no_longer_date=date(2025, 2, 20),
        no_longer_reason="RD3",
    )
    AdoptionDecision.objects.create(
        child=personas.own_child, period=period, decision_date=date(2025, 3, 1)
    )
    PreviousPermanence.objects.create(child=personas.own_child, period=period, option="Z1")
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)
