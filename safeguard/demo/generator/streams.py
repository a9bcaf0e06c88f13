"""Deterministic randomness: named sub-streams of one seed, and small samplers.

Every part of the generator draws from its own `random.Random`, derived from the seed and a
label (for example the child's arrival number). A child's history therefore depends only on
the seed, the scale and the as-of date, never on how many numbers another part drew first,
and never on the global random state or on hash randomisation.
"""

from __future__ import annotations

import hashlib
import math
import random
from bisect import bisect_right
from collections.abc import Hashable, Mapping, Sequence
from datetime import date, timedelta
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


def substream(seed: int, *labels: object) -> random.Random:
    """A generator seeded from `seed` and the labels, the same on every run and platform."""
    key = repr((seed, *labels)).encode()
    return random.Random(int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big"))


class Weighted(Generic[T]):
    """Pick from a fixed table of weights quickly (cumulative weights built once)."""

    __slots__ = ("_cumulative", "_total", "items")

    def __init__(self, weights: Mapping[T, float]) -> None:
        self.items: tuple[T, ...] = tuple(weights)
        self._cumulative = list(accumulate(float(w) for w in weights.values()))
        self._total = self._cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect_right(self._cumulative, rng.random() * self._total)]


class Quantiles:
    """Sample a value from a piecewise-linear quantile function given as (share, value) knots."""

    __slots__ = ("_shares", "_values")

    def __init__(self, knots: Sequence[tuple[float, float]]) -> None:
        self._shares = [p for p, _ in knots]
        self._values = [v for _, v in knots]

    def sample(self, rng: random.Random) -> float:
        u = rng.random()
        i = max(1, bisect_right(self._shares, u))
        p0, p1 = self._shares[i - 1], self._shares[i]
        v0, v1 = self._values[i - 1], self._values[i]
        return v0 + (v1 - v0) * (u - p0) / (p1 - p0)


def chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def between(rng: random.Random, low: int, high: int) -> int:
    """An integer from low to high inclusive (quicker than randint for hot loops)."""
    return low + int(rng.random() * (high - low + 1))


def pick(rng: random.Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]


def poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: fine for the small means used here."""
    if mean <= 0:
        return 0
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def days_after(rng: random.Random, start: date, low: int, high: int) -> date:
    return start + timedelta(days=between(rng, low, high))


def exponential_days(rng: random.Random, mean_days: float) -> int:
    return int(rng.expovariate(1.0 / mean_days))


def arrival_dates(rng: random.Random, start: date, end: date, per_year: float) -> list[date]:
    """Dates of a Poisson process with `per_year` events a year between start and end."""
    out: list[date] = []
    if per_year <= 0:
        return out
    mean_gap = 365.25 / per_year
    t = 0.0
    span = (end - start).days
    while True:
        t += rng.expovariate(1.0 / mean_gap)
        if t > span:
            return out
        out.append(start + timedelta(days=int(t)))
