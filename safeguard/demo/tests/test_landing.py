"""Every demo sign-in lands on its own work (issue 14), on the demo tests' shared authority
(scale 0.01, see conftest), and the conference chair's landing page has something in each of
its sections to show."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from safeguard.cases.selectors import conference_list_for_chair
from safeguard.demo.logins import DEMO_LOGINS

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


# Where each demo sign-in lands (README, docs/accounts.md), written out.
DEMO_LANDINGS = {
    "sw.demo": "cases:my_cases",
    "tm.demo": "cases:team_dashboard",
    "hos.demo": "cases:team_dashboard",
    "mash.demo": "front_door:queue",
    "chair.demo": "cases:conferences",
    "auditor.demo": "audit:alerts",
    "analyst.demo": "performance:dashboard",
    "admin.demo": "admin:index",
    "school.demo": "agencies:partner_check",
    "family.lead.demo": "family_help:list",
}


def test_every_demo_sign_in_has_a_landing_written_down() -> None:
    assert set(DEMO_LANDINGS) == {login.username for login in DEMO_LOGINS}


@pytest.mark.parametrize("username", sorted(DEMO_LANDINGS))
def test_each_demo_sign_in_lands_on_its_own_work(
    northbridge: None, demo_account: Callable[[str], Client], username: str
) -> None:
    client = demo_account(username)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse(DEMO_LANDINGS[username])
    assert client.get(response["Location"]).status_code == 200


def test_the_demo_chair_has_a_conference_held_and_not_yet_recorded(
    northbridge: None, demo_account: Callable[[str], Client]
) -> None:
    from django.contrib.auth import get_user_model

    chair = get_user_model().objects.get(username="chair.demo")
    conferences = conference_list_for_chair(user=chair, today=AS_OF)
    assert conferences.to_record and conferences.upcoming
    html = demo_account("chair.demo").get(reverse("cases:conferences")).content.decode()
    assert re.search(r'id="to-record-table"', html)
    assert "Finish the record" in html
