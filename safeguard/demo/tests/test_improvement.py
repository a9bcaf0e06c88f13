"""The demo's improvement plan (issue 17): on the demo tests' shared authority (scale 0.01, as
of 14 November 2025), a practice review five years ago with 12 recommendations (10
implemented, 2 in progress), the council's 28 areas for improvement at every stage, an Ofsted
inspection and monitoring visits; nothing evidenced without evidence, indicators baselined on
the record's own figures, and the board report served to the demo's head of service."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from safeguard.demo.generator.improvement import give_improvement
from safeguard.improvement.codes import EvidenceKind, SourceKind, Status
from safeguard.improvement.indicators import IndicatorReader
from safeguard.improvement.models import Evidence, ImprovementSource, Recommendation
from safeguard.improvement.rules import NOT_IMPLEMENTED
from safeguard.organisation.models import Authority

from .conftest import AS_OF, SEED

pytestmark = pytest.mark.django_db

DONE = (Status.IMPLEMENTED, Status.EVIDENCED, Status.SUSTAINED)


@pytest.fixture
def plan(northbridge: None) -> dict[str, int]:
    """The plan written on the shared authority (rolled back with each test), unless the demo
    already wrote it (once the lead wires give_improvement into the generator's run)."""
    with time_machine.travel(AS_OF, tick=False):
        return give_improvement(SEED, 0.01, AS_OF)


def test_a_practice_review_five_years_ago_has_twelve_recommendations_ten_implemented(plan):
    review = ImprovementSource.objects.get(kind=SourceKind.PRACTICE_REVIEW)
    statuses = Counter(review.recommendations.values_list("status", flat=True))

    assert review.published_on == date(2020, 11, 14)
    assert sum(statuses.values()) == 12
    assert statuses[Status.IN_PROGRESS] == 2
    assert sum(statuses[s] for s in DONE) == 10
    assert statuses[Status.EVIDENCED] + statuses[Status.SUSTAINED] >= 5


def test_the_council_found_twenty_eight_areas_for_improvement_at_every_stage(plan):
    areas = Recommendation.objects.filter(source__kind=SourceKind.OWN_AUDIT)
    statuses = Counter(areas.values_list("status", flat=True))

    assert areas.count() == 28
    assert {Status.NOT_STARTED, Status.IN_PROGRESS, Status.IMPLEMENTED, Status.EVIDENCED} <= set(
        statuses
    )
    overdue = areas.filter(status__in=NOT_IMPLEMENTED, due_on__lt=AS_OF).count()
    assert overdue >= 2


def test_ofsted_inspected_and_made_monitoring_visits(plan):
    kinds = Counter(ImprovementSource.objects.values_list("kind", flat=True))
    assert kinds[SourceKind.OFSTED_INSPECTION] == 1
    assert kinds[SourceKind.OFSTED_MONITORING_VISIT] == 2


def test_nothing_is_evidenced_without_evidence_and_the_counts_are_the_rows(plan):
    evidenced = Recommendation.objects.filter(status__in=(Status.EVIDENCED, Status.SUSTAINED))
    assert evidenced.exists()
    assert not evidenced.filter(evidence__isnull=True).exists()
    assert Recommendation.objects.count() == 12 + 28 + 4 + 4
    # The counts returned are the rows, unless the demo's own run wrote the plan already.
    assert plan.get("improvement.Recommendation", 48) == 48
    assert plan.get("improvement.Evidence", Evidence.objects.count()) == Evidence.objects.count()


def test_each_indicator_baseline_is_the_records_own_figure_on_its_day(plan):
    authority = Authority.objects.order_by("pk").first()
    assert authority is not None
    reader = IndicatorReader(authority)
    indicators = Evidence.objects.filter(kind=EvidenceKind.INDICATOR)
    assert indicators.exists()
    for evidence in indicators:
        assert evidence.baseline_on is not None
        assert reader.value(evidence.indicator, evidence.baseline_on) == evidence.baseline


def test_the_demo_head_of_service_reads_the_board_report(
    plan, demo_account: Callable[[str], Client]
):
    client = demo_account("hos.demo")
    with time_machine.travel(AS_OF, tick=False):
        response = client.get(reverse("improvement:board_report"))
    report = response.context["report"]
    assert report.total.total == 48
    assert report.total.implemented_with_evidence >= 10
    assert report.total.at_risk >= 2
