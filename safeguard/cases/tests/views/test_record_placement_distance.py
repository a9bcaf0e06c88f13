"""The record shows how far each placement is from the home the child came into care from,
and whether it is in the authority's area (issue 15): the open placement's under "Open
episodes and plans", every placement's in the chronology; from real Greater Manchester
postcode units, as the demo's are, and at no cost in queries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguard.cases.models import Placement
from safeguard.cases.selectors.record import distance_from_home_words
from safeguard.cases.tests.factories import PlacementFactory
from safeguard.common import codes

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
HOME = "M14 5EN"  # Manchester
NEAR = "M1 1AE"  # Manchester, 2.0 miles from HOME
SALFORD = "M5 4UT"  # 3.1 miles from HOME


@pytest.fixture(autouse=True)
def manchester(settings: Any) -> Iterator[None]:
    """Noon on Friday 14 March 2025, in Manchester (E08000003)."""
    settings.SAFEGUARD_LA_ONS_CODE = "E08000003"
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def _placed(child: Any, home: str, postcodes: list[str]) -> Placement:
    """A period of care from 3 February 2023, one placement a month per postcode; the last
    open."""
    current: Placement = PlacementFactory(
        period__child=child, period__start_date=date(2023, 2, 3), period__home_postcode=home,
        postcode=postcodes[0],
    )  # fmt: skip
    for month, postcode in enumerate(postcodes[1:], start=3):
        current.end_date = date(2023, month, 3)
        current.save()
        current = PlacementFactory(
            period=current.period, start_date=current.end_date, postcode=postcode,
            reason_new_episode=codes.ReasonNewEpisode.P,
        )  # fmt: skip
    return current


def _page(client: Any, child: Any) -> str:
    response = client.get(reverse("cases:child_record", args=[child.pk]))
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_open_placement_out_of_area_names_the_authority_and_the_history_keeps_each(
    personas, sign_in
):
    _placed(personas.own_child, HOME, [NEAR, SALFORD])

    page = _page(sign_in(personas.social_worker), personas.own_child)

    assert "<br>Distance from home: 3.1 miles, out of the area (Salford)<" in page
    # Both placements in the chronology.
    assert "Distance from home: 3.1 miles, out of the area (Salford)." in page
    assert "Distance from home: 2.0 miles, in the authority&#x27;s area." in page


def test_the_open_placement_in_area(personas, sign_in):
    _placed(personas.own_child, "m145en", ["M1  1AE"])

    page = _page(sign_in(personas.social_worker), personas.own_child)

    assert "<br>Distance from home: 2.0 miles, in the authority&#x27;s area<" in page


@pytest.mark.parametrize(
    ("home", "placement"), [("", NEAR), (HOME, ""), ("M14", NEAR), (HOME, "M99 9ZZ")]
)
def test_no_distance_while_either_postcode_is_missing_partial_or_unknown(
    personas, sign_in, home, placement
):
    _placed(personas.own_child, home, [placement])

    page = _page(sign_in(personas.social_worker), personas.own_child)

    assert "Visiting plan: " in page
    assert "Distance from home" not in page


@pytest.mark.parametrize(
    ("home", "placement", "words"),
    [
        (HOME, NEAR, "2.0 miles, in the authority's area"),
        (HOME, SALFORD, "3.1 miles, out of the area (Salford)"),
        (HOME, HOME, "0.0 miles, in the authority's area"),
        # Lancashire runs the children's services of Lancaster, a district.
        (HOME, "LA1 1AA", "47.4 miles, out of the area (Lancashire)"),
        # Cumberland (2023) has no name in the April 2021 lookup: its ONS code stands.
        (HOME, "CA1 1AA", "103.5 miles, out of the area (E06000063)"),
        (HOME, "M14", ""),
        ("", NEAR, ""),
    ],
)
def test_the_words(home, placement, words):
    assert distance_from_home_words(home, placement) == words


def test_the_authoritys_own_area_is_the_setting(settings):
    settings.SAFEGUARD_LA_ONS_CODE = "E08000006"
    assert distance_from_home_words(HOME, SALFORD) == "3.1 miles, in the authority's area"
    assert distance_from_home_words(HOME, NEAR) == "2.0 miles, out of the area (Manchester)"


def test_distances_take_no_more_queries_than_placements_without_postcodes(
    personas, sign_in, django_assert_num_queries
):
    first = _placed(personas.own_child, "", [""])
    client = sign_in(personas.social_worker)
    _page(client, personas.own_child)  # warm the session and the user
    with CaptureQueriesContext(connection) as plain:
        _page(client, personas.own_child)
    first.period.home_postcode = HOME
    first.period.save()
    first.postcode = NEAR
    first.end_date = date(2023, 3, 3)
    first.save()
    for month, postcode in enumerate([SALFORD, NEAR, SALFORD], start=3):
        PlacementFactory(
            period=first.period, start_date=date(2023, month, 3), postcode=postcode,
            reason_new_episode=codes.ReasonNewEpisode.P,
            end_date=None if month == 5 else date(2023, month + 1, 3),
        )  # fmt: skip

    with django_assert_num_queries(len(plain)):
        page = _page(client, personas.own_child)
    # The open placement, and the four in the chronology.
    assert page.count("Distance from home: ") == 5
