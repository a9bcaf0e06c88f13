"""What changes between collection years of the Children in Need census.

A collection year is named by the year it ends in: 2025 is 1 April 2024 to 31 March 2025
(the 2024-25 census). Codes change between years (domain notes, cin-census.md): up to 2023-24
a child's sex is `GenderCurrent` (1/2/0/9); from 2024-25 it is `Sex` (M/F/U), and the rules
that read it change wording with it. Rules 1570 and 1580 (LAchildID length and characters)
and the queries on superseded factors 18A/19A (8945Q, 8950Q) start in 2024-25.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from safeguard.common import codes

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"

# The years whose structure we know (community XSDs 2017-2026, see docs/returns.md). Earlier
# years differ in ways we have not read; later ones need their specification read first.
FIRST_YEAR = 2023
LAST_YEAR = 2026
# The first collection year (ending 31 March) that returns `Sex` instead of `GenderCurrent`.
SEX_FROM_YEAR = 2025

UNKNOWN_YEAR = (
    "No Children in Need census specification is known for the year ending 31 March {year}: "
    "Safeguard builds the years ending {first} to {last}. Read that year's DfE specification "
    "and add it to safeguard/returns/census/years.py."
)


class UnknownCollectionYear(ValueError):
    pass


@dataclass(frozen=True)
class CollectionYear:
    year: int

    @property
    def start(self) -> date:
        """The first day of the collection period (Start_Of_Census_Year in the DfE rules)."""
        return date(self.year - 1, 4, 1)

    @property
    def reference_date(self) -> date:
        """The last day of the period: header ReferenceDate (N00603), 31 March."""
        return date(self.year, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.year - 1}-{str(self.year)[2:]}"

    @property
    def uses_sex(self) -> bool:
        return self.year >= SEX_FROM_YEAR

    @property
    def sex_element(self) -> str:
        return "Sex" if self.uses_sex else "GenderCurrent"

    def sex_code(self, sex: str) -> str:
        """The child's recorded sex (Safeguard holds M/F/U) in this year's code set."""
        return sex if self.uses_sex else codes.gender_current_for(sex)

    @property
    def unborn_sex_code(self) -> str:
        """Rule 8750: the code an unborn child must carry."""
        return codes.Sex.UNKNOWN.value if self.uses_sex else codes.GenderCurrent.NOT_RECORDED.value

    @property
    def valid_sex_codes(self) -> frozenset[str]:
        if self.uses_sex:
            return frozenset(codes.Sex.values)
        return frozenset(codes.GenderCurrent.values)

    @property
    def schema_path(self) -> Path:
        name = "cin_census_sex.xsd" if self.uses_sex else "cin_census_gender_current.xsd"
        return SCHEMA_DIR / name

    @property
    def checks_la_child_id_shape(self) -> bool:
        """Rules 1570 and 1580 are in the 2024-25 rules and later."""
        return self.year >= 2025

    @property
    def queries_superseded_factors(self) -> bool:
        """Queries 8945Q and 8950Q (factors 18A and 19A) are in the 2024-25 rules and later."""
        return self.year >= 2025


def collection_year(year: int) -> CollectionYear:
    """The collection year ending 31 March `year`, or a clear error naming the known years."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UnknownCollectionYear(
            UNKNOWN_YEAR.format(year=year, first=FIRST_YEAR, last=LAST_YEAR)
        )
    return CollectionYear(year)
