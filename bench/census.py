"""How long the Children in Need census takes to build and validate for a whole authority
(targets at demo scale 1 on PostgreSQL: built and validated in under 60 s, peak memory under
2 GiB).
peak_memory_mib is the building process; the two processes that check the schema beside it
are reported apart (schema_worker_peak_memory_mib, the larger of them).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/safeguard_bench \
        .venv/bin/python bench/census.py [--year 2026]

Uses the demo authority already in that database; with --generate (or when it is empty) it
first migrates and generates one at --scale (default 1), which takes several minutes. The
year defaults to the last whole collection year before today. The census file and its error
report are written to a temporary folder and removed. Prints name=value lines.
"""

import argparse
import resource
import tempfile
from datetime import date
from pathlib import Path

from _django import setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="1")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--keep", help="Folder to keep the census file and report in.")
    args = parser.parse_args()

    setup()
    from django.core.management import call_command
    from django.db import connection

    from safeguard.organisation.models import Authority
    from safeguard.returns.census.services import census_build
    from safeguard.returns.census.years import LAST_YEAR

    call_command("migrate", verbosity=0)
    if args.generate or not Authority.objects.exists():
        if args.generate:
            call_command("flush", interactive=False, verbosity=0)
            call_command("refresh_calendar", verbosity=0)
        call_command("generate_demo", scale=args.scale, seed=args.seed)
    authority = Authority.objects.get()
    today = date.today()
    year = args.year or min(today.year if today.month > 3 else today.year - 1, LAST_YEAR)

    with tempfile.TemporaryDirectory() as folder:
        output = Path(args.keep or folder) / f"census_{year}.xml"
        result = census_build(authority=authority, year=year, output=output)
        size = output.stat().st_size
    build = result.build
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # The schema check's worker processes (ended by now): the largest of them.
    worker_peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

    print(f"database={connection.vendor}")
    print(f"collection_year={year}")
    print(f"census_build_seconds={result.build_seconds:.1f}")
    print(f"census_validate_seconds={result.validate_seconds:.1f}")
    print(f"census_total_seconds={result.build_seconds + result.validate_seconds:.1f}")
    print(f"census_children={build.children}")
    print(f"census_errors={build.errors}")
    print(f"census_queries={build.queries}")
    print(f"census_schema_errors={build.schema_errors}")
    print(f"census_file_mib={size / 2**20:.1f}")
    print(f"peak_memory_mib={peak_kib / 1024:.0f}")
    print(f"schema_worker_peak_memory_mib={worker_peak_kib / 1024:.0f}")


if __name__ == "__main__":
    main()
