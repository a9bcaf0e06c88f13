"""How long Ofsted's Annex A workbook takes to build for a whole authority, and the memory it
needs (issue 6: at demo scale 1 on PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/safeguard_bench \
        .venv/bin/python bench/annex_a.py [--months 12] [--to YYYY-MM-DD]

Reads the demo authority already in the database (it writes nothing: the workbook goes to a
temporary file that is deleted, and the build is not audited); with --generate (or when the
database is empty) it first migrates and generates one at --scale (default 1), which takes
several minutes. The window is the --months (6 or 12) up to and including --to (default
yesterday). Prints name=value lines; peak_memory_mib is the process's peak resident set
(Django and the data included), as the kernel reports it.
"""

import argparse
import resource
import tempfile
import time
from datetime import date, timedelta

from _django import setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="1")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--months", type=int, default=12, choices=(6, 12))
    parser.add_argument("--to", type=date.fromisoformat, default=None)
    parser.add_argument("--generate", action="store_true")
    args = parser.parse_args()

    setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from safeguard.organisation.models import Authority
    from safeguard.returns.annex_a.builder import build_annex_a
    from safeguard.returns.annex_a.window import reporting_window
    from safeguard.timescales.working_days import add_months

    if args.generate or not Authority.objects.exists():
        call_command("migrate", verbosity=0)
        if args.generate:
            call_command("flush", interactive=False, verbosity=0)
            call_command("refresh_calendar", verbosity=0)
        call_command("generate_demo", scale=args.scale, seed=args.seed)
    authority = Authority.objects.get()
    end = args.to or timezone.localdate() - timedelta(days=1)
    window = reporting_window(add_months(end + timedelta(days=1), -args.months), end)

    with tempfile.TemporaryFile(suffix=".xlsx") as output:
        started = time.perf_counter()
        # One authority in the database: every child is its own, as the command decides.
        result = build_annex_a(window=window, output=output, authority=None)
        seconds = time.perf_counter() - started
        size = output.tell()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    print(f"database={connection.vendor}")
    print(f"authority={authority.la_code}")
    print(f"window={window.start.isoformat()}..{window.end.isoformat()}")
    print(f"window_months={window.months}")
    for sheet, rows in result.rows.items():
        print(f"annex_a_rows_{sheet.lower().replace(' ', '_')}={rows}")
    print(f"annex_a_rows={result.total_rows}")
    print(f"annex_a_file_mib={size / 2**20:.1f}")
    print(f"annex_a_build_seconds={seconds:.2f}")
    print(f"peak_memory_mib={peak_kib / 1024:.0f}")


if __name__ == "__main__":
    main()
