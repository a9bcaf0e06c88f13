"""Postcodes placed through the ONS Postcode Directory: real units from the demo's areas."""

from __future__ import annotations

import math

import pytest

from safeguard.common import postcodes
from safeguard.common.postcodes import Located, distance_miles, locate, normalise


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("M14 5EN", "M14 5EN"),
        ("m145en", "M14 5EN"),
        ("  m14   5en ", "M14 5EN"),
        ("M1 1AE", "M1 1AE"),
        ("sw1a1aa", "SW1A 1AA"),
        ("M14", None),
        ("M14 5E", None),
        ("M14 5ENX", None),
        ("145EN", None),
        ("", None),
    ],
)
def test_normalise_writes_a_full_unit_and_refuses_anything_else(
    given: str, written: str | None
) -> None:
    assert normalise(given) == written


def test_a_manchester_unit_is_on_the_grid_in_manchester() -> None:
    assert locate("m14 5en") == Located("M14 5EN", 385210.0, 395385.0, "E08000003", "Manchester")


def test_a_demo_placement_over_the_border_is_in_salford() -> None:
    placed = locate("M5 4UT")
    assert placed is not None
    assert (placed.la_code, placed.la_name) == ("E08000006", "Salford")


def test_a_district_in_a_two_tier_area_is_placed_in_its_county() -> None:
    # Lancaster is a district; Lancashire County Council runs its children's services.
    placed = locate("LA1 1AA")
    assert placed is not None
    assert (placed.la_code, placed.la_name) == ("E10000017", "Lancashire")


def test_an_authority_newer_than_the_lookup_keeps_its_code_without_a_name() -> None:
    # Cumberland (2023) is in the 2025 directory but not the April 2021 lookup.
    placed = locate("CA1 1AA")
    assert placed is not None
    assert (placed.la_code, placed.la_name) == ("E06000063", None)


@pytest.mark.parametrize("postcode", ["M14", "M14 5E", "M99 9ZZ", "QQ1 1AA", "", "not one"])
def test_a_partial_or_unknown_postcode_is_not_located(postcode: str) -> None:
    assert locate(postcode) is None


def test_distance_is_the_straight_line_in_miles_to_one_place() -> None:
    expected = math.hypot(385210 - 381066, 395385 - 398216) / 1609.344
    assert distance_miles("M14 5EN", "M5 4UT") == round(expected, 1) == 3.1
    assert distance_miles("M5 4UT", "m145en") == 3.1
    assert distance_miles("M14 5EN", "M14 5EN") == 0.0


@pytest.mark.parametrize(("a", "b"), [("M14 5EN", "M14"), ("M99 9ZZ", "M14 5EN"), ("", "")])
def test_distance_is_unknown_when_either_postcode_is(a: str, b: str) -> None:
    assert distance_miles(a, b) is None


def test_each_letter_is_read_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    read = postcodes.brotli.decompress
    letters: list[str] = []

    def counting(compressed: bytes) -> bytes:
        letters.append("Z")
        return read(compressed)

    locate("M1 1AE")
    monkeypatch.setattr(postcodes.brotli, "decompress", counting)
    monkeypatch.delitem(postcodes._letters, "Z", raising=False)
    for unit in ("M14 5EN", "M1 1AE", "M5 4UT", "ZE1 0AA", "ZE2 9AA"):
        locate(unit)
    assert letters == ["Z"]


def test_reading_the_directory_leaves_pandas_unimported() -> None:
    """A web process places a postcode without paying over a second to import pandas."""
    import subprocess
    import sys

    code = (
        "import sys; from safeguard.common import postcodes; "
        "assert postcodes.locate('M14 5EN') is not None; print('pandas' in sys.modules)"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
