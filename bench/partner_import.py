"""How long the partner hub takes to take in events: a nightly file through
`batch_receive` (linkage's batch mode, storage, signals, closing the loop) and single API
submissions through the whole HTTP stack (token, schema, online linkage, signals).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/safeguard_<you>_demo \
        .venv/bin/python bench/partner_import.py [--rows 2000] [--submissions 50]

Needs a demo authority in that database (`manage.py generate_demo`) and a linkage model
(the linkage tests' fixture model is installed if there is none). The rows describe the
demo's children as a school would, half of them with the first name misspelt. Everything
it writes is rolled back at the end; it refuses the shared `safeguard_bench` database.
Prints name=value lines.
"""

import argparse
import json
import statistics
import time

from _django import setup


class _RollBack(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2000, help="rows in the nightly file")
    parser.add_argument("--submissions", type=int, default=50, help="single API submissions")
    args = parser.parse_args()

    setup()
    from django.db import connection, transaction
    from django.test import Client

    from safeguard.agencies import services
    from safeguard.agencies.linkage.models import LinkageModel
    from safeguard.agencies.linkage.tests.fixtures import install_fixture_model
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
        .values("first_name", "last_name", "date_of_birth")[: args.rows + args.submissions]
    )

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
    singles = [row(c, n) for n, c in enumerate(children[args.rows :])]
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
            results["file_rows"] = str(len(rows))
            results["file_rows_stored"] = str(report["stored"])
            results["file_seconds"] = f"{seconds:.1f}"
            results["file_rows_per_second"] = f"{len(rows) / seconds:.0f}"

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
    for name, value in results.items():
        print(f"{name}={value}")


if __name__ == "__main__":
    main()
