"""What the rules of several census modules share: the collection year's span, and short,
date-based locations ("CIN episode referred 2024-06-03") a person can find in the record."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from safeguard.common import codes

from ..records import CensusChild, CinEpisode
from ..years import CollectionYear

__all__ = [
    "NONE",
    "NO_FACTORS",
    "before_2024_25",
    "episode_where",
    "from_2024_25",
    "in_year",
    "latest_end",
    "located_episodes",
]

NO_FACTORS = codes.AssessmentFactor.NO_FACTORS.value
NONE = codes.Disability.NONE.value


def from_2024_25(year: CollectionYear) -> bool:
    return year.uses_sex


def before_2024_25(year: CollectionYear) -> bool:
    return not year.uses_sex


def in_year(value: date, year: CollectionYear) -> bool:
    return year.start <= value <= year.reference_date


def latest_end(value: date | None, year: CollectionYear) -> date:
    """An open period counts as running to the end of the census year."""
    return value or year.reference_date


def episode_where(e: CinEpisode) -> str:
    return f"CIN episode referred {e.referral_date}"


def located_episodes(child: CensusChild) -> Iterator[tuple[CinEpisode, str]]:
    for e in child.episodes:
        yield e, episode_where(e)
