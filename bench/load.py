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
children allocated to sw.demo; managers (tm.demo) load the team dashboard. Users pause
--think seconds on average (uniform 0..2x) between pages, and each starts after one such
pause so that arrivals are spread as in steady use; --think 0 is a closed-loop saturation test
with every user starting at once.

A TOTP code is accepted only once per device (django-otp's replay guard), and all sessions of a
demo account share one device, so before each code the harness rewinds that device's replay
counter (TOTPDevice.last_t) in the database. Nothing else is written except what the app itself
writes (sessions, audit, sign-in records).

Prints name=value lines.
"""

import argparse
import base64
import contextlib
import hashlib
import hmac
import http.cookiejar
import os
import random
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

from _django import ROOT, setup

SOCIAL_WORKER = "sw.demo"
MANAGER = "tm.demo"
CLIENT_TIMEOUT = 30
PAGES = ("my_cases", "child_record", "team_dashboard")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report redirects as they are, so a 302 to the sign-in page is never mistaken for a
    page served."""

    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def totp_code(secret_b32: str, at: float | None = None) -> str:
    """RFC 6238 code (SHA-1, 6 digits, 30-second step), as django-otp's defaults."""
    key = base64.b32decode(secret_b32)
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def wait_for_idle_database(timeout: float = 300) -> float:
    """Wait while other sessions run queries in this database (a previous run's server can
    leave slow queries running after it stops); return the seconds waited."""
    from django.db import connection

    started = time.monotonic()
    with connection.cursor() as cursor:
        while time.monotonic() - started < timeout:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND state = 'active'"
            )
            if cursor.fetchone()[0] == 0:
                break
            time.sleep(1)
    return time.monotonic() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class User:
    """One simulated person: a cookie jar and the pages they visit."""

    def __init__(self, base: str, account: str, paths: list[tuple[str, str]]) -> None:
        self.base = base
        self.account = account
        self.paths = paths
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                return response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as exc:
            exc.read()
            return exc.code, exc.headers.get("Location", "")

    def fetch(self, path: str) -> int:
        """The status, or 0 when no response came within CLIENT_TIMEOUT seconds."""
        try:
            with self.opener.open(self.base + path, timeout=CLIENT_TIMEOUT) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as exc:
            exc.read()
            return exc.code
        except OSError:
            return 0

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise RuntimeError(f"sign-in failed: {message}")


def sign_in(user: User, password: str, secret: str, locks: dict[str, threading.Lock]) -> None:
    from django.db import connection
    from django_otp.plugins.otp_totp.models import TOTPDevice

    try:
        status, _ = user.request("/sign-in")
        expect(status == 200, f"GET /sign-in gave {status}")
        fields = {"csrfmiddlewaretoken": user.csrf(), "username": user.account}
        status, location = user.request("/sign-in", {**fields, "password": password})
        expect(location.endswith("/sign-in/code"), f"password step gave {status} {location}")
        with locks[user.account]:
            TOTPDevice.objects.filter(user__username=user.account).update(last_t=-1, drift=0)
            code = {"csrfmiddlewaretoken": user.csrf(), "code": totp_code(secret)}
            status, location = user.request("/sign-in/code", code)
        expect(status == 302 and "/sign-in" not in location, f"code step gave {status}")
    finally:
        connection.close()


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


def percentile(samples: list[float], pct: int) -> float:
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[pct - 1]


def wait_healthy(base: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise SystemExit("gunicorn did not answer /healthz in time")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@contextlib.contextmanager
def serve(args: argparse.Namespace, log: BinaryIO) -> Iterator[str]:
    """Run gunicorn on a free local port until the block ends; yield its base URL."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SAFEGUARD_DEBUG": "false",
        "DATABASE_POOL": "true",
        "DATABASE_POOL_MAX": str(args.pool_max),
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "config.wsgi",
        f"--bind=127.0.0.1:{port}",
        "--worker-class=gthread",
        f"--workers={args.workers}",
        f"--threads={args.threads}",
        "--timeout=60",
    ]
    server = subprocess.Popen(  # noqa: S603 - this virtualenv's gunicorn, fixed arguments
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base, server)
        yield base
    finally:
        stop(server)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--managers", type=int, default=17, help="of --users, as tm.demo")
    parser.add_argument("--duration", type=float, default=30, help="seconds of load")
    parser.add_argument("--max-requests", type=int, default=0, help="cap (0: none)")
    # A practitioner reads a page before the next click: 10 s on average (0 to 20 s) is a busy
    # pace for case work. --think 1 or 0 measures saturation instead.
    parser.add_argument("--think", type=float, default=10.0, help="mean pause, seconds")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--pool-max", type=int, default=10, help="DATABASE_POOL_MAX")
    parser.add_argument("--password", default="safeguard-demo")
    args = parser.parse_args()

    setup()
    from django.db import connection

    from safeguard.cases.models import Allocation
    from safeguard.demo.trail import DEMO_TOTP_SECRET

    if connection.vendor != "postgresql":
        raise SystemExit("set DATABASE_URL to a PostgreSQL database holding a demo authority")
    children = list(
        Allocation.objects.filter(end_date__isnull=True, worker__user__username=SOCIAL_WORKER)
        .order_by("child_id")
        .values_list("child_id", flat=True)
    )
    if not children:
        raise SystemExit(f"no children allocated to {SOCIAL_WORKER}: generate a demo first")
    idle_wait = wait_for_idle_database()
    connection.close()

    log_fd, log_name = tempfile.mkstemp(prefix="safeguard_load_gunicorn_", suffix=".log")
    with os.fdopen(log_fd, "wb") as log, serve(args, log) as base:
        users = []
        for i in range(args.users):
            if i < args.users - args.managers:
                # Each social worker walks the caseload from a different child.
                paths = [
                    (page, p)
                    for k in range(len(children))
                    for page, p in (
                        ("my_cases", "/my-cases"),
                        ("child_record", f"/children/{children[(i + k) % len(children)]}"),
                    )
                ]
                users.append(User(base, SOCIAL_WORKER, paths))
            else:
                users.append(User(base, MANAGER, [("team_dashboard", "/team")]))

        locks = {SOCIAL_WORKER: threading.Lock(), MANAGER: threading.Lock()}
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=8) as pool:
            for future in [
                pool.submit(sign_in, u, args.password, DEMO_TOTP_SECRET, locks) for u in users
            ]:
                future.result()
            # Warm the workers' URLconf, templates and pools (about one user per worker for
            # each account); not counted.
            warm = [u for u in users if u.account == SOCIAL_WORKER][: args.workers] + [
                u for u in users if u.account == MANAGER
            ][: args.workers]
            list(pool.map(lambda u: [u.fetch(path) for _, path in u.paths[:2]], warm))
        sign_in_seconds = time.monotonic() - started

        results: list[tuple[str, float, int]] = []
        budget = Budget(args.max_requests)
        started = time.monotonic()
        stop_at = started + args.duration
        threads = [
            threading.Thread(
                target=run_user, args=(u, stop_at, args.think, budget, results, n), daemon=True
            )
            for n, u in enumerate(users)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started

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
    print(f"think_seconds_mean={args.think}")
    print(f"children_rotated={len(children)}")
    print(f"waited_for_idle_database_seconds={idle_wait:.1f}")
    print(f"sign_in_and_warm_up_seconds={sign_in_seconds:.1f}")
    print(f"duration_seconds={elapsed:.1f}")
    print(f"requests={len(results)}")
    print(f"errors={len(errors)}")
    print(f"errors_no_response_in_{CLIENT_TIMEOUT}s={sum(1 for r in errors if r[2] == 0)}")
    print(f"requests_per_second={len(results) / elapsed:.1f}")
    for page in PAGES:
        # Percentiles over every request, failed ones included (a timeout counts as its wait).
        samples = [ms for p, ms, _ in results if p == page]
        print(f"{page}_requests={len(samples)}")
        print(f"{page}_ok={sum(1 for p, _, status in results if p == page and status == 200)}")
        if samples:
            for pct in (50, 95, 99):
                print(f"{page}_p{pct}_ms={percentile(samples, pct):.1f}")
    if errors:
        statuses = sorted({status for _, _, status in errors})
        print(f"error_statuses={','.join(map(str, statuses))}")
        print(f"server_log={log_name}")
    else:
        os.unlink(log_name)


if __name__ == "__main__":
    main()
