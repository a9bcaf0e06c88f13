"""The missing-episode pages: the one flow, refusals beside the answer with nothing written,
who may open them, the record's list and the return interview clock on the timeline.

Time is frozen at noon on Friday 14 March 2025; Own Child is looked after since Monday
3 February 2025.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from safeguard.care.models import MissingEpisode
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


def _url(name: str, personas: Any, *args: int) -> str:
    return reverse(f"care:{name}", args=[personas.own_child.pk, *args])


def _episode(period: Any, **fields: Any) -> MissingEpisode:
    return MissingEpisode.objects.create(
        child=period.child, period=period, kind="M", start_date=date(2025, 3, 8), **fields
    )


def test_the_worker_records_going_missing_then_the_return_with_the_interview(personas, sign_in):
    _looked_after(personas)
    client = sign_in(personas.social_worker)
    start = {"kind": "M", **day("start_date", date(2025, 3, 8))}
    page = check_answers(client, _url("missing_start", personas), start).content.decode()
    assert "8 March 2025" in page and not MissingEpisode.objects.exists()
    response = record(client, _url("missing_start", personas), start)
    assert banner(response) == ["Missing episode recorded"]

    back = {
        **day("end_date", date(2025, 3, 9)),
        "found_at": "Returned to the placement by police",
        "rhi_offered": "yes",
        "rhi_accepted": "yes",
        **day("rhi_date", date(2025, 3, 11)),
    }
    response = record(client, _url("missing_return", personas), back)
    assert banner(response) == ["Return recorded"]
    episode = MissingEpisode.objects.get()
    assert (episode.end_date, episode.rhi_accepted, episode.rhi_date) == (
        date(2025, 3, 9),
        True,
        date(2025, 3, 11),
    )


def test_an_interview_not_answered_yet_is_recorded_later_from_the_record(personas, sign_in):
    period = _looked_after(personas)
    episode = _episode(period, end_date=date(2025, 3, 9))
    client = sign_in(personas.social_worker)
    text = client.get(f"/children/{personas.own_child.pk}").content.decode()
    url = _url("return_interview", personas, episode.pk)
    assert url in text
    record(client, url, {"rhi_offered": "yes", "rhi_accepted": "no"})
    episode.refresh_from_db()
    assert (episode.rhi_offered, episode.rhi_accepted, episode.rhi_date) == (True, False, None)
    # Answered: the page now sends the user back.
    assert "no return home interview left" in banner(client.get(url))[-1]


def test_a_refusal_shows_beside_the_answer_and_writes_nothing(personas, sign_in):
    period = _looked_after(personas)
    _episode(period)
    client = sign_in(personas.social_worker)
    response = client.post(
        _url("missing_return", personas),
        {**day("end_date", date(2025, 3, 7)), "rhi_offered": "not_yet"},
    )
    assert response.status_code == 400
    assert "on or after 8 March 2025, when they went missing" in response.content.decode()
    assert MissingEpisode.objects.get().end_date is None
    # One open episode at a time: the start page refuses another.
    response = client.post(
        _url("missing_start", personas), {"kind": "A", **day("start_date", date(2025, 3, 10))}
    )
    assert response.status_code == 400
    assert "record their return before another episode" in response.content.decode()
    assert MissingEpisode.objects.count() == 1


def test_the_return_page_sends_back_a_child_who_is_not_missing(personas, sign_in):
    _looked_after(personas)
    response = sign_in(personas.social_worker).get(_url("missing_return", personas))
    assert response.status_code == 302
    assert "not recorded as missing now" in banner(response)[0]


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
def test_who_may_open_the_missing_pages(personas, sign_in, user, status):
    period = _looked_after(personas)
    ended = _episode(period, end_date=date(2025, 3, 9))
    client = sign_in(getattr(personas, user))
    assert client.get(_url("missing_start", personas)).status_code == status
    assert client.get(_url("return_interview", personas, ended.pk)).status_code == status
    MissingEpisode.objects.create(
        child=period.child, period=period, kind="A", start_date=date(2025, 3, 12)
    )
    assert client.get(_url("missing_return", personas)).status_code == status


def test_the_record_lists_episodes_open_first_and_the_interview_clock(personas, sign_in):
    period = _looked_after(personas)
    _episode(period, end_date=date(2025, 3, 9))
    MissingEpisode.objects.create(
        child=period.child, period=period, kind="A", start_date=date(2025, 3, 13)
    )
    page = sign_in(personas.social_worker).get(f"/children/{personas.own_child.pk}")
    text = page.content.decode()
    assert "Missing episodes" in text and "Missing now" in text
    assert text.index("13 March 2025") < text.index("8 March 2025")
    assert _url("missing_return", personas) in text
    assert _url("missing_start", personas) not in text
    due_now = [(row.item.clock, row.item.due) for row in page.context["record"].due_now]
    assert ("missing_return_interview", date(2025, 3, 12)) in due_now


def test_the_team_manager_of_another_team_is_refused_the_list(personas, sign_in):
    period = _looked_after(personas)
    _episode(period, end_date=date(2025, 3, 9))
    response = sign_in(personas.other_worker).get(f"/children/{personas.own_child.pk}")
    assert response.status_code == 404
