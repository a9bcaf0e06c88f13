"""Annex A list 8's placement location and LA of placement, from the current placement's
postcode through the ONS Postcode Directory (`common.postcodes`): "In area" or "Out of area"
against the authority's own ONS code (SAFEGUARD_LA_ONS_CODE), and the authority the
placement is in by name (its ONS code where the lookup has no name); both blank for a
postcode that cannot be placed; no query more however many children."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguard.returns.annex_a import layout

from .test_workbook import (
    PUBLISHED_LAYOUT,
    area,  # noqa: F401 (the fixture the test asks for)
    child,
    period_with,
    rows,
    workbook,
)

LOCATION = "Placement Location"
LA = "LA of Placement"


@pytest.fixture(autouse=True)
def manchester(settings: Any) -> None:
    settings.SAFEGUARD_LA_ONS_CODE = "E08000003"


def _columns(book: Any) -> dict[str, tuple[Any, Any, Any]]:
    headers = PUBLISHED_LAYOUT["List 8"]
    return {
        row[headers.index("Child Unique ID")]: (
            row[headers.index("Placement postcode")],
            row[headers.index(LOCATION)],
            row[headers.index(LA)],
        )
        for row in rows(book, "List 8")
    }


def _placed(name: str, *postcodes: str) -> None:
    """A child in care from 6 May 2025, one placement a month per postcode; the last open."""
    period_with(
        child(name),
        date(2025, 5, 6),
        [
            {"start_date": date(2025, 5 + n, 6), "postcode": postcode}
            for n, postcode in enumerate(postcodes)
        ],
    )


def test_the_current_placement_is_placed_in_or_out_of_area(area: Any) -> None:  # noqa: F811
    _placed("A1", "M5 4UT", "M14 5EN")  # moved from Salford back to Manchester
    _placed("A2", "M14 5EN", "M5 4UT")
    _placed("A3", "LA1 1AA")  # Lancaster: Lancashire runs its children's services
    _placed("A4", "CA1 1AA")  # Cumberland, newer than the lookup: its code
    _placed("A5", "M14")  # a district only
    _placed("A6", "M99 9ZZ")  # not in the directory
    _placed("A7", "")

    assert _columns(workbook()) == {
        "A1": ("M14 5EN", "In area", "Manchester"),
        "A2": ("M5 4UT", "Out of area", "Salford"),
        "A3": ("LA1 1AA", "Out of area", "Lancashire"),
        "A4": ("CA1 1AA", "Out of area", "E06000063"),
        "A5": ("M14", None, None),
        "A6": ("M99 9ZZ", None, None),
        "A7": (None, None, None),
    }


def test_the_authoritys_area_is_its_own_ons_code(area: Any, settings: Any) -> None:  # noqa: F811
    settings.SAFEGUARD_LA_ONS_CODE = "E08000006"
    _placed("S1", "M5 4UT")
    _placed("S2", "M14 5EN")

    assert _columns(workbook()) == {
        "S1": ("M5 4UT", "In area", "Salford"),
        "S2": ("M14 5EN", "Out of area", "Manchester"),
    }


def test_the_two_columns_are_no_longer_listed_as_not_recorded() -> None:
    assert LOCATION not in layout.LOOKED_AFTER.blank
    assert LA not in layout.LOOKED_AFTER.blank


def test_placing_takes_no_query_more_for_three_times_the_children(area: Any) -> None:  # noqa: F811
    _placed("Q1", "M14 5EN")
    with CaptureQueriesContext(connection) as one:
        workbook()
    _placed("Q2", "M5 4UT")
    _placed("Q3", "M33 4ET", "M1 1AE")
    with CaptureQueriesContext(connection) as three:
        book = workbook()
    assert len(three) == len(one)
    assert [location for _, location, _ in _columns(book).values()] == [
        "In area",
        "Out of area",
        "In area",
    ]
