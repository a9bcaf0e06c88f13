"""What the SSDA903 return asks, year by year: the files and their columns, and the codes
that changed.

The column sets are those Data to Insight's 903 validator (csc-validator-be-903 0.1.17,
`lac_validator/config.py`) requires of each CSV file; it identifies a file by its header
row, so a file must carry exactly these columns. The same sets hold for 2024-25 and 2025-26.

2026-27 (the year ending 31 March 2027) is not here yet. The validator's 2026-27 rules add a
table of deprivation of liberty orders (`DoLo`: CHILD, DOB, DOLO_START, DOLO_END; rules 700
to 710) and change no placement code; the DfE's own guide for that year was not available to
check it against, and Safeguard does not record deprivation of liberty orders, so the year
is refused until both are in hand (docs/returns.md, "Collection years").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

UNKNOWN_YEAR = (
    "Safeguard builds the SSDA903 return for the years ending 31 March {known}; got {year}. "
    "No specification of the return for the year ending 31 March {year} is known to it: read "
    "that year's DfE guide and add its files, columns and codes to "
    "safeguard/returns/ssda903/years.py."
)

# File name (the DfE's usual names, as local authorities upload them) -> columns, in order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "episodes": (
        "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
        "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
    ),
    "reviews": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "uasc": ("CHILD", "SEX", "DOB", "DUC"),
    "oc2": (
        "CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK",
        "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
    ),
    "oc3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "ad1": (
        "CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
        "LS_ADOPTR",
    ),
    "placed_for_adoption": (
        "CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED",
    ),
    "previous_permanence": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "social_worker_episodes": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
}  # fmt: skip

# Placement types (PLACE) each year accepts: the 2025 schema drops H5 and P2 and adds K3;
# 2025-26 replaces Z1 with Z11-Z14 (the validator's rule 146 for each year).
_PLACEMENT_TYPES_2025 = frozenset(
    {
        "A3", "A4", "A5", "A6", "K1", "K2", "K3", "P1", "P3", "R1", "R2", "R3", "R5",
        "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1",
    }
)  # fmt: skip
PLACEMENT_TYPES: dict[int, frozenset[str]] = {
    2025: _PLACEMENT_TYPES_2025,
    2026: (_PLACEMENT_TYPES_2025 - {"Z1"}) | {"Z11", "Z12", "Z13", "Z14"},
}


class UnknownReturnYear(ValueError):
    pass


@dataclass(frozen=True)
class ReturnYear:
    year: int

    @property
    def start(self) -> date:
        return date(self.year - 1, 4, 1)

    @property
    def reference_date(self) -> date:
        return date(self.year, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.year - 1}-{str(self.year)[2:]}"

    @property
    def placement_types(self) -> frozenset[str]:
        return PLACEMENT_TYPES[self.year]


def return_year(year: int) -> ReturnYear:
    """The collection year ending 31 March `year`, or a clear error naming the known years."""
    if year not in PLACEMENT_TYPES:
        known = ", ".join(str(y) for y in sorted(PLACEMENT_TYPES))
        raise UnknownReturnYear(UNKNOWN_YEAR.format(known=known, year=year))
    return ReturnYear(year)
