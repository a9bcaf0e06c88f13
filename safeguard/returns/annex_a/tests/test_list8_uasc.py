"""Annex A list 8's UASC column, filled from the care record (care.UascStatus): Y for a child
who was an unaccompanied asylum-seeking child at any time in the 12 months to the window's
last day (30 September 2025), N otherwise."""

from __future__ import annotations

from datetime import date
from typing import Any

from safeguard.care.models import UascStatus

from .test_workbook import (
    PUBLISHED_LAYOUT,
    area,  # noqa: F401 (the fixture the test asks for)
    child,
    period_with,
    rows,
    workbook,
)

UASC = "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"


def test_uasc_in_the_last_12_months_is_yes_and_otherwise_no(area: Any) -> None:  # noqa: F811
    kids = {}
    for name, ceased in (("U1", None), ("U2", date(2024, 10, 1)), ("U3", date(2024, 9, 29))):
        kid = child(name)
        period = period_with(kid, date(2024, 6, 3), [{"start_date": date(2024, 6, 3)}])
        UascStatus.objects.create(child=kid, period=period, ceased_on=ceased)
        kids[name] = kid
    period_with(child("N1"), date(2025, 5, 6), [{"start_date": date(2025, 5, 6)}])

    headers = PUBLISHED_LAYOUT["List 8"]
    found = {
        row[headers.index("Child Unique ID")]: row[headers.index(UASC)]
        for row in rows(workbook(), "List 8")
    }
    # U3's status ceased before the 12 months to 30 September 2025 began.
    assert found == {"U1": "a) Yes", "U2": "a) Yes", "U3": "b) No", "N1": "b) No"}


def test_the_urn_is_the_current_placements_and_blank_where_ofsted_registers_none(
    area: Any,  # noqa: F811
) -> None:
    period_with(
        child("R1"),
        date(2025, 5, 6),
        [
            {"start_date": date(2025, 5, 6), "urn": "SC111111"},
            {"start_date": date(2025, 7, 1), "urn": "SC222222"},
        ],
    )
    period_with(child("R2"), date(2025, 5, 6), [{"start_date": date(2025, 5, 6), "urn": ""}])

    headers = PUBLISHED_LAYOUT["List 8"]
    found = {
        row[headers.index("Child Unique ID")]: row[headers.index("URN of Placement")]
        for row in rows(workbook(), "List 8")
    }
    assert found == {"R1": "SC222222", "R2": None}
