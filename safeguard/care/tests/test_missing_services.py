"""The missing-episode services: an episode starts, ends and gets its return interview,
each write audited; every refusal writes nothing.

Time is frozen at noon on Friday 14 March 2025; Own Child is looked after since Monday
3 February 2025.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from safeguard.audit.models import AuditEntry
from safeguard.care import services
from safeguard.care.models import MissingEpisode
from safeguard.cases.tests.factories import PlacementFactory
from safeguard.cases.workflow.rules import RuleViolation

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def _period(personas: Any) -> Any:
    return PlacementFactory(period__child=personas.own_child).period


def _refused(call: Any) -> tuple[str, ...]:
    with pytest.raises(RuleViolation) as error:
        call()
    return error.value.rules


def _missing(period: Any, on: date = date(2025, 3, 8)) -> MissingEpisode:
    return services.missing_episode_start(period=period, kind="M", start_date=on)


def test_an_episode_starts_returns_and_gets_its_interview_each_audited(personas):
    period = _period(personas)
    episode = _missing(period)
    assert episode.is_open and episode.child == personas.own_child
    services.missing_episode_return(
        episode=episode,
        end_date=date(2025, 3, 9),
        found_at=" At a friend's house ",
    )
    episode = services.return_interview_record(
        episode=episode, rhi_offered=True, rhi_accepted=True, rhi_date=date(2025, 3, 11)
    )
    episode.refresh_from_db()
    assert (episode.end_date, episode.found_at, episode.rhi_date) == (
        date(2025, 3, 9),
        "At a friend's house",
        date(2025, 3, 11),
    )
    actions = list(
        AuditEntry.objects.filter(object_type="care.missingepisode", object_id=str(episode.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "update"]


def test_an_episode_recorded_afterwards_may_be_whole_with_a_declined_interview(personas):
    episode = services.missing_episode_start(
        period=_period(personas),
        kind="A",
        start_date=date(2025, 3, 1),
        end_date=date(2025, 3, 1),
        rhi_offered=True,
        rhi_accepted=False,
    )
    assert (episode.kind, episode.rhi_accepted) == ("A", False)


def test_a_second_open_episode_or_an_overlap_is_refused_with_nothing_written(personas):
    period = _period(personas)
    first = _missing(period)
    assert _refused(lambda: _missing(period, date(2025, 3, 10))) == (
        "missing_episodes_do_not_overlap",
    )
    services.missing_episode_return(episode=first, end_date=date(2025, 3, 10))
    assert _refused(lambda: _missing(period, date(2025, 3, 9))) == (
        "missing_episodes_do_not_overlap",
    )
    assert MissingEpisode.objects.count() == 1


def test_dates_before_care_in_the_future_or_back_to_front_are_refused(personas):
    period = _period(personas)
    assert _refused(lambda: _missing(period, date(2025, 2, 2))) == ("missing_within_care_period",)
    assert _refused(lambda: _missing(period, date(2025, 3, 15))) == ("date_not_in_future",)
    episode = _missing(period)
    assert _refused(
        lambda: services.missing_episode_return(episode=episode, end_date=date(2025, 3, 7))
    ) == ("missing_end_not_before_start",)
    episode.refresh_from_db()
    assert episode.end_date is None


def test_a_return_is_recorded_once_and_the_interview_fits_its_answers(personas):
    episode = _missing(_period(personas))
    services.missing_episode_return(episode=episode, end_date=date(2025, 3, 9))
    assert _refused(
        lambda: services.missing_episode_return(episode=episode, end_date=date(2025, 3, 10))
    ) == ("missing_return_recorded_once",)
    assert _refused(
        lambda: services.return_interview_record(
            episode=episode, rhi_offered=True, rhi_accepted=True, rhi_date=date(2025, 3, 8)
        )
    ) == ("return_interview_after_return",)
    assert _refused(
        lambda: services.return_interview_record(
            episode=episode, rhi_offered=False, rhi_accepted=True, rhi_date=date(2025, 3, 10)
        )
    ) == ("return_interview_answers_fit",)
    episode.refresh_from_db()
    assert (episode.end_date, episode.rhi_offered) == (date(2025, 3, 9), None)
    # Only the return was written: no refusal left an update behind.
    updates = AuditEntry.objects.filter(action="update", object_type="care.missingepisode")
    assert updates.count() == 1


def test_an_interview_cannot_be_recorded_before_the_return(personas):
    episode = _missing(_period(personas))
    assert _refused(
        lambda: services.return_interview_record(episode=episode, rhi_offered=False)
    ) == ("return_interview_after_return",)
