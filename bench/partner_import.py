"""How the partner hub takes in what partners send. Prints name=value lines.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/safeguard_<you>_demo \
        .venv/bin/python bench/partner_import.py [--part file] [--file-mb 50]
    ... bench/partner_import.py --part batch [--rows 2000] [--submissions 50]

--part file (the default; issue 11's target: peak memory under 300 MB for a 50 MB file):
generates a CSV nightly file of about --file-mb megabytes as a school would send it (a roll of
20,000 pupils, one in twenty a child of the demo authority and the rest generated from the
demo's names, never real people; a tenth of the rows with the first name misspelt; one row in
a hundred a concern that becomes a contact; each row with a note), then imports it with
`services.files.partner_file_import`, the function the command and the background job call.
Prints rows, file_mb, seconds, rows_per_second, baseline_memory_mb (the process before the
import: Django, pandas, Splink) and peak_memory_mb: the process's peak resident set size
(`resource.getrusage(RUSAGE_SELF).ru_maxrss`, which counts everything the process held,
including the Python heap, DuckDB and pandas, unlike tracemalloc), read after the import.
The file is written to and read from a temporary folder, a row at a time.

--part batch: a 2,000-row bulk request through `batch_receive` (linkage's batch mode,
storage, signals, closing the loop) and single API submissions through the whole HTTP stack.

Needs a demo authority in that database (migrated, then `manage.py generate_demo --scale
0.1`) and a linkage model (the linkage tests' fixture model is installed if there is none).
Everything it writes is rolled back at the end (the file's chunks are then savepoints of one
transaction rather than transactions of their own); it refuses the shared `safeguard_bench`
database.
"""

import argparse
import csv
import json
import random
import resource
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from _django import setup

HEADER = [
    "reference",
    "child_first_name",
    "child_last_name",
    "child_date_of_birth",
    "child_upn",
    "event_type",
    "school",
    "period_start",
    "period_end",
    "attendance_percent",
    "unauthorised_absence_sessions",
    "occurred_on",
    "harm_type",
    "summary",
]
# Words for the rows' notes: a school's own words, generated.
_NOTE_TEXT = (
    "attendance dropped after half term letters sent home no reply phone calls to parent "
    "not answered pupil says mum is unwell late most mornings tired in lessons uniform "
    "missing lunch money not paid sibling also absent meeting offered by head of year "
    "education welfare officer informed home visit planned next week"
)
NOTE_WORDS = _NOTE_TEXT.split()


class _RollBack(Exception):
    pass


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _pupils(children: list[dict], rng: random.Random, count: int = 20_000) -> list[dict]:
    """A school's roll: one pupil in twenty a child of the demo authority (about the rate of
    children known to social care), the rest generated from the demo's own first and last
    names with dates of birth of school age, so never a real person and not known."""
    firsts = sorted({c["first_name"] for c in children if c["first_name"]})
    lasts = sorted({c["last_name"] for c in children if c["last_name"]})
    today = date.today()
    pupils = []
    for n in range(count):
        if n % 20 == 0:
            pupils.append(children[(n // 20) % len(children)])
            continue
        born = today - timedelta(days=rng.randint(5 * 365, 16 * 365))
        first, last = rng.choice(firsts), rng.choice(lasts)
        pupils.append({"first_name": first, "last_name": last, "date_of_birth": born})
    return pupils


def _write_file(path: Path, children: list[dict], megabytes: float) -> int:
    """A school's extract of about `megabytes`, written a row at a time; returns its rows."""
    rng = random.Random(2026)
    target = int(megabytes * 1024 * 1024)
    today = date.today()
    pupils = _pupils(children, rng)
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        while out.tell() < target:
            child = pupils[rows % len(pupils)]
            first = child["first_name"] or "Sam"
            if rng.random() < 0.1:
                first = first[:-1] + first[-1] * 2  # a doubled last letter: "Amarra"
            # A different fortnight for each time a child comes round: no two rows repeat.
            week = rows // len(pupils)
            end = today - timedelta(days=7 + (week % 300))
            note = " ".join(rng.choice(NOTE_WORDS) for _ in range(rng.randint(12, 30)))
            concern = rows % 100 == 99
            writer.writerow(
                [
                    f"bench-{rows}",
                    first,
                    child["last_name"],
                    child["date_of_birth"].isoformat(),
                    "",
                    "concern" if concern else "attendance_concern",
                    "" if concern else "Bench Primary",
                    "" if concern else (end - timedelta(days=41)).isoformat(),
                    "" if concern else end.isoformat(),
                    "" if concern else f"{rng.uniform(55, 95):.1f}",
                    "" if concern else str(rng.randint(0, 40)),
                    end.isoformat() if concern else "",
                    "neglect" if concern else "",
                    note,
                ]
            )
            rows += 1
    return rows


def _part_file(args: argparse.Namespace, children: list[dict], authority) -> dict[str, str]:
    from django.db import transaction

    from safeguard.agencies import services
    from safeguard.agencies.linkage.models import LinkageModel
    from safeguard.agencies.linkage.tests.fixtures import install_fixture_model
    from safeguard.agencies.services import files
    from safeguard.agencies.services.files import partner_file_import

    if args.chunk_rows:
        files.CHUNK_ROWS = args.chunk_rows
    results: dict[str, str] = {"chunk_rows": str(files.CHUNK_ROWS)}

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench-primary-nightly.csv"
        rows = _write_file(path, children, args.file_mb)
        try:
            with transaction.atomic():
                if not LinkageModel.objects.exists():
                    install_fixture_model()
                school, _ = services.partner_organisation_get_or_create(
                    authority=authority, name="Bench Primary", kind="school"
                )
                baseline = _peak_mb()
                started = time.perf_counter()
                report = partner_file_import(organisation=school, path=path)
                seconds = time.perf_counter() - started
                peak = _peak_mb()
                if report.refused:
                    raise SystemExit(f"the file was refused: {report.refused}")
                results["rows"] = str(rows)
                results["rows_stored"] = str(report.stored)
                results["rows_rejected"] = str(report.rejected)
                results["file_mb"] = f"{path.stat().st_size / 1024 / 1024:.1f}"
                results["seconds"] = f"{seconds:.1f}"
                results["rows_per_second"] = f"{rows / seconds:.0f}"
                results["baseline_memory_mb"] = f"{baseline:.0f}"
                results["peak_memory_mb"] = f"{peak:.0f}"
                raise _RollBack
        except _RollBack:
            pass
    return results


def _part_batch(args: argparse.Namespace, children: list[dict], authority) -> dict[str, str]:
    from django.db import transaction
    from django.test import Client

    from safeguard.agencies import services
    from safeguard.agencies.linkage.models import LinkageModel
    from safeguard.agencies.linkage.tests.fixtures import install_fixture_model

    def row(child: dict, n: int) -> dict:
        first = child["first_name"] or "Sam"
        if n % 2:
            first = first[:-1] + first[-1] * 2  # a doubled last letter: "Amarra"
        return {
            "reference": f"bench-{n}",
            "child": {
                "first_name": first,
                "last_name": child["last_name"],
                "date_of_birth": child["date_of_birth"].isoformat(),
            },
            "event": {
                "event_type": "attendance_concern",
                "school": "Bench Primary",
                "period_start": "2025-09-03",
                "period_end": "2025-10-17",
                "attendance_percent": 82.5,
            },
        }

    rows = [row(c, n) for n, c in enumerate(children[: args.rows])]
    singles = [row(c, n) for n, c in enumerate(children[args.rows : args.rows + args.submissions])]
    results: dict[str, str] = {}
    try:
        with transaction.atomic():
            if not LinkageModel.objects.exists():
                install_fixture_model()
            school, _ = services.partner_organisation_get_or_create(
                authority=authority, name="Bench Primary", kind="school"
            )
            issued = services.partner_token_create(
                organisation=school, scopes=["events:submit", "events:bulk"]
            )
            started = time.perf_counter()
            report = services.batch_receive(organisation=school, rows=rows).batch.report
            seconds = time.perf_counter() - started
            results["batch_rows"] = str(len(rows))
            results["batch_rows_stored"] = str(report["stored"])
            results["batch_seconds"] = f"{seconds:.1f}"
            results["batch_rows_per_second"] = f"{len(rows) / seconds:.0f}"

            client = Client(HTTP_AUTHORIZATION=f"Bearer {issued.secret}", HTTP_HOST="localhost")
            samples = []
            for body in singles:
                started = time.perf_counter()
                response = client.post(
                    "/api/events", json.dumps(body), content_type="application/json"
                )
                samples.append((time.perf_counter() - started) * 1000)
                if response.status_code != 201:
                    raise SystemExit(f"submission refused: {response.status_code}")
            if samples:
                samples.sort()
                results["api_submissions"] = str(len(samples))
                results["api_submit_p50_ms"] = f"{statistics.median(samples):.0f}"
                results["api_submit_p95_ms"] = f"{samples[int(0.95 * (len(samples) - 1))]:.0f}"
            raise _RollBack
    except _RollBack:
        pass
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=["file", "batch"], default="file")
    parser.add_argument("--file-mb", type=float, default=50, help="size of the generated file")
    parser.add_argument("--chunk-rows", type=int, default=0, help="rows a chunk (default: app's)")
    parser.add_argument("--rows", type=int, default=2000, help="rows in the bulk request")
    parser.add_argument("--submissions", type=int, default=50, help="single API submissions")
    args = parser.parse_args()

    setup()
    from django.db import connection
    from django.test.utils import override_settings

    from safeguard.organisation.models import Authority
    from safeguard.people.models import Person

    if connection.settings_dict["NAME"] == "safeguard_bench":
        raise SystemExit("safeguard_bench is shared and read-only: use your own demo database")
    authority = Authority.objects.order_by("pk").first()
    if authority is None:
        raise SystemExit("No authority: run manage.py generate_demo --scale 0.1 first")
    children = list(
        Person.objects.filter(is_child=True, date_of_birth__isnull=False)
        .order_by("pk")
        .values("first_name", "last_name", "date_of_birth")[:20_000]
    )
    if not children:
        raise SystemExit("The demo authority has no children")
    # The bench's own requests are not the rate limit's business.
    with override_settings(SAFEGUARD_API_REQUESTS_PER_MINUTE=1_000_000):
        part = _part_file if args.part == "file" else _part_batch
        results = part(args, children, authority)
    for name, value in results.items():
        print(f"{name}={value}")


if __name__ == "__main__":
    main()
