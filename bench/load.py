"""Load test: 50 concurrent signed-in users on the main pages, served by gunicorn with
PostgreSQL connection pooling (target: p95 under 150 ms per page on a 2-core machine).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/safeguard_bench \
        .venv/bin/python bench/load.py --duration 30

Uses the demo authority already in that database (generate one with bench/overdue.py
--generate). Starts gunicorn on a free port on 127.0.0.1 with the dev settings (demo mode, so
the demo accounts work) but DEBUG off and DATABASE_POOL on, waits for /healthz, signs every
simulated user in (password, then TOTP code), then runs each user in its own thread with its
own cookie jar until --duration seconds or --max-requests have passed, and stops the server.

Social workers (sw.demo) alternate between "my cases" and a child record, rotating across the
children allocated to sw.demo; managers (tm.demo) load the team dashboard; --front-door users
(mash.demo) load the front door's queue. Users pause --think seconds on average (uniform
0..2x) between pages, and each starts after one such pause so that arrivals are spread as in
steady use; --think 0 is a closed-loop saturation test with every user starting at once
(bench/throughput.py measures saturation with wrk instead, which leaves the CPU to the server).

Server and sign-in: bench/_server.py.

Prints name=value lines.
"""

import argparse
import os
import random
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from _django import setup
from _server import (
    CLIENT_TIMEOUT,
    FRONT_DOOR_WORKER,
    MANAGER,
    SOCIAL_WORKER,
    User,
    add_server_arguments,
    caseload_child_ids,
    percentile,
    require_postgresql,
    serve,
    sign_in,
    wait_for_idle_database,
)

PAGES = ("my_cases", "child_record", "team_dashboard", "front_door_queue")


class Budget:
    """A shared cap on the number of requests (0 means no cap)."""

    def __init__(self, cap: int) -> None:
        self.left = cap or -1
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            if self.left == 0:
                return False
            self.left -= 1
            return True


def run_user(
    user: User, stop_at: float, think: float, budget: Budget, results: list, seed: int
) -> None:
    rng = random.Random(seed)
    step = 0
    # Users arrive spread over one pause, as they would in a working day, not all in the same
    # millisecond: a synchronised first click is a burst of 50 requests at once that no
    # steady state has, and it was most of the slowest 5% of "my cases" at --think 10.
    if think:
        time.sleep(rng.uniform(0, 2 * think))
    while time.monotonic() < stop_at and budget.take():
        page, path = user.paths[step % len(user.paths)]
        step += 1
        start = time.perf_counter()
        status = user.fetch(path)
        results.append((page, (time.perf_counter() - start) * 1000, status))
        if think:
            time.sleep(rng.uniform(0, 2 * think))


def users_for(
    base: str, children: list[int], *, users: int, managers: int, front_door: int
) -> list[User]:
    """`users` people: `managers` of them on the team dashboard, `front_door` on the front
    door's queue, and the rest social workers alternating "My cases" and a child record."""
    made = []
    social_workers = users - managers - front_door
    for i in range(users):
        if i < social_workers:
            # Each social worker walks the caseload from a different child.
            paths = [
                (page, p)
                for k in range(len(children))
                for page, p in (
                    ("my_cases", "/my-cases"),
                    ("child_record", f"/children/{children[(i + k) % len(children)]}"),
                )
            ]
            made.append(User(base, SOCIAL_WORKER, paths))
        elif i < social_workers + managers:
            made.append(User(base, MANAGER, [("team_dashboard", "/team")]))
        else:
            made.append(User(base, FRONT_DOOR_WORKER, [("front_door_queue", "/front-door")]))
    return made


def sign_in_and_warm(users: list[User], password: str, workers: int) -> float:
    """Sign every user in, then warm the workers' URLconf, templates and pools (about one user
    per worker for each account; not counted). The seconds it took."""
    started = time.monotonic()
    locks = {account: threading.Lock() for account in {u.account for u in users}}
    with ThreadPoolExecutor(max_workers=8) as pool:
        for future in [pool.submit(sign_in, u, password, locks) for u in users]:
            future.result()
        warm = [u for account in locks for u in users if u.account == account][: workers * 3]
        list(pool.map(lambda u: [u.fetch(path) for _, path in u.paths[:2]], warm))
    return time.monotonic() - started


def run_load(
    users: list[User], *, duration: float, think: float, max_requests: int = 0
) -> tuple[list[tuple[str, float, int]], float]:
    """Each user in its own thread until `duration` seconds or `max_requests` have passed:
    every request's (page, milliseconds, status), and the seconds taken."""
    results: list[tuple[str, float, int]] = []
    budget = Budget(max_requests)
    started = time.monotonic()
    stop_at = started + duration
    threads = [
        threading.Thread(target=run_user, args=(u, stop_at, think, budget, results, n), daemon=True)
        for n, u in enumerate(users)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.monotonic() - started


def page_lines(results: list[tuple[str, float, int]], suffix: str = "") -> list[str]:
    """name=value lines for each page met in `results`: requests, ok, p50, p95, p99."""
    lines = []
    for page in PAGES:
        # Percentiles over every request, failed ones included (a timeout counts as its wait).
        samples = [ms for p, ms, _ in results if p == page]
        if not samples:
            continue
        ok = sum(1 for p, _, status in results if p == page and status == 200)
        lines.append(f"{page}_requests{suffix}={len(samples)}")
        lines.append(f"{page}_ok{suffix}={ok}")
        for pct in (50, 95, 99):
            lines.append(f"{page}_p{pct}_ms{suffix}={percentile(samples, pct):.1f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--managers", type=int, default=17, help="of --users, as tm.demo")
    parser.add_argument(
        "--front-door", type=int, default=0, help="of --users, as mash.demo on the queue"
    )
    parser.add_argument("--duration", type=float, default=30, help="seconds of load")
    parser.add_argument("--max-requests", type=int, default=0, help="cap (0: none)")
    # A practitioner reads a page before the next click: 10 s on average (0 to 20 s) is a busy
    # pace for case work. --think 1 or 0 measures saturation instead.
    parser.add_argument("--think", type=float, default=10.0, help="mean pause, seconds")
    add_server_arguments(parser)
    args = parser.parse_args()

    setup()
    from django.db import connection

    require_postgresql()
    children = caseload_child_ids()
    idle_wait = wait_for_idle_database()
    connection.close()

    log_fd, log_name = tempfile.mkstemp(prefix="safeguard_load_gunicorn_", suffix=".log")
    with os.fdopen(log_fd, "wb") as log, serve(args, log) as base:
        users = users_for(
            base, children, users=args.users, managers=args.managers, front_door=args.front_door
        )
        sign_in_seconds = sign_in_and_warm(users, args.password, args.workers)
        results, elapsed = run_load(
            users, duration=args.duration, think=args.think, max_requests=args.max_requests
        )

    errors = [r for r in results if r[2] != 200]
    print("database=postgresql")
    print("server=gunicorn")
    print("worker_class=gthread")
    print(f"workers={args.workers}")
    print(f"threads={args.threads}")
    print("database_pool=true")
    print(f"database_pool_max={args.pool_max}")
    print(f"users={args.users}")
    print(f"managers={args.managers}")
    print(f"front_door={args.front_door}")
    print(f"think_seconds_mean={args.think}")
    print(f"children_rotated={len(children)}")
    print(f"waited_for_idle_database_seconds={idle_wait:.1f}")
    print(f"sign_in_and_warm_up_seconds={sign_in_seconds:.1f}")
    print(f"duration_seconds={elapsed:.1f}")
    print(f"requests={len(results)}")
    print(f"errors={len(errors)}")
    print(f"errors_no_response_in_{CLIENT_TIMEOUT}s={sum(1 for r in errors if r[2] == 0)}")
    print(f"requests_per_second={len(results) / elapsed:.1f}")
    for line in page_lines(results):
        print(line)
    if errors:
        statuses = sorted({status for _, _, status in errors})
        print(f"error_statuses={','.join(map(str, statuses))}")
        print(f"server_log={log_name}")
    else:
        os.unlink(log_name)


if __name__ == "__main__":
    main()
