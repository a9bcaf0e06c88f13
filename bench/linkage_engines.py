"""One partner file linked on DuckDB and on Spark in local mode. Prints name=value lines.

    .venv/bin/python bench/linkage_engines.py [--index 20000] [--rows 3000] [--repeat 2]

A scratch database of its own (a temporary SQLite file, or the empty database DATABASE_URL
names; never safeguard_bench or a test database) gets --index synthetic people
(`linkage/tests/population.py`: households, twins, earlier homes) and the linkage tests'
fixture model, which was trained on those same people. The file has --rows records: four in
five corrupted copies of indexed people (`corruption.corrupt_person`, its default rates),
one in five people the index does not hold.

The file is linked with `services.person_link_batch` (what a partner file import calls),
once per engine in turn, 1 + --repeat times, each run rolled back so that every run starts
from the same index; the engine is chosen as in production, by SAFEGUARD_LINKAGE_ENGINE.
Spark is started (and its functions compiled) once, before the first run:
`spark_start_seconds`. The first run of each engine is reported on its own
(`*_first_run_seconds`: a process's first file pays for compiling Splink's queries and the
JVM's warming up); the figures below are the median of the others.

- `duckdb_seconds`, `spark_seconds`, `spark_over_duckdb`: the whole call, median of the runs
  (reading the candidates, Splink, the decisions, writing people, reviews and audit);
- `*_scoring_seconds`, `spark_over_duckdb_scoring`: Splink's part of those runs alone (the
  time inside `splink_model.predict_pairs`, the one call that goes to the engine);
- `same_decisions`, `same_pairs`, `max_weight_difference`: whether both engines decided every
  row alike, scored the same candidate pairs, and how far apart their match weights were.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

from _django import setup

REFUSED = "DATABASE_URL names {name}: the benchmark needs a database of its own"
NOT_EMPTY = "DATABASE_URL names a database that already holds people: give it an empty one"
NOT_ON_SPARK = (
    "person_link_batch did not run on Spark: splink_model must take its Splink linker from "
    "engines.splink_linker (docs/linkage.md, Running on Spark)"
)


class _RollBack(Exception):
    pass


def _rolled_back(run: Callable[[], Any]) -> tuple[float, Any]:
    from django.db import transaction

    result: list[Any] = []
    try:
        with transaction.atomic():
            started = time.perf_counter()
            result.append(run())
            result.append(time.perf_counter() - started)
            raise _RollBack
    except _RollBack:
        pass
    return result[1], result[0]


def _file(people: list[Any], rows: int, seed: int) -> list[Any]:
    from safeguard.agencies.linkage.corruption import corrupt_person
    from safeguard.agencies.linkage.tests.population import synthetic_people

    rng = random.Random(seed)
    donors = [p.person for p in rng.sample(people, min(2000, len(people)))]
    known = rows * 4 // 5
    incoming = [
        corrupt_person(p.person, rng, donors=donors, earlier_homes=p.earlier_homes)
        for p in rng.sample(people, known)
    ]
    # People the index does not hold: another town's households.
    strangers = synthetic_people(rows - known, seed=seed + 1000)
    incoming += [s.person for s in strangers]
    rng.shuffle(incoming)
    return incoming


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=int, default=20_000, help="people in the index")
    parser.add_argument("--rows", type=int, default=3_000, help="records in the file")
    parser.add_argument("--repeat", type=int, default=2, help="runs per engine")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    folder = None
    if url:
        name = url.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
        if name == "safeguard_bench" or name.startswith("test_"):
            raise SystemExit(REFUSED.format(name=name))
    else:
        folder = tempfile.TemporaryDirectory(prefix="linkage-engines-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder.name}/index.sqlite3"
    setup()
    logging.disable(logging.INFO)  # Splink reports each step; the figures are printed here

    from django.core.management import call_command
    from django.db import transaction

    from safeguard.people.models import Person

    call_command("migrate", verbosity=0)
    if Person.objects.exists():
        raise SystemExit(NOT_EMPTY)

    figures: dict[str, Any] = {}
    try:
        # Everything is rolled back at the end: the database is left as it was found.
        with transaction.atomic():
            _measure(args, figures)
            raise _RollBack
    except _RollBack:
        pass
    finally:
        if folder is not None:
            folder.cleanup()
    for name, value in figures.items():
        print(f"{name}={value}")


def _measure(args: argparse.Namespace, figures: dict[str, Any]) -> None:
    from django.test import override_settings

    from safeguard.agencies.linkage import engines, splink_model
    from safeguard.agencies.linkage.services import person_link_batch
    from safeguard.agencies.linkage.tests.fixtures import install_fixture_model
    from safeguard.agencies.linkage.tests.population import load_population, synthetic_people
    from safeguard.organisation.models import Authority

    people = synthetic_people(args.index, seed=args.seed)
    load_population(people)
    install_fixture_model()
    authority = Authority.objects.create(
        name="Engines benchmark", la_code="999", child_population=args.index
    )
    incoming = _file(people, args.rows, args.seed)
    figures.update(index_people=args.index, rows=args.rows, cpu_count=os.cpu_count())

    started = time.perf_counter()
    engines.spark_session()
    figures["spark_start_seconds"] = round(time.perf_counter() - started, 1)

    # Counts the linkers Spark made, so a run that silently stayed on DuckDB is caught, and
    # times Splink's part of each run and keeps the pairs it scored.
    spark_linkers = [0]
    spark_linker = engines._spark_linker
    predict_pairs = splink_model.predict_pairs
    scored: list[tuple[float, Any]] = []

    def counted(*positional: Any, **named: Any) -> Any:
        spark_linkers[0] += 1
        return spark_linker(*positional, **named)

    def timed(*positional: Any, **named: Any) -> Any:
        started = time.perf_counter()
        frame = predict_pairs(*positional, **named)
        scored.append((time.perf_counter() - started, frame))
        return frame

    engines._spark_linker = counted
    splink_model.predict_pairs = timed

    seconds: dict[str, list[float]] = {"duckdb": [], "spark": []}
    scoring: dict[str, list[float]] = {"duckdb": [], "spark": []}
    outcomes: dict[str, Any] = {}
    pairs: dict[str, dict[tuple[int, int], float]] = {}
    for run in range(args.repeat + 1):
        for engine in ("duckdb", "spark"):
            scored.clear()
            with override_settings(SAFEGUARD_LINKAGE_ENGINE=engine):
                before = spark_linkers[0]
                took, result = _rolled_back(
                    lambda: person_link_batch(
                        incomings=incoming, authority=authority, source="Benchmark school"
                    )
                )
                if engine == "spark" and spark_linkers[0] == before:
                    raise SystemExit(NOT_ON_SPARK)
            if run == 0:  # first use: Spark's JIT compiler and DuckDB's have not run yet
                figures[f"{engine}_first_run_seconds"] = round(took, 2)
                continue
            seconds[engine].append(took)
            scoring[engine].append(sum(t for t, _ in scored))
            outcomes[engine] = result
            pairs[engine] = {
                (int(left), int(right)): float(weight)
                for _, frame in scored
                for left, right, weight in frame[
                    ["unique_id_l", "unique_id_r", "match_weight"]
                ].itertuples(index=False)
            }

    def decided(outcome: Any) -> tuple[Any, ...]:
        probability = outcome.match_probability
        return (
            outcome.decision,
            outcome.person_id if outcome.decision == "linked" else None,
            None if probability is None else round(probability, 6),
        )

    figures["same_decisions"] = int(
        [decided(o) for o in outcomes["duckdb"]] == [decided(o) for o in outcomes["spark"]]
    )
    for decision in ("linked", "review", "new"):
        figures[f"{decision}_rows"] = sum(1 for o in outcomes["duckdb"] if o.decision == decision)
    figures["pairs_scored"] = len(pairs["duckdb"])
    figures["same_pairs"] = int(set(pairs["duckdb"]) == set(pairs["spark"]))
    shared = set(pairs["duckdb"]) & set(pairs["spark"])
    figures["max_weight_difference"] = (
        f"{max((abs(pairs['duckdb'][p] - pairs['spark'][p]) for p in shared), default=0):.1e}"
    )

    duckdb_seconds = statistics.median(seconds["duckdb"])
    spark_seconds = statistics.median(seconds["spark"])
    figures["duckdb_seconds"] = round(duckdb_seconds, 2)
    figures["spark_seconds"] = round(spark_seconds, 2)
    figures["spark_over_duckdb"] = round(spark_seconds / duckdb_seconds, 2)
    duckdb_scoring = statistics.median(scoring["duckdb"])
    spark_scoring = statistics.median(scoring["spark"])
    figures["duckdb_scoring_seconds"] = round(duckdb_scoring, 2)
    figures["spark_scoring_seconds"] = round(spark_scoring, 2)
    figures["spark_over_duckdb_scoring"] = round(spark_scoring / duckdb_scoring, 2)


if __name__ == "__main__":
    main()
