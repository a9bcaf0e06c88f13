"""Splink (DuckDB) for training the model and for linking whole files (batch mode).

Training (`train`): the person index holds almost no duplicates, so the m probabilities (how
often a *true* match agrees at each level) cannot be learnt from the index alone. They are
learnt from labelled pairs: a sample of the index is copied with the errors partners make
(`corruption.corrupt_person`: typos, nicknames, swapped names and day/month, changed and
double-barrelled surnames, missing identifiers) and Splink estimates m from which copy came
from which person (`estimate_m_from_label_column`). The u probabilities (how often a random
*non*-match agrees) come from random pairs of the real index and the copies
(`estimate_u_using_random_sampling`). The prior is the chance that one incoming record is a
given person: the share of incoming records about known people over the index size. The
names' term frequencies (how many of the index hold each first name and surname) are counted
over the whole index and saved with the model (`scoring.TERM_FREQUENCIES`).

Batch (`predict_pairs`): Splink scores the blocked pairs of a file against the index with
the saved settings; `services.person_link_batch` turns scores into decisions with the same
rules as the online mode.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd

from . import engines
from .blocking import splink_blocking_rules
from .comparisons import COLUMNS, Prepared, prepare, splink_comparisons, term_frequency_columns
from .corruption import CorruptionRates, corrupt_person, earlier_homes, incoming_from_prepared
from .scoring import TERM_FREQUENCIES, check_settings, settings_complete, splink_settings

logger = logging.getLogger(__name__)

# Splink logs every step at INFO; keep its progress out of the application log.
logging.getLogger("splink").setLevel(logging.WARNING)

INCOMING = "a_incoming"  # registered first, so Splink's `l` is the incoming side
INDEX = "b_index"
DEFAULT_KNOWN_SHARE = 0.8  # most partner records are about children the authority knows


def base_settings(*, probability_two_random_records_match: float) -> dict[str, Any]:
    return {
        "link_type": "link_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": probability_two_random_records_match,
        "comparisons": splink_comparisons(),
        "blocking_rules_to_generate_predictions": splink_blocking_rules(),
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
    }


def frame_of(
    records: Sequence[Prepared], extra: dict[str, list[Any]] | None = None
) -> pd.DataFrame:
    columns: dict[str, list[Any]] = {"unique_id": [r["unique_id"] for r in records]}
    for column in COLUMNS:
        columns[column] = [r[column] for r in records]
    if extra:
        columns.update(extra)
    frame = pd.DataFrame(columns)
    if not records:  # an empty frame still needs its column types for DuckDB
        frame = frame.astype("object")
    return frame


def term_frequencies(index: Sequence[Prepared]) -> dict[str, dict[str, float]]:
    """For each term-frequency column, each value's share of the index records that have
    one (Splink's own definition: count of the value / count of non-null values)."""
    tables: dict[str, dict[str, float]] = {}
    for column in term_frequency_columns():
        counts: dict[str, int] = {}
        for record in index:
            value = record[column]
            if value is not None:
                counts[value] = counts.get(value, 0) + 1
        total = sum(counts.values())
        tables[column] = {value: count / total for value, count in sorted(counts.items())}
    return tables


def with_term_frequencies(settings: dict[str, Any], index: Sequence[Prepared]) -> dict[str, Any]:
    """Trained settings with the index's term frequencies saved in them, for a model trained
    some other way than `train` (the FEBRL benchmark learns m by expectation maximisation)."""
    return {**settings, TERM_FREQUENCIES: term_frequencies(index)}


def register_term_frequencies(linker: Any, tables: dict[str, dict[str, float]]) -> None:
    """Give Splink the saved term frequencies rather than letting it count the records it was
    handed (a batch's candidates, not the index): the scores then do not depend on which
    people were read, and equal the online scorer's."""
    for column, shares in tables.items():
        frame = pd.DataFrame(
            {column: list(shares), f"tf_{column}": [float(v) for v in shares.values()]}
        )
        if frame.empty:  # an empty frame still needs its column types
            frame = frame.astype({column: "object", f"tf_{column}": "float64"})
        table = engines.register_table(linker, frame, f"saved_tf_{column}")
        linker.table_management.register_term_frequency_lookup(table, column)


@contextmanager
def _linker(
    incoming: pd.DataFrame,
    index: pd.DataFrame,
    settings: dict[str, Any],
    tables: dict[str, dict[str, float]],
) -> Iterator[Any]:
    """A Linker on the engine in use (`SAFEGUARD_LINKAGE_ENGINE`), with the saved term
    frequencies registered, dropped on the way out."""
    with engines.splink_linker(
        {INCOMING: incoming, INDEX: index}, splink_settings(settings)
    ) as linker:
        register_term_frequencies(linker, tables)
        yield linker


def train(
    index: Sequence[Prepared],
    *,
    seed: int = 1,
    sample_size: int = 20_000,
    u_max_pairs: float = 5e6,
    known_share: float = DEFAULT_KNOWN_SHARE,
    rates: CorruptionRates | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Train on the person index; returns the Splink settings (with m and u) and figures."""
    if len(index) < 10:
        raise ValueError(f"The person index holds {len(index)} people; training needs at least 10")
    started = time.perf_counter()
    rng = random.Random(seed)
    sample = rng.sample(list(index), min(sample_size, len(index)))
    donors = [incoming_from_prepared(r) for r in rng.sample(list(index), min(2000, len(index)))]
    copies = []
    for n, record in enumerate(sample):
        person = corrupt_person(
            incoming_from_prepared(record),
            rng,
            rates,
            donors=donors,
            earlier_homes=earlier_homes(record),
        )
        copies.append(prepare(unique_id=f"t{n}", **person.__dict__))
    labels_in = [str(r["unique_id"]) for r in sample]
    incoming = frame_of(copies, {"person_label": labels_in})
    known = frame_of(index, {"person_label": [str(r["unique_id"]) for r in index]})
    prior = known_share / len(index)
    tables = term_frequencies(index)
    with _linker(
        incoming, known, base_settings(probability_two_random_records_match=prior), tables
    ) as linker:
        linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=seed)
        linker.training.estimate_m_from_label_column("person_label")
        settings = with_m_floor(settings_complete(engines.saved_model(linker)))
    settings["probability_two_random_records_match"] = prior
    settings[TERM_FREQUENCIES] = tables
    figures = {
        "index_people": len(index),
        "training_pairs": len(sample),
        "u_max_pairs": u_max_pairs,
        "seed": seed,
        "known_share": known_share,
        "seconds": round(time.perf_counter() - started, 2),
    }
    return settings, figures


# The least m probability a level keeps after training. A kind of disagreement the training
# copies never showed (a sex recorded wrongly, a mistyped NHS number) still happens in real
# partner data; without a floor its weight would be about -20 and veto any link on its own.
MIN_M_PROBABILITY = 0.001


def with_m_floor(settings: dict[str, Any]) -> dict[str, Any]:
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            if not level.get("is_null_level"):
                level["m_probability"] = max(level["m_probability"], MIN_M_PROBABILITY)
    return settings


def predict_pairs(
    incoming: Sequence[Prepared],
    index: Sequence[Prepared],
    settings: dict[str, Any],
    *,
    threshold_match_probability: float | None = None,
    with_levels: bool = False,
) -> pd.DataFrame:
    """Splink's scores for every blocked pair of `incoming` x `index`: unique_id_l
    (incoming), unique_id_r (index), match_weight, match_probability (and gamma_* levels
    with `with_levels`)."""
    wanted = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    check_settings(settings)
    if not incoming or not index:
        return pd.DataFrame(columns=wanted)
    tables = settings[TERM_FREQUENCIES]
    settings = dict(settings, retain_intermediate_calculation_columns=with_levels)
    with _linker(frame_of(incoming), frame_of(index), settings, tables) as linker:
        result = linker.inference.predict(threshold_match_probability=threshold_match_probability)
        frame = result.as_pandas_dataframe()
    if len(frame) and set(frame["source_dataset_l"]) != {INCOMING}:
        raise RuntimeError("Splink put index records on the incoming side of a pair")
    if with_levels:
        wanted += [c for c in frame.columns if c.startswith("gamma_")]
    return frame[wanted]
