"""Annex A list 10 (adoption) from the recorded adoption journey: the decision, the match and
the decision no longer to place, each as known on the window's last day; a period with a
decision and no adoptive episode yet is listed too."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.common import codes
from safeguard.permanence.models import AdoptionDecision
from safeguard.returns.annex_a.tests.test_workbook import (  # noqa: F401 (area: a fixture)
    GIRL,
    area,
    child,
    on,
    period_with,
    rows,
    workbook,
)

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("area")
def test_list_10_shows_the_decision_match_and_reversal_known_by_the_last_day() -> None:
    adopted = child("A1")
    period = period_with(
        adopted,
        date(2024, 6, 3),
        [
            {"start_date": date(2024, 6, 3), "legal_status": codes.LegalStatus.C2},
            {
                "start_date": date(2025, 2, 3),
                "reason_new_episode": codes.ReasonNewEpisode.B,
                "legal_status": codes.LegalStatus.E1,
                "placement_type": codes.PlacementType.A6,
            },
        ],
        category_of_need=codes.PrimaryNeed.N1,
    )
    AdoptionDecision.objects.create(
        child=adopted,
        period=period,
        decision_date=date(2024, 11, 4),
        match_date=date(2025, 1, 13),
        adopters_sex="MF",
        adopters_legal_status="L11",
    )
    reversed_child = child("A2")
    other = period_with(
        reversed_child,
        date(2025, 1, 6),
        [{"start_date": date(2025, 1, 6), "legal_status": codes.LegalStatus.C1}],
    )
    AdoptionDecision.objects.create(
        child=reversed_child,
        period=other,
        decision_date=date(2025, 5, 1),
        no_longer_date=date(2025, 9, 1),
        no_longer_reason="RD3",
    )

    listed = {row[0]: row for row in rows(workbook(), "List 10")}

    assert listed["A1"] == [
        "A1", None, *GIRL, "b) No", on(2024, 6, 3), on(2024, 11, 4), on(2025, 2, 3),
        on(2025, 1, 13), on(2025, 2, 3), None, None, None, None,
    ]  # fmt: skip
    assert listed["A2"][8:15] == [
        on(2025, 5, 1), None, None, None, None, on(2025, 9, 1),
        "RD3 - Prospective adopters could not be found",
    ]  # fmt: skip
