"""The shapes the partner hub and the linkage app exchange (fixed in the hub contract)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Decision = Literal["linked", "review", "new"]


@dataclass(frozen=True)
class IncomingPerson:
    """A person as a partner describes them; every field may be blank."""

    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""  # "M" / "F" / "U" / ""
    postcode: str = ""
    address_line: str = ""
    nhs_number: str = ""
    upn: str = ""


@dataclass(frozen=True)
class MatchOutcome:
    """What linkage decided about one incoming person."""

    decision: Decision
    person_id: int | None  # linked: the known person; new: the person just created
    review_id: int | None  # review: the MatchReview waiting for a person's decision
    match_probability: float | None
