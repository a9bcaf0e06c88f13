"""How long the authority-wide overdue query takes (target: under 200 ms at scale 1 on
PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/safeguard_bench \
        .venv/bin/python bench/overdue.py

Uses the demo authority already in that database; with --generate (or when it is empty) it
first migrates and generates one at --scale (default 1), which takes several minutes.
Prints name=value lines.
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
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    args = parser.parse_args()

    setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from safeguard.cases import selectors
    from safeguard.organisation.models import Authority, Team

    call_command("migrate", verbosity=0)
    if args.generate or not Authority.objects.exists():
        if args.generate:
            # flush empties every table, the calendar's migration data included.
            call_command("flush", interactive=False, verbosity=0)
            call_command("refresh_calendar", verbosity=0)
        call_command("generate_demo", scale=args.scale, seed=args.seed)
    authority = Authority.objects.get()
    today = args.today or timezone.localdate()

    def timed(fn):  # type: ignore[no-untyped-def]
        fn()  # warm the cache and the plan
        samples = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = fn()
            samples.append((time.perf_counter() - start) * 1000)
        return result, samples

    items, samples = timed(
        lambda: selectors.overdue_for_authority(authority=authority, today=today)
    )
    team = max(
        Team.objects.filter(authority=authority),
        key=lambda t: t.allocations.filter(end_date__isnull=True).count(),
    )
    team_items, team_samples = timed(lambda: selectors.overdue_for_team(team=team, today=today))

    print(f"database={connection.vendor}")
    print(f"scale={args.scale}")
    print(f"overdue_items_authority={len(items)}")
    print(f"overdue_authority_ms_median={statistics.median(samples):.1f}")
    print(f"overdue_authority_ms_max={max(samples):.1f}")
    print(f"overdue_items_largest_team={len(team_items)}")
    print(f"overdue_team_ms_median={statistics.median(team_samples):.1f}")
    print(f"overdue_team_ms_max={max(team_samples):.1f}")


if __name__ == "__main__":
    main()
