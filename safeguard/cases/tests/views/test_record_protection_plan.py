"""The child record's child protection plan: the outline plan, the next core group and review
dates, and who took part, from the plan's latest conference."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from safeguard.cases.tests.factories import (
    ChildProtectionPlanFactory,
    ReferralFactory,
    ReviewConferenceFactory,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def _plan(personas: Any, **initial: Any) -> Any:
    """A plan from the initial conference on Monday 3 February 2025, chaired by the chair."""
    return ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=ReferralFactory(
            child=personas.own_child, team=personas.team
        ),
        initial_conference__chair=personas.conference_chair.worker,
        **{f"initial_conference__{name}": value for name, value in initial.items()},
    )


def _section(page: str) -> str:
    """The plan's section of the record, as text."""
    part = page.split('id="protection-plan">', 1)[1].split("</details>", 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", part)).split())


def _record(personas: Any, sign_in: Any) -> str:
    client = sign_in(personas.social_worker)
    page: str = client.get(
        reverse("cases:child_record", args=[personas.own_child.pk])
    ).content.decode()
    return page


def test_the_record_shows_the_plan_its_next_dates_and_who_took_part(personas, sign_in):
    _plan(
        personas,
        agencies_present="Children's social care, Police, Health",
        reports_from="Education",
        attendees="Sam Testparent, mother\nPriya Testnurse, health visitor",
        parents_participation="attended_part",
        child_participation="in_writing",
        plan_outline="Mother to attend the parenting course.\nNursery place from Monday.",
        next_core_group_date=date(2025, 2, 12),
        next_review_date=date(2025, 4, 28),
    )

    text = _section(_record(personas, sign_in))

    assert text.startswith(
        "The child protection plan As agreed at the initial child protection conference on "
        "3 February 2025, chaired by Chair Persona."
    )
    for expected in (
        "Outline plan Mother to attend the parenting course. Nursery place from Monday.",
        "Next core group meeting Planned for 12 February 2025",
        "Next review conference Planned for 28 April 2025",
        "Who attended Sam Testparent, mother Priya Testnurse, health visitor",
        "Agencies present Children's social care, Police, Health",
        "Reports sent by Education",
        "Parents Attended part of the conference",
        "The child Views shared in writing, a drawing or a recording",
    ):
        assert expected in text


def test_the_record_shows_the_latest_review_of_the_plan(personas, sign_in):
    plan = _plan(personas, plan_outline="First outline.", next_review_date=date(2025, 4, 28))
    ReviewConferenceFactory(
        plan=plan,
        conference_date=date(2025, 3, 3),
        plan_outline="Revised outline.",
        next_core_group_date=date(2025, 3, 17),
        next_review_date=date(2025, 8, 29),
    )

    text = _section(_record(personas, sign_in))

    assert "As agreed at the review child protection conference on 3 March 2025" in text
    assert "Revised outline." in text and "First outline." not in text
    assert "Planned for 17 March 2025" in text and "Planned for 29 August 2025" in text


def test_a_conference_recorded_before_these_questions_says_what_is_missing(personas, sign_in):
    _plan(personas)

    text = _section(_record(personas, sign_in))

    assert "Outline plan Not recorded" in text
    assert "Next core group meeting Not set" in text and "Who attended Not recorded" in text


def test_a_child_with_no_open_plan_has_no_plan_section(personas, sign_in):
    ReferralFactory(child=personas.own_child, team=personas.team)

    assert 'id="protection-plan"' not in _record(personas, sign_in)


def test_the_chronology_says_who_was_at_the_conference_and_the_next_review(personas, sign_in):
    _plan(
        personas,
        agencies_present="Children's social care, Police, Health",
        next_review_date=date(2025, 4, 28),
    )
    client = sign_in(personas.social_worker)

    page = client.get(
        reverse("cases:child_record", args=[personas.own_child.pk]), {"agency": ["police"]}
    ).content.decode()

    # Filtered to the police, the conference they attended is kept.
    chronology = page.split('id="chronology-caption"', 1)[1].split("</table>", 1)[0]
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", chronology)).split())
    assert (
        "Initial child protection conference Outcome: Child protection plan. Agencies present: "
        "Children's social care, Police, Health. Next review conference planned for 28 April "
        "2025." in text
    )
