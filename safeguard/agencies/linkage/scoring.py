"""Fellegi-Sunter scoring in Python, from a trained model's Splink settings.

The online mode scores an incoming record against the few candidates an indexed query found;
starting Splink for that costs more than the whole 100 ms budget. So this reads the m and u
probabilities out of the same settings JSON Splink trained and predicts with, and adds up the
same weights: for each comparison, the level the pair falls in (`comparisons`), its Bayes
factor m/u, and log2 of their product with the prior odds. A test checks it agrees with
Splink's own prediction pair by pair.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .comparisons import COMPARISONS, Prepared, comparison_levels

# A level Splink never saw in training has no m or u; Splink then uses this (its own
# "level not observed" value), and so does a saved model here, so both score it alike.
UNOBSERVED_PROBABILITY = 1e-6


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


class ScoringModel:
    """The comparison levels' Bayes factors, ready to score prepared pairs."""

    def __init__(self, settings: dict[str, Any]) -> None:
        settings = settings_complete(settings)
        prior = float(settings["probability_two_random_records_match"])
        self.prior_weight = weight_from_probability(prior)
        trained = settings["comparisons"]
        if [c["output_column_name"] for c in trained] != [c.name for c in COMPARISONS]:
            raise ValueError(
                "The saved model's comparisons are not the ones this code defines: retrain it "
                "with manage.py train_linkage_model"
            )
        self._levels: list[list[tuple[str, float]]] = []
        for comparison, saved in zip(COMPARISONS, trained, strict=True):
            saved_levels = saved["comparison_levels"]
            if [lvl["sql_condition"] for lvl in saved_levels] != [
                lvl.sql for lvl in comparison.levels
            ]:
                raise ValueError(
                    f"The saved model's {comparison.name} levels differ from the code's: "
                    "retrain it with manage.py train_linkage_model"
                )
            row = []
            for level, saved_level in zip(comparison.levels, saved_levels, strict=True):
                if level.is_null:
                    row.append((level.label, 0.0))
                else:
                    m, u = saved_level["m_probability"], saved_level["u_probability"]
                    row.append((level.label, math.log2(m / u)))
            self._levels.append(row)

    def score(self, incoming: Prepared, candidate: Prepared) -> PairScore:
        positions = comparison_levels(incoming, candidate)
        weights = []
        total = self.prior_weight
        for comparison, row, position in zip(COMPARISONS, self._levels, positions, strict=True):
            label, weight = row[position]
            weights.append(ComparisonWeight(comparison.name, label, weight))
            total += weight
        return PairScore(total, probability_from_weight(total), tuple(weights), tuple(positions))
