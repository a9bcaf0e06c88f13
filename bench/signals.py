"""How long the signal rules take: once for one child (what the partner API waits for after
linking an event) and the nightly run over every candidate child.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/safeguard_<you>_demo \
        .venv/bin/python bench/signals.py

Needs a demo authority in that database (`manage.py generate_demo`). Every signal it raises
is rolled back at the end, so the database is left as it was; it still refuses the shared
`safeguard_bench` database, which is read-only for everyone. Prints name=value lines.
"""

import argparse
import statistics
import time
from datetime import date

from _django import setup


class _RollBack(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=200, help="children timed one by one")
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    args = parser.parse_args()

    setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from safeguard.agencies.signals.services import signals_candidates, signals_evaluate_for_child

    if connection.settings_dict["NAME"] == "safeguard_bench":
        raise SystemExit("safeguard_bench is shared and read-only: use your own demo database")
    today = args.today or timezone.localdate()
    results: dict[str, str] = {}
    try:
        with transaction.atomic():
            start = time.perf_counter()
            candidates = signals_candidates(today=today)
            results["candidates_ms"] = f"{(time.perf_counter() - start) * 1000:.1f}"
            results["candidates"] = str(len(candidates))

            samples, raised = [], 0
            for child_id in candidates[: args.children]:
                start = time.perf_counter()
                raised += len(signals_evaluate_for_child(child_id=child_id, today=today))
                samples.append((time.perf_counter() - start) * 1000)
            # A second pass finds nothing new: the cost of the idempotent path.
            repeat = []
            for child_id in candidates[: args.children]:
                start = time.perf_counter()
                signals_evaluate_for_child(child_id=child_id, today=today)
                repeat.append((time.perf_counter() - start) * 1000)

            start = time.perf_counter()
            for child_id in candidates[args.children :]:
                raised += len(signals_evaluate_for_child(child_id=child_id, today=today))
            rest = time.perf_counter() - start
            total = sum(samples) / 1000 + rest

            results.update(
                {
                    "child_ms_median": f"{statistics.median(samples):.1f}",
                    "child_ms_p95": f"{statistics.quantiles(samples, n=20)[-1]:.1f}",
                    "child_again_ms_median": f"{statistics.median(repeat):.1f}",
                    "nightly_run_s": f"{total:.1f}",
                    "signals_raised": str(raised),
                }
            )
            raise _RollBack
    except _RollBack:
        pass
    print(f"database={connection.vendor}")
    print(f"today={today.isoformat()}")
    for name, value in results.items():
        print(f"{name}={value}")


if __name__ == "__main__":
    main()
