"""What changes between collection years of the children's social work workforce census.

A collection year is named by its reference date, 30 September: 2024 is the census of
30 September 2024, and its starters, leavers and absence cover 1 October 2023 to
30 September 2024. The structure changed in two ways we have read (docs/workforce.md): up to
2023 a worker's gender is `GenderCurrent` (0/1/2/9); from 2024 it is `Sex` (M/F). From 2025
the DfE also asks pay (per worker: BaseSalary, RRPayments, OtherPayments) and the council's
pay policy (in `LALevelVacancies`, all required), and no longer asks QualInst or CFKSSstatus.
We found no 2026 specification: 2026 is built in the 2025 structure [unverified].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"

FIRST_YEAR = 2022
LAST_YEAR = 2026
SEX_FROM_YEAR = 2024
PAY_FROM_YEAR = 2025

UNKNOWN_YEAR = (
    "No workforce census specification is known for 30 September {year}: Safeguard builds "
    "the censuses of 30 September {first} to {last} (2026 in the 2025 structure, as no later "
    "specification has been read)."
)


class UnknownCensusYear(ValueError):
    pass


@dataclass(frozen=True)
class CensusYear:
    year: int

    @property
    def start(self) -> date:
        """The first day of the year the census covers (starters, leavers, absence)."""
        return date(self.year - 1, 10, 1)

    @property
    def reference_date(self) -> date:
        """30 September: who is in post, FTE30, Cases30 and Absat30Sept are read on it."""
        return date(self.year, 9, 30)

    @property
    def label(self) -> str:
        return f"30 September {self.year}"

    def covers(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.reference_date

    @property
    def uses_sex(self) -> bool:
        return self.year >= SEX_FROM_YEAR

    @property
    def asks_pay(self) -> bool:
        """Each worker's pay and the council's pay policy; no QualInst or CFKSSstatus."""
        return self.year >= PAY_FROM_YEAR

    @property
    def schema_path(self) -> Path:
        if self.asks_pay:
            return SCHEMA_DIR / "csww_2025.xsd"
        name = "csww_2024.xsd" if self.uses_sex else "csww_2022.xsd"
        return SCHEMA_DIR / name


def census_year(year: int) -> CensusYear:
    """The census of 30 September `year`, or a clear error naming the years we build."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UnknownCensusYear(UNKNOWN_YEAR.format(year=year, first=FIRST_YEAR, last=LAST_YEAR))
    return CensusYear(year)
