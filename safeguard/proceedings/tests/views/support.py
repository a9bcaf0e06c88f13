"""What the recording pages' tests share: the day (frozen), a date's three boxes, and posting
a step through "Check your answers" to confirm."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

LONDON = ZoneInfo("Europe/London")
TODAY = date(2025, 9, 1)
TOKEN = re.compile(r'name="submission_token" value="([^"]+)"')


@pytest.fixture
def frozen_today() -> Iterator[None]:
    with time_machine.travel(datetime(2025, 9, 1, 12, 0, tzinfo=LONDON), tick=False):
        yield


def day(name: str, on: date) -> dict[str, str]:
    """A GOV.UK date input's three boxes."""
    return {f"{name}_0": str(on.day), f"{name}_1": str(on.month), f"{name}_2": str(on.year)}


def record(client: Any, url: str, data: dict[str, Any]) -> Any:
    """Post the form, expect "Check your answers", confirm, and return the confirmation."""
    check = client.post(url, data)
    html = check.content.decode()
    assert check.status_code == 200, html[-3000:]
    assert "Check your answers" in html
    token = TOKEN.search(html)
    assert token is not None
    return client.post(url, {"submission_token": token.group(1), "confirm": "yes"})
