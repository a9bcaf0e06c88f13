"""The demo's children in care go missing (issue 15): short episodes, a few repeated; the
return home interview mostly offered, some declined; every episode holds the rules the
services ask."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from safeguard.care import rules
from safeguard.care.models import MissingEpisode
from safeguard.cases.models import LookedAfterPeriod

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def test_some_children_go_missing_a_few_more_than_once(northbridge):
    episodes = list(MissingEpisode.objects.all())
    assert len(episodes) >= 5
    per_child = Counter(e.child_id for e in episodes)
    assert any(n > 1 for n in per_child.values())
    assert {e.kind for e in episodes} == {"M", "A"}
    assert all((e.end_date - e.start_date).days <= 3 for e in episodes if e.end_date)


def test_return_interviews_are_mostly_offered_and_some_declined(northbridge):
    episodes = list(MissingEpisode.objects.exclude(rhi_offered=None))
    offered = [e for e in episodes if e.rhi_offered]
    assert len(offered) / len(episodes) > 0.6
    assert any(e.rhi_accepted is False for e in offered)
    assert all(e.rhi_date is not None for e in offered if e.rhi_accepted)


def test_every_episode_keeps_the_rules(northbridge):
    periods = {p.pk: p for p in LookedAfterPeriod.objects.all()}
    by_child: dict[int, list[tuple[date, date | None]]] = {}
    for e in MissingEpisode.objects.order_by("start_date"):
        p = periods[e.period_id]
        found = (
            rules.missing_end_not_before_start(e.start_date, e.end_date)
            + rules.missing_within_care_period(p.start_date, p.end_date, e.start_date, e.end_date)
            + rules.missing_episodes_do_not_overlap(
                by_child.get(e.child_id, []), e.start_date, e.end_date
            )
            + rules.return_interview_after_return(e.end_date, e.rhi_offered, e.rhi_date)
            + rules.return_interview_answers_fit(e.rhi_offered, e.rhi_accepted, e.rhi_date)
        )
        assert found == [], e.pk
        assert max(e.end_date or e.start_date, e.rhi_date or e.start_date) <= AS_OF
        by_child.setdefault(e.child_id, []).append((e.start_date, e.end_date))
