"""Fellegi-Sunter scoring in Python, from a trained model's Splink settings.

The online mode scores an incoming record against the few candidates an indexed query found;
starting Splink for that costs more than the whole 100 ms budget. So this reads the m and u
probabilities out of the same settings JSON Splink trained and predicts with, and adds up the
same weights: for each comparison, the level the pair falls in (`comparisons`), its Bayes
factor m/u, and log2 of their product with the prior odds. A test checks it agrees with
Splink's own prediction pair by pair.

Term-frequency adjustment, as Splink makes it: where two names agree exactly, the weight is
log2(m/u) + log2(u / f), f being the share of the person index holding that name (no less
than the level's `tf_minimum_u_value`), so agreeing on a rare name counts for more than on a
common one. The shares are counted over the whole index at training and saved with the model
(`settings["term_frequencies"]`), so online, batch and any engine read the same numbers.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .blocking import splink_blocking_rules
from .comparisons import COMPARISONS, Comparison, Prepared, comparison_levels, splink_level

# A level Splink never saw in training has no m or u; Splink then uses this (its own
# "level not observed" value), and so does a saved model here, so both score it alike.
UNOBSERVED_PROBABILITY = 1e-6

# Where a saved model keeps its term frequencies: {column: {value: share of the index}}. Not
# a Splink setting: `splink_settings` leaves it out, and `splink_model` registers the tables.
TERM_FREQUENCIES = "term_frequencies"

RETRAIN = "retrain it with manage.py train_linkage_model"


@dataclass(frozen=True)
class ComparisonWeight:
    comparison: str
    level: str
    match_weight: float  # log2(m/u); 0 for a missing value


@dataclass(frozen=True)
class PairScore:
    match_weight: float
    match_probability: float
    weights: tuple[ComparisonWeight, ...]
    levels: tuple[int, ...]  # per comparison, the level's position (comparisons.COMPARISONS)

    def as_json(self) -> list[dict[str, Any]]:
        return [
            {"comparison": w.comparison, "level": w.level, "match_weight": round(w.match_weight, 4)}
            for w in self.weights
        ]


def probability_from_weight(weight: float) -> float:
    if weight > 1000:
        return 1.0
    odds: float = 2.0**weight
    return odds / (1.0 + odds)


def weight_from_probability(probability: float) -> float:
    return math.log2(probability / (1.0 - probability))


def settings_complete(settings: dict[str, Any]) -> dict[str, Any]:
    """A copy of Splink settings in which every non-null level has a numeric m and u (an
    unobserved or untrained level gets Splink's own 1e-6), so Splink and this module read
    the very same numbers."""
    import copy

    done = copy.deepcopy(settings)
    for comparison in done["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            for key in ("m_probability", "u_probability"):
                value = level.get(key)
                if not isinstance(value, (int, float)) or value <= 0:
                    level[key] = UNOBSERVED_PROBABILITY
    return done


def splink_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The saved model as Splink reads it: without the term-frequency tables."""
    return {key: value for key, value in settings.items() if key != TERM_FREQUENCIES}


# What decides a level's meaning (its label is only words for charts).
_LEVEL_KEYS = (
    "sql_condition",
    "is_null_level",
    "tf_adjustment_column",
    "tf_adjustment_weight",
    "tf_minimum_u_value",
)


def _meaning(level: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(level.get(key) for key in _LEVEL_KEYS)


def _blocking_rule(rule: str | dict[str, Any]) -> dict[str, Any]:
    if isinstance(rule, str):
        return {"blocking_rule": rule, "sql_dialect": "duckdb"}
    return {key: value for key, value in rule.items() if value is not None}


def check_settings(settings: dict[str, Any]) -> None:
    """Raise ValueError unless the saved model's comparisons, levels, blocking rules and term
    frequencies are the ones this code defines: a stale model would put pairs in other
    levels than the code (online) or block other pairs (batch)."""
    trained = settings["comparisons"]
    if [c["output_column_name"] for c in trained] != [c.name for c in COMPARISONS]:
        raise ValueError(
            f"The saved model's comparisons are not the ones this code defines: {RETRAIN}"
        )
    for comparison, saved in zip(COMPARISONS, trained, strict=True):
        saved_levels = [_meaning(level) for level in saved["comparison_levels"]]
        if saved_levels != [_meaning(splink_level(level)) for level in comparison.levels]:
            raise ValueError(
                f"The saved model's {comparison.name} levels differ from the code's: {RETRAIN}"
            )
    saved_rules = [_blocking_rule(r) for r in settings["blocking_rules_to_generate_predictions"]]
    if saved_rules != splink_blocking_rules():
        raise ValueError(f"The saved model's blocking rules differ from the code's: {RETRAIN}")
    tables = settings.get(TERM_FREQUENCIES) or {}
    for comparison in COMPARISONS:
        for level in comparison.levels:
            if level.tf_column is not None and not isinstance(tables.get(level.tf_column), dict):
                raise ValueError(
                    f"The saved model has no term frequencies for {level.tf_column}: {RETRAIN}"
                )


@dataclass(frozen=True)
class _TermFrequencyAdjustment:
    column: str
    shares: dict[str, float]
    log2_u: float  # log2 of the u probability of agreeing exactly on the column
    weight: float
    minimum: float

    def __call__(self, left: Prepared, right: Prepared) -> float:
        # Splink: weight * (log2(u) - log2(greatest(tf_l, tf_r, minimum))), either side's
        # share standing for the other's when one is unknown, nothing when both are.
        known = [
            share
            for share in (self.shares.get(left[self.column]), self.shares.get(right[self.column]))
            if share is not None
        ]
        if not known:
            return 0.0
        return self.weight * (self.log2_u - math.log2(max(*known, self.minimum)))


class ScoringModel:
    """The comparison levels' Bayes factors, ready to score prepared pairs."""

    def __init__(self, settings: dict[str, Any]) -> None:
        check_settings(settings)
        settings = settings_complete(settings)
        prior = float(settings["probability_two_random_records_match"])
        self.prior_weight = weight_from_probability(prior)
        tables = settings.get(TERM_FREQUENCIES) or {}
        self._levels: list[list[tuple[str, float, _TermFrequencyAdjustment | None]]] = []
        for comparison, saved in zip(COMPARISONS, settings["comparisons"], strict=True):
            row: list[tuple[str, float, _TermFrequencyAdjustment | None]] = []
            for level, saved_level in zip(
                comparison.levels, saved["comparison_levels"], strict=True
            ):
                if level.is_null:
                    row.append((level.label, 0.0, None))
                    continue
                m, u = saved_level["m_probability"], saved_level["u_probability"]
                adjustment = None
                if level.tf_column is not None:
                    adjustment = _TermFrequencyAdjustment(
                        column=level.tf_column,
                        shares=tables[level.tf_column],
                        log2_u=math.log2(u),  # the level is the exact match on the column
                        weight=float(saved_level["tf_adjustment_weight"]),
                        minimum=float(saved_level["tf_minimum_u_value"]),
                    )
                row.append((level.label, math.log2(m / u), adjustment))
            self._levels.append(row)

    def score(self, incoming: Prepared, candidate: Prepared) -> PairScore:
        positions = comparison_levels(incoming, candidate)
        weights = []
        total = self.prior_weight
        for comparison, row, position in zip(COMPARISONS, self._levels, positions, strict=True):
            label, weight, adjustment = row[position]
            if adjustment is not None:
                weight += adjustment(incoming, candidate)
            weights.append(ComparisonWeight(comparison.name, label, weight))
            total += weight
        return PairScore(total, probability_from_weight(total), tuple(weights), tuple(positions))

    def scorer_against(self, incoming: Prepared) -> Callable[[Prepared], PairScore]:
        """`score(incoming, candidate)` for one incoming record and many candidates, each
        comparison worked out once per distinct value of the candidate columns it reads.

        A comparison's level (and a name's term-frequency adjustment) depends on the incoming
        record and on the candidate's columns its SQL names as `_r`, nothing else; the online
        candidates repeat those values a great deal (a household shares a home, a year of
        births a date, a town its common names), so most comparisons become one dict lookup.
        The sum is taken in the same order as `score`, so the weights are the same floats.
        """
        memos: list[dict[tuple[Any, ...], tuple[int, ComparisonWeight]]] = [{} for _ in COMPARISONS]
        plan = list(zip(COMPARISONS, _CANDIDATE_KEYS, self._levels, memos, strict=True))
        prior = self.prior_weight

        def score(candidate: Prepared) -> PairScore:
            positions = []
            weights = []
            total = prior
            for comparison, key_of, row, memo in plan:
                key = key_of(candidate)
                found = memo.get(key)
                if found is None:
                    position = _level_position(comparison, incoming, candidate)
                    label, weight, adjustment = row[position]
                    if adjustment is not None:
                        weight += adjustment(incoming, candidate)
                    found = memo[key] = (position, ComparisonWeight(comparison.name, label, weight))
                positions.append(found[0])
                weights.append(found[1])
                total += found[1].match_weight
            return PairScore(
                total, probability_from_weight(total), tuple(weights), tuple(positions)
            )

        return score


# The columns of the candidate (Splink's right-hand side) each comparison's SQL reads, e.g.
# "first_name_r" -> first_name. The Python conditions read the same columns (the agreement
# test holds them to Splink pair by pair), so a level is a function of these values alone.
_CANDIDATE_COLUMN = re.compile(r'"([a-z_]+)_r"')


def _candidate_columns(comparison: Comparison) -> tuple[str, ...]:
    named = {
        column for level in comparison.levels for column in _CANDIDATE_COLUMN.findall(level.sql)
    }
    named.update(level.tf_column for level in comparison.levels if level.tf_column is not None)
    return tuple(sorted(named))


def _candidate_key(columns: tuple[str, ...]) -> Callable[[Prepared], Any]:
    """The candidate's values of `columns` as a dict key (lists, which `prepare` makes of
    homes and surname parts, as tuples)."""
    lists = tuple(column for column in columns if column in _LIST_COLUMNS)
    scalars = operator.itemgetter(*(column for column in columns if column not in lists))
    if not lists:
        return scalars
    listed = operator.itemgetter(*lists)
    if len(lists) == 1:
        return lambda candidate: (scalars(candidate), _as_key(listed(candidate)))
    return lambda candidate: (scalars(candidate), *map(_as_key, listed(candidate)))


def _as_key(values: list[str] | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(values)


# The columns `prepare` fills with a list (or None).
_LIST_COLUMNS = frozenset(
    {
        "first_name_forms",
        "first_name_variant_keys",
        "last_name_parts",
        "home_keys",
        "home_postcodes",
    }
)
_CANDIDATE_KEYS = tuple(
    _candidate_key(_candidate_columns(comparison)) for comparison in COMPARISONS
)


def _level_position(comparison: Comparison, incoming: Prepared, candidate: Prepared) -> int:
    for position, level in enumerate(comparison.levels):
        if level.holds(incoming, candidate):
            return position
    raise ValueError(f"No level of {comparison.name} holds: its last level must be ELSE")
