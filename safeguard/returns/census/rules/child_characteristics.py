"""ChildCharacteristics: ethnicity and disabilities."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from safeguard.common import codes

from ..records import CensusChild
from ..years import CollectionYear
from .common import NONE
from .registry import rule

ETHNICITIES = frozenset(codes.Ethnicity.values)
DISABILITIES = frozenset(codes.Disability.values)


@rule(
    "4220",
    "Ethnicity is missing or invalid (see Ethnicity table)",
    "ChildCharacteristics",
)
def _ethnicity(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.ethnicity not in ETHNICITIES:
        yield f"Ethnicity {child.ethnicity!r}"


@rule(
    "8540",
    "Child's disability is missing or invalid (see Disability table)",
    "ChildCharacteristics",
)
def _disability(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    # Asked of children born and referred on to further action (not of the unborn).
    if child.birth_date is None or not any(e.no_further_action is False for e in child.episodes):
        return
    if not child.disabilities:
        yield "Disabilities (none recorded)"
    for code in child.disabilities:
        if code not in DISABILITIES:
            yield f"Disability {code!r}"


@rule(
    "8790",
    "Disability information includes both None and other values",
    "ChildCharacteristics",
)
def _disability_none_and_others(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    if child.birth_date and NONE in child.disabilities and len(set(child.disabilities)) > 1:
        yield "Disabilities"


@rule(
    "8794",
    "Child has two or more disabilities with the same code",
    "ChildCharacteristics",
)
def _disability_repeated(child: CensusChild, year: CollectionYear) -> Iterator[str]:
    for code, n in Counter(child.disabilities).items():
        if n > 1:
            yield f"Disability {code}"
