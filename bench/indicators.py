"""How long every performance indicator takes for a whole authority-year (target: all of them
in under 2 seconds in total at scale 1 on PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/safeguard_bench \
        .venv/bin/python bench/indicators.py

Uses the demo authority already in that database (read only); with --generate (or when it is
empty) it first migrates and generates one at --scale (default 1), which takes several
minutes. The year is the 12 months to the last 31 March before --today (default: today), the
DfE's reporting year. Each indicator is timed as the dashboard runs it (one query for the
figure, its breakdown and distribution); a run is every indicator once, and the figures are
the median of --repeat runs after one warm-up run. Prints name=value lines.
"""

import argparse
import statistics
import time
from datetime import date

from _django import setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="1")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    args = parser.parse_args()

    setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from safeguard.organisation.models import Authority
    from safeguard.performance import selectors
    from safeguard.performance.queries import Period
    from safeguard.performance.registry import INDICATORS_LIST

    if args.generate or not Authority.objects.exists():
        call_command("migrate", verbosity=0)
        if args.generate:
            # flush empties every table, the calendar's migration data included.
            call_command("flush", interactive=False, verbosity=0)
            call_command("refresh_calendar", verbosity=0)
        call_command("generate_demo", scale=args.scale, seed=args.seed)
    authority = Authority.objects.get()
    today = args.today or timezone.localdate()
    year_end = date(today.year if (today.month, today.day) > (3, 31) else today.year - 1, 3, 31)
    period = Period(date(year_end.year - 1, 4, 1), year_end)

    def run_all() -> tuple[dict[str, float], dict[str, int]]:
        times, counts = {}, {}
        for indicator in INDICATORS_LIST:
            start = time.perf_counter()
            result = selectors.indicator_result(
                indicator=indicator, period=period, authority=authority, team=None
            )
            times[indicator.slug] = (time.perf_counter() - start) * 1000
            counts[indicator.slug] = result.count
        return times, counts

    run_all()  # warm the cache and the plans
    runs = []
    totals = []
    counts: dict[str, int] = {}
    for _ in range(args.repeat):
        start = time.perf_counter()
        times, counts = run_all()
        totals.append((time.perf_counter() - start) * 1000)
        runs.append(times)

    print(f"database={connection.vendor}")
    print(f"children={authority.child_population}")
    print(f"period={period.date_from.isoformat()}..{period.date_to.isoformat()}")
    print(f"indicators={len(INDICATORS_LIST)}")
    print(f"indicators_total_ms={statistics.median(totals):.1f}")
    print(f"indicators_total_ms_max={max(totals):.1f}")
    for indicator in INDICATORS_LIST:
        slug = indicator.slug
        print(f"indicator_{slug}_ms={statistics.median(r[slug] for r in runs):.1f}")
        print(f"indicator_{slug}_rows={counts[slug]}")


if __name__ == "__main__":
    main()
