"""Placements to review: a provider's grade falls to inadequate, and each child placed there
becomes a task for their allocated worker and the team's manager, linking to the child. It
goes when a looked-after review is held on or after the inspection, the child leaves the
placement, or a later inspection grades the provider better; and nobody sees it for a child
outside their need to know."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from safeguard.cases.models import Placement
from safeguard.cases.tests.factories import LookedAfterReviewFactory, PlacementFactory
from safeguard.providers import services as providers
from safeguard.providers.codes import Grade, InspectionKind, ProviderKind
from safeguard.tasks.selectors import TaskKind, task_list_get
from safeguard.tasks.services import digest_text
from safeguard.tasks.tests.support import NOW, TODAY, titles

pytestmark = pytest.mark.django_db

URN = "SC900001"
RATED_ON = date(2025, 3, 3)
TITLE = "Larkfield House rated inadequate on 3 March 2025: review Own Child's placement"


@pytest.fixture(autouse=True)
def frozen(calendar: Any) -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def tasks_of(user: Any) -> Any:
    return task_list_get(user=user, today=TODAY)


def reviews(user: Any) -> list[str]:
    return titles(tasks_of(user), TaskKind.PLACEMENT_REVIEW)


def inspect(grade: str, on: date = RATED_ON, kind: str = InspectionKind.FULL) -> None:
    provider = providers.Provider.objects.get(urn=URN)
    providers.inspection_record(
        provider=provider,
        kind=kind,
        inspection_date=on,
        grade=grade,
        publication_date=None,
        recorded_by=None,
        today=TODAY,
    )


def placed(child: Any, urn: str = URN) -> Placement:
    """The child placed with the provider since 2 December 2024 (their period of care's
    first placement)."""
    return PlacementFactory(
        period__child=child,
        period__start_date=date(2024, 12, 2),
        urn=urn,
        placement_type="K2",
    )


@pytest.fixture
def home() -> Any:
    provider = providers.provider_create(
        urn=URN,
        kind=ProviderKind.CHILDRENS_HOME,
        name="Larkfield House",
        registration_status="active",
        created_by=None,
    )
    inspect(Grade.GOOD, on=date(2024, 5, 1))
    return provider


def test_an_inadequate_grade_is_the_allocated_workers_and_team_managers_task(personas, home):
    placed(personas.own_child)

    inspect(Grade.INADEQUATE)

    (task,) = next(
        s for s in tasks_of(personas.social_worker).sections if s.kind == TaskKind.PLACEMENT_REVIEW
    ).tasks
    assert task.title == TITLE
    assert task.url == reverse("cases:child_record", args=[personas.own_child.pk])
    assert task.details == (
        f"Placed there since 2 December 2024 (URN {URN})",
        "Due: a looked-after review on or after 3 March 2025",
    )
    assert reviews(personas.team_manager) == [TITLE]


def test_a_good_grade_or_an_inadequate_one_long_replaced_is_no_task(personas, home):
    placed(personas.own_child)
    assert reviews(personas.social_worker) == []

    inspect(Grade.INADEQUATE, on=date(2024, 9, 1))
    inspect(Grade.REQUIRES_IMPROVEMENT, on=RATED_ON)

    assert reviews(personas.social_worker) == []


def test_the_task_goes_when_a_looked_after_review_is_held_on_or_after_the_inspection(
    personas, home
):
    placement = placed(personas.own_child)
    inspect(Grade.INADEQUATE)
    LookedAfterReviewFactory(period=placement.period, review_date=date(2025, 3, 2))
    assert reviews(personas.social_worker) == [TITLE]

    LookedAfterReviewFactory(period=placement.period, review_date=RATED_ON)

    assert reviews(personas.social_worker) == []
    assert reviews(personas.team_manager) == []


def test_the_task_goes_when_the_child_leaves_the_placement(personas, home):
    placement = placed(personas.own_child)
    inspect(Grade.INADEQUATE)

    Placement.objects.filter(pk=placement.pk).update(end_date=date(2025, 3, 10))

    assert reviews(personas.social_worker) == []


def test_the_task_goes_when_a_later_inspection_grades_the_provider_better(personas, home):
    placed(personas.own_child)
    inspect(Grade.INADEQUATE)
    # A monitoring visit gives no grade: the provider is still inadequate.
    inspect("", on=date(2025, 3, 7), kind=InspectionKind.MONITORING)
    assert reviews(personas.social_worker) == [TITLE]

    inspect(Grade.REQUIRES_IMPROVEMENT, on=date(2025, 3, 12))

    assert reviews(personas.social_worker) == []


def test_nobody_outside_the_childs_need_to_know_is_given_the_task(personas, home):
    placed(personas.own_child)
    placed(personas.restricted_child)
    inspect(Grade.INADEQUATE)

    # The restricted record names the team manager only: its worker is not told.
    assert reviews(personas.social_worker) == [TITLE]
    assert reviews(personas.team_manager) == [
        TITLE,
        "Larkfield House rated inadequate on 3 March 2025: review Restricted Child's placement",
    ]
    for other in ("other_worker", "head_of_service", "front_door_worker", "conference_chair"):
        assert reviews(getattr(personas, other)) == [], other


def test_the_daily_email_counts_the_placements_to_review(personas, home):
    placed(personas.own_child)
    inspect(Grade.INADEQUATE)

    text = digest_text(
        tasks=tasks_of(personas.social_worker), today=TODAY, site_url="https://example.test"
    )

    assert "Placements to review: provider rated inadequate" in text
    assert "Own Child" not in text
