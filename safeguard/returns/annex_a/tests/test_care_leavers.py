"""Annex A list 9 (care leavers) from the record: who is entitled to leaving-care support on
the window's last day (30 September 2025), and their adviser, plan review and latest contact
as known by then."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from safeguard.care_leavers.models import (
    CareLeaverContact,
    NeedsAssessment,
    PathwayPlan,
    PathwayPlanReview,
    PersonalAdviser,
)
from safeguard.cases.tests.factories import AllocationFactory
from safeguard.common import codes
from safeguard.returns.annex_a.tests import test_workbook as workbook_support
from safeguard.returns.annex_a.tests.test_workbook import (
    child,
    on,
    period_with,
    rows,
    workbook,
)

area = workbook_support.area
pytestmark = pytest.mark.django_db


def young_person(la_child_id: str, born: date) -> Any:
    kid = child(la_child_id)
    kid.date_of_birth = born
    kid.save(update_fields=["date_of_birth"])
    return kid


def _left_care(kid: Any, started: date, ended: date) -> None:
    period_with(
        kid,
        started,
        [{"start_date": started, "legal_status": codes.LegalStatus.V2}],
        end_date=ended,
        reason_ceased=codes.ReasonEpisodeCeased.E13,
    )


def test_list_9_lists_care_leavers_with_their_adviser_plan_and_latest_contact(area: Any) -> None:
    relevant = young_person("CL1", date(2008, 6, 10))
    _left_care(relevant, date(2024, 1, 8), date(2025, 2, 11))
    AllocationFactory(
        child=relevant, team=area.team, worker=area.worker, start_date=date(2025, 2, 11)
    )
    PersonalAdviser.objects.create(
        child=relevant, name="Sam Adviser", appointed_on=date(2025, 2, 11)
    )
    NeedsAssessment.objects.create(child=relevant, completed_on=date(2024, 8, 1), summary="N")
    plan = PathwayPlan.objects.create(child=relevant, agreed_on=date(2024, 8, 20), summary="P")
    for day in (date(2025, 2, 14), date(2025, 8, 1), date(2025, 10, 2)):
        PathwayPlanReview.objects.create(child=relevant, plan=plan, reviewed_on=day)
    CareLeaverContact.objects.create(
        child=relevant,
        contact_date=date(2025, 9, 20),
        in_touch="YES",
        accommodation="D",
        accommodation_suitable=False,
        activity="G5",
    )
    # After the window: not yet known on its last day.
    CareLeaverContact.objects.create(child=relevant, contact_date=date(2025, 10, 1), in_touch="NO")

    # 22, and no contact in the last year: no longer entitled.
    older = young_person("CL2", date(2003, 5, 1))
    _left_care(older, date(2018, 1, 1), date(2021, 5, 1))
    # Looked after, but 10.
    period_with(child("L1"), date(2025, 1, 6), [{"start_date": date(2025, 1, 6)}])

    assert rows(workbook(), "List 9") == [
        [
            "CL1",
            "b) Female",
            "a) WBRI",
            on(2008, 6, 10),
            17,
            "b) No",
            "b) No",
            "Assessment Team",
            "Practitioner One",
            "Sam Adviser",
            "Relevant",
            on(2025, 8, 1),
            "YES - Yes, in touch",
            on(2025, 9, 20),
            "D - Semi-independent, transitional accommodation",
            "b) No",
            "G5 - Not in education, training or employment: other reasons",
        ]
    ]


def test_from_21_a_care_leaver_in_touch_in_the_last_year_is_listed_to_25(area: Any) -> None:
    kid = young_person("CL3", date(2003, 5, 1))
    _left_care(kid, date(2018, 1, 1), date(2021, 5, 1))
    CareLeaverContact.objects.create(
        child=kid,
        contact_date=date(2025, 1, 10),
        in_touch="YES",
        accommodation="U",
        accommodation_suitable=True,
        activity="F1",
    )
    (row,) = rows(workbook(), "List 9")
    assert row[0] == "CL3" and row[10] == "Former relevant (21 to 25, receiving support)"
