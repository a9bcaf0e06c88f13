"""What auditing costs on the child record page (target: under 10% extra), and how many
audit entries the service can append per second from one thread and from several at once.

    .venv/bin/python bench/audit_cost.py [--requests 300]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/safeguard_bench_audit \
        .venv/bin/python bench/audit_cost.py
    DATABASE_URL=... .venv/bin/python bench/audit_cost.py --appends-only [--threads 1,8]

Serves the child record through Django's test client (the whole middleware stack: session,
two-factor check, CSP, no-store) as the child's own social worker, alternating requests with
auditing as it is and with `audit_record` replaced by a no-op, and prints name=value lines:
p50/p95 page time each way and the overhead.

Audited requests really write to the audit trail (one entry each, committed, as in
production), so the bench runs against its own database: var/bench_audit.sqlite3 (configured
as the embedded default is: WAL, IMMEDIATE transactions) unless DATABASE_URL names one. An
empty database is first given a demo authority at --scale (default 0.05) with generate_demo.

Appends: each of --threads threads (its own database connection, as a gunicorn thread has)
records reads with `audit_record` for --seconds, each in its own short transaction as a page
read is; printed as `appends_per_s_<n>_threads` with the p95 time of one append. Then the same
with one more thread standing for a write: it records its entry and keeps its transaction open
for --writer-ms (the rest of the write), over and over (`..._with_slow_writer`). Last,
`verify_audit` runs over the whole trail (`verify_ok`, `verify_entries_per_s`).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from _django import ROOT, setup


def _percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


@contextmanager
def _auditing_off() -> Iterator[None]:
    """Replace audit_record everywhere it was imported with a function that does nothing."""
    from safeguard.audit import services

    original = services.audit_record

    def no_audit(**kwargs: Any) -> None:
        return None

    holders = [
        module
        for module in list(sys.modules.values())
        if module is not None and getattr(module, "audit_record", None) is original
    ]
    for module in holders:
        module.audit_record = no_audit  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for module in holders:
            module.audit_record = original  # type: ignore[attr-defined]


def line(name: str, value: object) -> None:
    print(f"{name}={value}", flush=True)


def _append_rate(threads: int, seconds: float, writer_ms: float) -> tuple[float, float]:
    """Appends per second from `threads` readers at once, and the p95 of one append in ms.
    With `writer_ms`, one more thread keeps a write's transaction open that long after its
    entry, over and over, as a write that audits and then goes on writing does."""
    from django.db import connections, transaction

    from safeguard.audit.services import audit_record

    done: list[list[float]] = [[] for _ in range(threads)]
    start = threading.Barrier(threads + (1 if writer_ms else 0))
    stop = threading.Event()
    failures: list[BaseException] = []

    def reader(index: int) -> None:
        try:
            audit_record(action="read", object_type="bench", object_id=index)  # connect
            start.wait()
            while not stop.is_set():
                began = time.perf_counter()
                audit_record(
                    action="read", object_type="people.person", object_id=index, child_id=index
                )
                done[index].append((time.perf_counter() - began) * 1000)
        except BaseException as exc:  # reported below: a bench that hides failures lies
            failures.append(exc)
            stop.set()
        finally:
            connections.close_all()

    def writer() -> None:
        try:
            start.wait()
            while not stop.is_set():
                with transaction.atomic():
                    audit_record(action="update", object_type="bench.write", object_id=0)
                    time.sleep(writer_ms / 1000)
        except BaseException as exc:
            failures.append(exc)
            stop.set()
        finally:
            connections.close_all()

    workers = [threading.Thread(target=reader, args=(n,)) for n in range(threads)]
    if writer_ms:
        workers.append(threading.Thread(target=writer))
    for worker in workers:
        worker.start()
    time.sleep(seconds)
    stop.set()
    for worker in workers:
        worker.join()
    if failures:
        raise failures[0]
    times = [ms for per_thread in done for ms in per_thread]
    return len(times) / seconds, _percentile(times, 95)


def _appends(thread_counts: list[int], seconds: float, writer_ms: float) -> None:
    from django.core.management import call_command
    from django.db import connection

    from safeguard.audit.models import AuditEntry

    line("append_database", connection.vendor)
    line("append_seconds_each", seconds)
    for threads in thread_counts:
        rate, p95 = _append_rate(threads, seconds, 0)
        line(f"appends_per_s_{threads}_threads", f"{rate:.0f}")
        line(f"append_p95_ms_{threads}_threads", f"{p95:.2f}")
    if writer_ms:
        line("slow_writer_ms", writer_ms)
        for threads in thread_counts:
            rate, p95 = _append_rate(threads, seconds, writer_ms)
            line(f"appends_per_s_{threads}_threads_with_slow_writer", f"{rate:.0f}")
            line(f"append_p95_ms_{threads}_threads_with_slow_writer", f"{p95:.2f}")
    entries = AuditEntry.objects.count()
    began = time.perf_counter()
    try:
        call_command("verify_audit", stdout=io.StringIO(), stderr=sys.stderr)
        verified = "yes"
    except Exception as exc:  # CommandError: the trail has problems
        verified = f"no ({exc})"
    elapsed = time.perf_counter() - began
    line("verified_entries", entries)
    line("verify_ok", verified)
    line("verify_entries_per_s", f"{entries / elapsed:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300, help="Requests each way.")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--scale", default="0.05")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--appends-only", action="store_true", help="Skip the page timing.")
    parser.add_argument("--threads", default="1,8", help="Concurrent appenders, e.g. 1,8.")
    parser.add_argument("--seconds", type=float, default=5.0, help="Per append measurement.")
    parser.add_argument(
        "--writer-ms", type=float, default=20.0, help="A slow write's open transaction (0: none)."
    )
    args = parser.parse_args()

    os.environ["SAFEGUARD_DEBUG"] = "false"  # no query log: it would inflate both sides
    (ROOT / "var").mkdir(exist_ok=True)
    setup()
    from django.conf import settings

    if not os.environ.get("DATABASE_URL"):
        # The embedded SQLite exactly as configured (WAL, IMMEDIATE transactions), in a file
        # of its own so the bench's reads never enter the demo database's trail.
        settings.DATABASES["default"]["NAME"] = str(ROOT / "var" / "bench_audit.sqlite3")
    from django.core.management import call_command

    thread_counts = [int(n) for n in args.threads.split(",")]
    if args.appends_only:
        call_command("migrate", verbosity=0)
        _appends(thread_counts, args.seconds, args.writer_ms)
        return
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safeguard.audit.models import AuditEntry
    from safeguard.cases.models import Allocation
    from safeguard.organisation.models import Authority

    call_command("migrate", verbosity=0)
    if not Authority.objects.exists():
        print(f"generating a demo authority at scale {args.scale}", file=sys.stderr)
        call_command("generate_demo", scale=args.scale, seed=args.seed, verbosity=0)

    # A busy record: the open case with the most case notes, held by a worker who signs in.
    allocation = (
        Allocation.objects.filter(end_date__isnull=True, worker__user__isnull=False)
        .annotate(notes=Count("child__case_notes"))
        .order_by("-notes", "pk")
        .select_related("worker__user", "child")
        .first()
    )
    if allocation is None or allocation.worker is None:
        sys.exit("No open case held by a worker with a sign-in: generate a demo authority.")
    user = allocation.worker.user
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    client = Client(SERVER_NAME="localhost")
    client.force_login(user, backend="safeguard.accounts.backends.AccountBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    url = reverse("cases:child_record", args=[allocation.child_id])

    cpu: dict[bool, list[float]] = {True: [], False: []}

    def fetch(audited: bool) -> float:
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
        cpu[audited].append((time.process_time() - start_cpu) * 1000)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}, not 200")
        return elapsed

    def sample(count: int, audited: bool, into: list[float]) -> None:
        if audited:
            for _ in range(count):
                into.append(fetch(True))
        else:
            with _auditing_off():
                for _ in range(count):
                    into.append(fetch(False))

    warm: list[float] = []
    sample(args.warmup, True, warm)
    sample(args.warmup, False, warm)
    cpu[True].clear()
    cpu[False].clear()
    entries_before = AuditEntry.objects.count()
    audited: list[float] = []
    unaudited: list[float] = []
    # Interleaved in small blocks, alternating which goes first, so drift (caches, the
    # growing trail, the machine's other work) falls on both sides alike.
    block = 10
    for turn in range(0, args.requests, block):
        size = min(block, args.requests - turn)
        order: list[tuple[bool, list[float]]] = [(True, audited), (False, unaudited)]
        if (turn // block) % 2:
            order.reverse()
        for is_audited, into in order:
            sample(size, is_audited, into)
    written = AuditEntry.objects.count() - entries_before

    p50_on, p50_off = statistics.median(audited), statistics.median(unaudited)
    p95_on, p95_off = _percentile(audited, 95), _percentile(unaudited, 95)
    mean_on, mean_off = statistics.fmean(audited), statistics.fmean(unaudited)

    def overhead(on: float, off: float) -> str:
        return f"{(on - off) / off * 100:.1f}"

    line("database", connection.vendor)
    line("database_name", connection.settings_dict["NAME"])
    line("audit_entries_in_trail", AuditEntry.objects.count())
    line("child_id", allocation.child_id)
    line("requests_each_way", args.requests)
    line("with_audit_p50_ms", f"{p50_on:.2f}")
    line("with_audit_p95_ms", f"{p95_on:.2f}")
    line("without_audit_p50_ms", f"{p50_off:.2f}")
    line("without_audit_p95_ms", f"{p95_off:.2f}")
    line("audit_overhead_p50_pct", overhead(p50_on, p50_off))
    line("audit_overhead_p95_pct", overhead(p95_on, p95_off))
    line("audit_overhead_mean_pct", overhead(mean_on, mean_off))
    # This process's CPU time only: steadier on a busy machine, but it leaves out the
    # database server's own work (all of it on PostgreSQL, none of it on SQLite).
    cpu_on, cpu_off = statistics.median(cpu[True]), statistics.median(cpu[False])
    line("with_audit_cpu_p50_ms", f"{cpu_on:.2f}")
    line("without_audit_cpu_p50_ms", f"{cpu_off:.2f}")
    line("audit_overhead_cpu_p50_pct", overhead(cpu_on, cpu_off))
    line("audit_entries_written", written)
    line("audit_entries_per_audited_request", f"{written / args.requests:.2f}")
    line("target_pct", 10)
    line("within_target", "yes" if p50_on <= p50_off * 1.10 else "no")
    _appends(thread_counts, args.seconds, args.writer_ms)


if __name__ == "__main__":
    main()
