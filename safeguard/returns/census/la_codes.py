"""The DfE's recognised LA codes (census rule 1530), and the shape of an authority's ONS code.

Plain Python with no Django import: the settings check the authority's own codes with it
before Django starts (config/settings/base.py), and rule 1530 checks characters 2-4 of
every UPN with it.

Rule 1530's specification: characters 2-4 of a UPN "must be a valid post April 1998 LA code
or a recognised 'pseudo LA' code", listed there as the ranges below. The 2023-24 rules add
942 and 943, the codes of Cumberland and of Westmorland and Furness, the authorities that
began on 1 April 2023. Source: the rule text as quoted in Data to Insight's
csc-validator-be-cin (rules/cin2022_23/rule_1530.py and cin2023_24/rule_1530.py); the DfE's
own rules document was not available offline (docs/returns.md).
"""

from __future__ import annotations

import re

__all__ = [
    "LA_CODE_EXAMPLE",
    "ONS_CODE_EXAMPLE",
    "is_recognised_la_code",
    "la_code_problem",
    "ons_code_problem",
    "recognised_la_codes",
]

# Inclusive ranges and single codes, as the specification lists them.
_RANGES_FROM_1998: tuple[tuple[int, int], ...] = (
    (1, 5),
    (201, 213),
    (301, 320),
    (330, 336),
    (340, 344),
    (350, 359),
    (370, 373),
    (380, 384),
    (390, 394),
    (420, 420),
    (660, 681),
    (701, 708),
    (800, 803),
    (805, 808),
    (810, 813),
    (815, 816),
    (820, 823),
    (825, 826),
    (830, 831),
    (835, 841),
    (845, 846),
    (850, 852),
    (855, 857),
    (860, 861),
    (865, 896),
    (908, 909),
    (916, 916),
    (919, 919),
    (921, 921),
    (925, 926),
    (928, 929),
    (931, 931),
    (933, 933),
    (935, 938),
    (940, 941),
)
# Cumberland (942) and Westmorland and Furness (943), from the 2023-24 rules.
_ADDED_2023_24: tuple[tuple[int, int], ...] = ((942, 943),)
# Collection years are named by the year they end in (years.py): 2024 is 2023-24.
_FIRST_YEAR_WITH_2023_CODES = 2024

LA_CODE_EXAMPLE = "352"
ONS_CODE_EXAMPLE = "E08000003"
# An English authority with children's services: a unitary authority (E06), a metropolitan
# borough (E08), a London borough or the City of London (E09), or a county (E10). District
# councils (E07) have none.
_ONS_CODE = re.compile(r"E(06|08|09|10)[0-9]{6}")


def _codes(ranges: tuple[tuple[int, int], ...]) -> frozenset[str]:
    return frozenset(f"{n:03d}" for low, high in ranges for n in range(low, high + 1))


_FROM_1998 = _codes(_RANGES_FROM_1998)
_FROM_2023 = _FROM_1998 | _codes(_ADDED_2023_24)


def recognised_la_codes(year: int | None = None) -> frozenset[str]:
    """The codes rule 1530 accepts in the collection year ending 31 March `year` (None: the
    latest list)."""
    if year is not None and year < _FIRST_YEAR_WITH_2023_CODES:
        return _FROM_1998
    return _FROM_2023


def is_recognised_la_code(code: str, year: int | None = None) -> bool:
    return code in recognised_la_codes(year)


def la_code_problem(name: str, value: str) -> str | None:
    """Why `value` cannot be the authority's DfE LA code (setting `name`), or None."""
    if not re.fullmatch(r"[0-9]{3}", value):
        return (
            f"{name} must be the authority's three-digit DfE LA code, such as "
            f"{LA_CODE_EXAMPLE}; got {value!r}."
        )
    if not is_recognised_la_code(value):
        return (
            f"{name} is {value}, which is not a DfE LA code: census rule 1530 would refuse "
            "every UPN the authority's schools issue. Use the authority's own code, such as "
            f"{LA_CODE_EXAMPLE}."
        )
    return None


def ons_code_problem(name: str, value: str) -> str | None:
    """Why `value` cannot be the authority's ONS (GSS) code (setting `name`), or None."""
    if not _ONS_CODE.fullmatch(value):
        return (
            f"{name} must be the authority's nine-character ONS code: E06, E08, E09 or E10 "
            f"and six digits, such as {ONS_CODE_EXAMPLE}; got {value!r}."
        )
    return None
