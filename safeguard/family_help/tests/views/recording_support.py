"""What the recording pages' tests share: the day (frozen), a family led by the family help
practitioner persona, and posting a step through check your answers to confirm.

Time is frozen at noon on Monday 14 April 2025; the factories' families start on 6 January.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages

from safeguard.family_help.models import FamilyHelpEpisode
from safeguard.family_help.tests.access_support import family_led_by
from safeguard.people.tests.factories import ChildFactory

LONDON = ZoneInfo("Europe/London")
TODAY = date(2025, 4, 14)
TOKEN = re.compile(r'name="submission_token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    with time_machine.travel(datetime(2025, 4, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def family_of(personas: Any) -> FamilyHelpEpisode:
    """Open family help led by the family help practitioner, with one child, Ada."""
    return family_led_by(
        personas.fhp,
        team=personas.family_help_team,
        children=(ChildFactory(first_name="Ada", last_name="Example"),),
    )


def day(name: str, on: date) -> dict[str, str]:
    """A GOV.UK date input's three boxes."""
    return {f"{name}_0": str(on.day), f"{name}_1": str(on.month), f"{name}_2": str(on.year)}


def check_answers(client: Any, url: str, data: dict[str, Any]) -> Any:
    """Post the form and expect the "Check your answers" page."""
    response = client.post(url, data)
    assert response.status_code == 200, response.content.decode()[-3000:]
    assert "Check your answers" in response.content.decode()
    return response


def confirm(client: Any, url: str, check_page: Any) -> Any:
    token = TOKEN.search(check_page.content.decode())
    assert token is not None
    return client.post(url, {"submission_token": token.group(1), "confirm": "yes"})


def record(client: Any, url: str, data: dict[str, Any]) -> Any:
    """Post, check, confirm: the whole of a step."""
    return confirm(client, url, check_answers(client, url, data))


def record_at_once(client: Any, url: str, data: dict[str, Any]) -> Any:
    """A step without a check page: the form carries its one-time token."""
    token = TOKEN.search(client.get(url).content.decode())
    assert token is not None
    return client.post(url, {**data, "submission_token": token.group(1)})


def banner(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def refused(response: Any) -> str:
    """A refused form: shown again (400) with its errors; the page's text."""
    assert response.status_code == 400, response.status_code
    html: str = response.content.decode()
    assert "There is a problem" in html
    return html
