"""The record shows each placement's plan for visits (issue 15): the open placement's under
"Open episodes and plans", every placement's in the chronology, in the words of the
placement's choices and the visit clocks; at no cost in queries."""

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
from safeguard.cases.selectors.record import visiting_plan_words
from safeguard.cases.tests.factories import PlacementFactory
from safeguard.common import codes

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
AGREED = (
    "Long-term foster placement: the child agreed to visits every 6 months after the first year"
)
UNTIL_18 = "Intended to last until the child is 18"


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    """Noon on Friday 14 March 2025."""
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def _placed(child: Any, plans: list[tuple[str, bool]]) -> Placement:
    """A period of care from 3 February 2023, one placement a month per plan; the last open."""
    first: Placement = PlacementFactory(
        period__child=child, period__start_date=date(2023, 2, 3), visiting_plan=plans[0][0],
        six_monthly_visits_agreed=plans[0][1],
    )  # fmt: skip
    current = first
    for month, (plan, agreed) in enumerate(plans[1:], start=3):
        current.end_date = date(2023, month, 3)
        current.save()
        current = PlacementFactory(
            period=first.period, start_date=current.end_date,
            reason_new_episode=codes.ReasonNewEpisode.P, visiting_plan=plan,
            six_monthly_visits_agreed=agreed,
        )  # fmt: skip
    return current


def _page(client: Any, child: Any) -> str:
    response = client.get(reverse("cases:child_record", args=[child.pk]))
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_open_placement_shows_its_visiting_plan_with_the_childs_agreement(personas, sign_in):
    _placed(personas.own_child, [("until_18", False), ("long_term_foster", True)])

    page = _page(sign_in(personas.social_worker), personas.own_child)

    assert f"Visiting plan: {AGREED}<" in page
    # The earlier placement's plan is in the chronology beside it.
    assert f"Visiting plan: {UNTIL_18}." in page
    assert f"Visiting plan: {AGREED}." in page


def test_a_placement_without_a_plan_says_the_six_weekly_visits_apply(personas, sign_in):
    _placed(personas.own_child, [("standard", False)])

    page = _page(sign_in(personas.social_worker), personas.own_child)

    assert "Visiting plan: None that changes the visits: at most every 6 weeks<" in page


@pytest.mark.parametrize(
    ("plan", "agreed", "words"),
    [
        ("long_term_foster", False, "Long-term foster placement"),
        ("long_term_foster", True, AGREED),
        ("until_18", False, UNTIL_18),
        (
            "parent_before_assessment",
            False,
            "With a parent before the parent is assessed (reg. 19)",
        ),
    ],
)
def test_the_words_are_the_plans_label_and_the_agreement_only_when_recorded(plan, agreed, words):
    assert visiting_plan_words(Placement(visiting_plan=plan, six_monthly_visits_agreed=agreed)) == (
        words
    )


def test_placements_with_plans_take_no_more_queries_than_one_without(
    personas, sign_in, django_assert_num_queries
):
    first = _placed(personas.own_child, [("standard", False)])
    client = sign_in(personas.social_worker)
    _page(client, personas.own_child)  # warm the session and the user
    with CaptureQueriesContext(connection) as plain:
        _page(client, personas.own_child)
    first.end_date = date(2023, 3, 3)
    first.save()
    for month, (plan, agreed) in enumerate(
        [("connected_person", False), ("until_18", False), ("long_term_foster", True)], start=3
    ):
        PlacementFactory(
            period=first.period, start_date=date(2023, month, 3), visiting_plan=plan,
            six_monthly_visits_agreed=agreed, reason_new_episode=codes.ReasonNewEpisode.P,
            end_date=None if month == 5 else date(2023, month + 1, 3),
        )  # fmt: skip

    with django_assert_num_queries(len(plain)):
        page = _page(client, personas.own_child)
    # The open placement, and the four in the chronology.
    assert page.count("Visiting plan: ") == 5
