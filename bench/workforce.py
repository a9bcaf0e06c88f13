"""Every workforce figure of the authority for the year to a day, and how long it takes
(target: under 1 s at scale 1), and the authority dashboard's figures: its 12- and 60-month
trend, and every team on the day.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/safeguard_bench \
        .venv/bin/python bench/workforce.py [--today 2025-09-30]

Works on whatever database DATABASE_URL names: it migrates it, and only when it holds no
authority (or with --generate) generates the demo at --scale (default 1), which takes
several minutes. With more than one authority, --la-code picks one (default: the first).
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
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--la-code", default=None)
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    args = parser.parse_args()

    setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.utils import timezone

    from safeguard.organisation.models import Authority, Team
    from safeguard.workforce import queries
    from safeguard.workforce.figures import DEFINITIONS
    from safeguard.workforce.models import Absence, Post, PostHolding

    call_command("migrate", verbosity=0)
    if args.generate or not Authority.objects.exists():
        if args.generate:
            # flush empties every table, the calendar's migration data included.
            call_command("flush", interactive=False, verbosity=0)
            call_command("refresh_calendar", verbosity=0)
        call_command("generate_demo", scale=args.scale, seed=args.seed)
    authorities = Authority.objects.order_by("pk")
    authority = authorities.get(la_code=args.la_code) if args.la_code else authorities.first()
    assert authority is not None
    today = args.today or timezone.localdate()
    scope = queries.Scope(authority.pk)

    def timed(fn):  # type: ignore[no-untyped-def]
        samples = []
        result = None
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = fn()
            samples.append(time.perf_counter() - start)
        return result, samples

    found, samples = timed(lambda: queries.figures_on(scope, today))
    team_scopes = [
        queries.Scope(authority.pk, team_id=pk)
        for pk in Team.objects.filter(authority=authority).values_list("pk", flat=True)
    ]
    _, trend_samples = timed(lambda: queries.dashboard_figures([scope], team_scopes, today, 12))
    _, long_samples = timed(lambda: queries.dashboard_figures([scope], team_scopes, today, 60))

    from django.conf import settings

    settings.DEBUG = True  # count the queries of one more run
    reset_queries()
    queries.figures_on(scope, today)
    figure_queries = len(connection.queries)
    settings.DEBUG = False

    print(f"database={connection.vendor}")
    print(f"authority={authority.la_code}")
    print(f"day={today.isoformat()}")
    print(f"posts_rows={Post.objects.filter(authority=authority).count()}")
    print(f"holdings_rows={PostHolding.objects.filter(post__authority=authority).count()}")
    print(f"absence_rows={Absence.objects.filter(worker__authority=authority).count()}")
    for name, value in (
        ("posts", found.as_at.posts),
        ("funded_fte", found.as_at.funded_fte),
        ("in_post_fte", found.as_at.in_post_fte),
        ("in_post_headcount", found.as_at.in_post_headcount),
        ("vacancy_fte", found.as_at.vacancy_fte),
        ("agency_fte", found.as_at.agency_fte),
        ("agency_headcount", found.as_at.agency_headcount),
        ("case_holding_fte", found.as_at.case_holding_fte),
        ("cases", found.as_at.cases),
        ("starters", found.year.starters),
        ("starters_fte", found.year.starters_fte),
        ("leavers", found.year.leavers),
        ("leavers_fte", found.year.leavers_fte),
        ("sickness_days", round(found.year.sickness_days, 1)),
        ("working_days", found.year.working_days),
        ("in_post_a_year_ago", found.year.in_post_a_year_ago),
        ("still_in_post", found.year.still_in_post),
    ):
        print(f"{name}={value}")
    for definition in DEFINITIONS:
        print(f"{definition.key}={getattr(found, definition.key)}")
    print(f"workforce_figures_queries={figure_queries}")
    print(f"workforce_figures_seconds={statistics.median(samples):.3f}")
    print(f"workforce_figures_seconds_max={max(samples):.3f}")
    print(f"dashboard_teams={len(team_scopes)}")
    print(f"authority_dashboard_12_months_seconds={statistics.median(trend_samples):.3f}")
    print(f"authority_dashboard_60_months_seconds={statistics.median(long_samples):.3f}")


if __name__ == "__main__":
    main()
