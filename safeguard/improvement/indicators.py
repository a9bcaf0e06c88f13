"""An indicator's value for the authority, read from the performance registry exactly as the
performance dashboard reads it (`performance.selectors.indicator_result`), over the 12 months
to a day (`rules.indicator_period`). Nothing is stored: the plan shows the record as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from safeguard.organisation.models import Authority
from safeguard.performance.queries import Period, PeriodError
from safeguard.performance.registry import INDICATORS, INDICATORS_LIST
from safeguard.performance.selectors import indicator_result
from safeguard.timescales.working_days import add_months

from . import rules
from .codes import Movement


def indicator_choices() -> list[tuple[str, str]]:
    return [(indicator.slug, indicator.title) for indicator in INDICATORS_LIST]


def indicator_title(slug: str) -> str:
    indicator = INDICATORS.get(slug)
    return indicator.title if indicator is not None else slug


def indicator_unit(slug: str) -> str:
    indicator = INDICATORS.get(slug)
    if indicator is None:
        return ""
    return {"share": "%", "ratio": "per FTE"}.get(indicator.figure.value, "")


@dataclass
class IndicatorReader:
    """Reads indicators for one authority, each (indicator, day) once however many
    recommendations name it: a board report asks the same few many times."""

    authority: Authority
    _seen: dict[tuple[str, date], Decimal | None] = field(default_factory=dict)

    def value(self, slug: str, on: date) -> Decimal | None:
        key = (slug, on)
        if key not in self._seen:
            self._seen[key] = self._read(slug, on)
        return self._seen[key]

    def _read(self, slug: str, on: date) -> Decimal | None:
        indicator = INDICATORS.get(slug)
        if indicator is None:
            return None
        try:
            period = Period(*rules.indicator_period(on))
        except PeriodError:
            return None
        return indicator_result(
            indicator=indicator, period=period, authority=self.authority, team=None
        ).value

    def movement(
        self, *, slug: str, baseline: Decimal, target: Decimal, on: date
    ) -> tuple[Decimal | None, Movement]:
        current = self.value(slug, on)
        return current, rules.movement(baseline=baseline, target=target, current=current)

    def held(self, *, slug: str, baseline: Decimal, target: Decimal, on: date) -> bool:
        """Moved towards the target today and `SUSTAINED_MONTHS` months ago."""
        earlier = add_months(on, -rules.SUSTAINED_MONTHS)
        return all(
            self.movement(slug=slug, baseline=baseline, target=target, on=day)[1]
            is Movement.TOWARDS
            for day in (on, earlier)
        )
