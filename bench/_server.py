"""What the web benchmarks share: gunicorn started as in production against a PostgreSQL demo
authority, and demo users signed in with password and TOTP code.

`serve` runs gunicorn (gthread, DATABASE_POOL on, DEBUG off, the dev settings so that demo
accounts work) on a free local port; `User` is one person's cookie jar; `sign_in` takes them
through both steps. A TOTP code is accepted only once per device (django-otp's replay guard)
and all sessions of a demo account share one device, so before each code `sign_in` rewinds
that device's replay counter (TOTPDevice.last_t) in the database. Nothing else is written
except what the app itself writes (sessions, audit, sign-in records).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import hmac
import http.cookiejar
import os
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from _django import ROOT

SOCIAL_WORKER = "sw.demo"
MANAGER = "tm.demo"
FRONT_DOOR_WORKER = "mash.demo"
DEMO_PASSWORD = "safeguard-demo"  # noqa: S105 (the published demo password)
CLIENT_TIMEOUT = 30


def add_server_arguments(parser: argparse.ArgumentParser) -> None:
    """gunicorn's shape, as deploy/gunicorn.conf.py has it in production."""
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--pool-max", type=int, default=10, help="DATABASE_POOL_MAX")
    parser.add_argument("--password", default=DEMO_PASSWORD)


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


def require_postgresql() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("set DATABASE_URL to a PostgreSQL database holding a demo authority")


def caseload_child_ids(account: str = SOCIAL_WORKER) -> list[int]:
    """The children allocated to `account`, whose records it may open."""
    from safeguard.cases.models import Allocation

    children = list(
        Allocation.objects.filter(end_date__isnull=True, worker__user__username=account)
        .order_by("child_id")
        .values_list("child_id", flat=True)
    )
    if not children:
        raise SystemExit(f"no children allocated to {account}: generate a demo first")
    return children


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

    def cookie_header(self) -> str:
        """The session's cookies as a Cookie header, for a load generator outside Python."""
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise RuntimeError(f"sign-in failed: {message}")


def sign_in(user: User, password: str, locks: dict[str, threading.Lock]) -> None:
    """Password, then TOTP code; `locks` holds one lock per account (its device is shared)."""
    from django.db import connection
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safeguard.demo.trail import DEMO_TOTP_SECRET

    try:
        status, _ = user.request("/sign-in")
        expect(status == 200, f"GET /sign-in gave {status}")
        fields = {"csrfmiddlewaretoken": user.csrf(), "username": user.account}
        status, location = user.request("/sign-in", {**fields, "password": password})
        expect(location.endswith("/sign-in/code"), f"password step gave {status} {location}")
        with locks[user.account]:
            TOTPDevice.objects.filter(user__username=user.account).update(last_t=-1, drift=0)
            code = {"csrfmiddlewaretoken": user.csrf(), "code": totp_code(DEMO_TOTP_SECRET)}
            status, location = user.request("/sign-in/code", code)
        expect(status == 302 and "/sign-in" not in location, f"code step gave {status}")
    finally:
        connection.close()


def percentile(samples: list[float], pct: int) -> float:
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[pct - 1]


def wait_healthy(base: str, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
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


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def gunicorn_as_in_production(
    args: argparse.Namespace, port: int, **environment: str
) -> tuple[list[str], dict[str, str]]:
    """The command and environment that run gunicorn as production does (gthread, the pool on,
    DEBUG off) on `port`, with the dev settings unless `environment` says otherwise."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SAFEGUARD_DEBUG": "false",
        "DATABASE_POOL": "true",
        "DATABASE_POOL_MAX": str(args.pool_max),
        **environment,
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
    return command, env


@contextlib.contextmanager
def serve(args: argparse.Namespace, log: BinaryIO) -> Iterator[str]:
    """Run gunicorn on a free local port until the block ends; yield its base URL."""
    port = free_port()
    command, env = gunicorn_as_in_production(args, port)
    server = subprocess.Popen(  # noqa: S603 - this virtualenv's gunicorn, fixed arguments
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base, server)
        yield base
    finally:
        stop(server)
