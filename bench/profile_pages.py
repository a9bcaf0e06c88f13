"""Where a main page's time goes, in-process: queries (count and time in the database), and
optionally a pyinstrument profile of the whole request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/safeguard_bench \
        .venv/bin/python bench/profile_pages.py [--repeat 20] [--profile child_record]

Signs the demo accounts in with Django's test client (as the two-factor flow leaves a session:
logged in, device verified, session generation stamped), asks each page once to warm it, then
--repeat times, and prints per page the median milliseconds, queries, and milliseconds spent
in the database driver. Writes what the pages write (audit entries, sessions).

On PostgreSQL it also prints the CPU the database backend used per request
(`_database_cpu_ms`, from /proc) and the page's whole CPU (`_cpu_ms`, Python's mean plus the
backend's): on a loaded machine wall times swell with waiting, CPU much less, and whole CPU
per request is what bounds throughput.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _django import setup
from _server import FRONT_DOOR_WORKER, MANAGER, SOCIAL_WORKER, caseload_child_ids


class QueryTimer:
    """A database execute wrapper that counts queries and the time spent in them."""

    def __init__(self) -> None:
        self.queries = 0
        self.seconds = 0.0
        self.sql: list[tuple[float, str]] = []

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            took = time.perf_counter() - started
            self.queries += 1
            self.seconds += took
            self.sql.append((took, sql))


def backend_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the PostgreSQL backend serving this connection has used: its
    share of a page's cost, which the wall time of its queries hides on a loaded machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def signed_in_client(username: str) -> Any:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safeguard.accounts.services import EPOCH_SESSION_KEY, session_epoch_of

    user = get_user_model().objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    assert device is not None, f"{username} has no device"
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user, backend="safeguard.accounts.backends.AccountBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[EPOCH_SESSION_KEY] = session_epoch_of(user)
    session.save()
    return client


def _backend_pid(connection: Any) -> int | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", default="", help="a page to profile with pyinstrument")
    parser.add_argument("--slowest", type=int, default=0, help="print the N slowest queries")
    parser.add_argument(
        "--by-statement",
        action="store_true",
        help="print each statement's median milliseconds a request, dearest first",
    )
    parser.add_argument("--pages", default="", help="comma-separated pages (default: all)")
    args = parser.parse_args()

    os.environ.setdefault("SAFEGUARD_DEBUG", "false")
    setup()
    from django.db import connection

    children = caseload_child_ids()
    social_worker = signed_in_client(SOCIAL_WORKER)
    pages: dict[str, tuple[Any, list[str]]] = {
        "my_cases": (social_worker, ["/my-cases"]),
        "child_record": (social_worker, [f"/children/{pk}" for pk in children]),
        "team_dashboard": (signed_in_client(MANAGER), ["/team"]),
        "front_door_queue": (signed_in_client(FRONT_DOOR_WORKER), ["/front-door"]),
        "healthz": (social_worker, ["/healthz"]),
    }
    for page, (client, paths) in pages.items():
        if args.pages and page not in args.pages.split(","):
            continue
        response = client.get(paths[0])
        assert response.status_code == 200, f"{page}: {response.status_code}"
        times, cpu, queries, sql_ms = [], [], [], []
        slowest: list[tuple[float, str]] = []
        by_statement: dict[str, list[float]] = {}
        backend = _backend_pid(connection)
        backend_started = backend_cpu_seconds(backend) if backend else 0.0
        for n in range(args.repeat):
            timer = QueryTimer()
            started, started_cpu = time.perf_counter(), time.thread_time()
            with connection.execute_wrapper(timer):
                client.get(paths[n % len(paths)])
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - started_cpu) * 1000)
            queries.append(timer.queries)
            sql_ms.append(timer.seconds * 1000)
            slowest = sorted([*slowest, *timer.sql], reverse=True)[: args.slowest]
            for took, sql in timer.sql:
                by_statement.setdefault(sql, []).append(took * 1000)
        print(f"{page}_ms={statistics.median(times):.1f}")
        print(f"{page}_python_cpu_ms={statistics.median(cpu):.1f}")
        print(f"{page}_queries={max(queries)}")
        print(f"{page}_sql_ms={statistics.median(sql_ms):.1f}")
        if backend:
            # The backend's clock ticks at 10 ms: only the mean over --repeat requests means much.
            database_ms = (backend_cpu_seconds(backend) - backend_started) * 1000 / args.repeat
            print(f"{page}_database_cpu_ms={database_ms:.2f}")
            print(f"{page}_cpu_ms={statistics.mean(cpu) + database_ms:.2f}")
        for took, sql in slowest:
            print(f"  {took * 1000:.1f} ms  {sql[:300]}")
        if args.by_statement:
            # Per request: a statement some requests skip counts as 0 ms in those.
            each = {
                sql: statistics.median([*took, *[0.0] * (args.repeat - len(took))])
                for sql, took in by_statement.items()
            }
            for sql, ms in sorted(each.items(), key=lambda item: -item[1]):
                print(f"  {ms:.2f} ms  {' '.join(sql.split())[:200]}")
        if page == args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
            for n in range(args.repeat):
                client.get(paths[n % len(paths)])
            profiler.stop()
            print(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main()
