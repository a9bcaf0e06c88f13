"""The demo's child protection conferences say who took part and, where the plan starts or
goes on, the plan and the dates set, within the clocks and mostly kept (built in memory)."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.cases.models import ChildProtectionConference
from safeguard.demo.generator.records import ChildHistory, ConferenceRow
from safeguard.demo.generator.run import Options, build
from safeguard.demo.generator.timeline import years_between
from safeguard.timescales.clocks import CLOCKS

Child = ChildProtectionConference.ChildParticipation


@pytest.fixture(scope="module")
def histories() -> list[ChildHistory]:
    built = build(
        Options(seed=3, scale=0.03, as_of=date(2025, 3, 31), demo_password="-",
                show_progress=False)
    )  # fmt: skip
    return built.children


def _goes_on(c: ConferenceRow) -> bool:
    return c.outcome in ("plan", "continue_plan")


def test_every_conference_says_who_took_part(histories) -> None:
    conferences = [(h, c) for h in histories for c in h.conferences]
    assert len(conferences) > 200
    for h, c in conferences:
        assert c.agencies_present.startswith("Children's social care")
        assert "independent chair" in c.attendees and c.parents_participation
        born = h.child.date_of_birth
        if born is None or years_between(born, c.conference_date) < 5:
            assert c.child_participation == Child.NOT_ABLE
        else:
            assert c.child_participation != Child.NOT_ABLE


def test_a_plan_that_starts_or_goes_on_has_its_outline_and_dates_within_the_clocks(
    histories,
) -> None:
    checked = 0
    for h in histories:
        for c in h.conferences:
            if not _goes_on(c):
                assert (c.plan_outline, c.next_core_group_date, c.next_review_date) == (
                    "",
                    None,
                    None,
                )
                continue
            checked += 1
            assert c.plan_outline
            assert c.next_core_group_date is not None and c.next_review_date is not None
            assert c.conference_date < c.next_core_group_date
            assert c.conference_date < c.next_review_date
            review = "first_review_conference" if c.kind == "initial" else "later_review_conference"
            assert c.next_review_date <= CLOCKS[review].due_from(c.conference_date)
            if c.kind == "initial":
                assert c.next_core_group_date <= CLOCKS["first_core_group"].due_from(
                    c.conference_date
                )
    assert checked > 100


def test_the_review_dates_set_are_mostly_the_days_the_reviews_were_held(histories) -> None:
    followed = kept = 0
    for h in histories:
        for plan in h.plans:
            reviews = sorted(
                (c for c in h.conferences if c.plan is plan), key=lambda c: c.conference_date
            )
            for earlier, later in zip([plan.initial_conference, *reviews], reviews, strict=False):
                kind = "first" if earlier.kind == "initial" else "later"
                in_time = later.conference_date <= CLOCKS[f"{kind}_review_conference"].due_from(
                    earlier.conference_date
                )
                if in_time:
                    followed += 1
                    kept += earlier.next_review_date == later.conference_date
    assert followed > 50
    assert 0.7 < kept / followed < 0.95
