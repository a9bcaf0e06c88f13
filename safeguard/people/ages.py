"""A person's age on a day: whole years since their birth, the birthday itself counting."""

from __future__ import annotations

from datetime import date


def age_on(born: date | None, on: date) -> int | None:
    """Whole years from `born` to `on`; None when the date of birth is not known."""
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
