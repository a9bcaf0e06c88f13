"""Front-door throughput: 1,000 reports through the public's "Report a concern about a child"
form from 50 concurrent clients, each sent twice with the same one-time key, against gunicorn
on PostgreSQL (target: p95 of the sending request under 300 ms; exactly one contact stored
per report).

Needs a migrated PostgreSQL database with an authority and a front door team (`--setup`
makes them if there are none). Use a scratch database, not the demo's:

    createdb -h 127.0.0.1 -U postgres safeguard_bench_front_door
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/safeguard_bench_front_door
    .venv/bin/python manage.py migrate --noinput
    .venv/bin/python bench/front_door.py --setup
    dropdb -h 127.0.0.1 -U postgres safeguard_bench_front_door

Starts gunicorn on a free port on 127.0.0.1 (no internet needed) with the dev settings, DEBUG
off and DATABASE_POOL on, through a settings module written to a temporary directory that
adds only `SAFEGUARD_PUBLIC_REPORTS_PER_HOUR` (every client comes from 127.0.0.1, one
"sender" to the hourly limit; the limit's query still runs on every report). The minimum
time between starting a report and sending it stays as the application has it (3 s): a
client waits it out, untimed, as a person would take longer still.

Each report is one new browser (its own cookie jar) walking the real form: GET the first
question (session cookie and CSRF token), POST each of the 8 question pages (redirects not
followed; the next page's GET adds nothing a POST does not), pausing --think seconds on
average before each answer (untimed), GET "Check your answers" (the one-time key), wait out
the minimum time, POST the check page ("submit", timed: the figure the target is for), GET the
acknowledgement (the reference), then send the same key again ("retry", timed): every other
retry from the same session (a double click), the rest from a browser that lost its session
cookie (a resend after a timeout: answered from the contact stored under the key). Both must
show the same reference. The question pages' POSTs are timed as "page"; /healthz, fetched
twice a second through the run, shows how busy the (shared) machine itself was.

`to_queue_ms`: from the moment the submitting POST starts until a separate database
connection sees the contact in the MASH queue's query (`front_door.selectors.
contact_queue_get`: undecided, at the front door team), polled every 10 ms by key.

Stops after --submissions reports or --max-seconds, whichever is first. Prints name=value
lines.
"""

from __future__ import annotations

import argparse
import html
import http.cookiejar
import os
import random
import re
import resource
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from _django import ROOT, setup
from _server import (
    NoRedirect,
    free_port,
    gunicorn_as_in_production,
    percentile,
    stop,
    wait_for_idle_database,
    wait_healthy,
)

PUBLIC = "/report-a-concern"
# The hourly limit for the run: every client is the same sender, and earlier runs in the last
# hour count too.
PER_HOUR = 1_000_000
CLIENT_TIMEOUT = 30
# Fictional answers; each report's worry is numbered so the reports differ.
ANSWERS: list[tuple[str, dict[str, str]]] = [
    ("child-name", {"child_first_name": "Tobi", "child_last_name": "Marsh"}),
    ("child-age", {"child_age_known": "age", "child_age": "6"}),
    ("child-address", {"child_address": "Larch Road, Northgate", "child_postcode": "NB1 2AB"}),
    ("child-school", {"child_school": "Northgate Primary"}),
    ("worry", {"concerns": "Bench report {n}: fictional worry about a child left alone."}),
    ("danger", {"danger": "not_sure"}),
    ("how-you-know", {"relationship": "neighbour"}),
    ("about-you", {"contact_me": "no"}),
]
# The first page, 8 answers, the check page, the sending, the acknowledgement, the retry and
# its acknowledgement.
REQUESTS_PER_REPORT = 1 + len(ANSWERS) + 1 + 1 + 1 + 1 + 1
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')
_REFERENCE = re.compile(r'id="reference">([^<]+)<')


class Browser:
    """One reporter's browser: a cookie jar, redirects reported rather than followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        """(status, Location, body); status 0 when nothing came back in time."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=CLIENT_TIMEOUT) as r:
                return r.status, r.headers.get("Location", ""), r.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Location", ""), exc.read().decode(errors="replace")
        except OSError:
            return 0, "", ""

    def without_session(self) -> Browser:
        """The same browser after losing its session cookie (the CSRF cookie kept)."""
        other = Browser(self.base)
        for cookie in self.jar:
            if cookie.name != "sessionid":
                other.jar.set_cookie(cookie)
        return other


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    timings: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    mismatched_references: int = 0
    submissions_sent: int = 0

    def time(self, name: str, ms: float) -> None:
        with self.lock:
            self.timings.setdefault(name, []).append(ms)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] = self.errors.get(what, 0) + 1


class QueueWatch:
    """Polls the MASH queue's query for the keys being sent, from its own connection."""

    def __init__(self, team_id: int) -> None:
        self.team_id = team_id
        self.pending: dict[str, float] = {}
        self.to_queue: list[float] = []
        self.lock = threading.Lock()
        self.done = threading.Event()

    def expect(self, key: str) -> None:
        with self.lock:
            self.pending[key] = time.perf_counter()

    def run(self) -> None:
        from django.db import connection

        from safeguard.cases.models import Contact

        try:
            while not (self.done.is_set() and not self.pending):
                with self.lock:
                    keys = list(self.pending)
                if keys:
                    seen = Contact.objects.filter(
                        decided_at__isnull=True,
                        team_id=self.team_id,
                        route="public_form",
                        idempotency_key__in=keys,
                    ).values_list("idempotency_key", flat=True)
                    now = time.perf_counter()
                    with self.lock:
                        for key in seen:
                            started = self.pending.pop(key, None)
                            if started is not None:
                                self.to_queue.append((now - started) * 1000)
                time.sleep(0.01)
        finally:
            connection.close()

    def forget(self, key: str) -> None:
        """A report that failed: nothing will arrive."""
        with self.lock:
            self.pending.pop(key, None)


def report_once(
    n: int, base: str, minimum: float, think: float, results: Results, watch: QueueWatch
) -> None:
    rng = random.Random(n)
    browser = Browser(base)
    status, _, body = browser.request(f"{PUBLIC}/{ANSWERS[0][0]}")
    # The report started (on the server) during that request: count from its answer.
    started = time.monotonic()
    token = _CSRF.search(body)
    if status != 200 or token is None:
        results.error(f"first page {status}")
        return
    csrf = token.group(1)
    for slug, answers in ANSWERS:
        data = {k: v.format(n=n) for k, v in answers.items()}
        if think:
            time.sleep(rng.uniform(0, 2 * think))
        t = time.perf_counter()
        status, location, _ = browser.request(
            f"{PUBLIC}/{slug}", {"csrfmiddlewaretoken": csrf, **data}
        )
        results.time("page", (time.perf_counter() - t) * 1000)
        if status != 302:
            results.error(f"{slug} {status}")
            return
    status, _, body = browser.request(f"{PUBLIC}/check")
    found = _KEY.search(body)
    if status != 200 or found is None:
        results.error(f"check page {status}")
        return
    key = html.unescape(found.group(1))
    # As a person: not sooner than the minimum time after starting (not timed).
    time.sleep(max(0.0, started + minimum + 0.05 - time.monotonic()))
    send = {"csrfmiddlewaretoken": csrf, "idempotency_key": key}
    watch.expect(key)
    t = time.perf_counter()
    status, location, _ = browser.request(f"{PUBLIC}/check", send)
    results.time("submit", (time.perf_counter() - t) * 1000)
    with results.lock:
        results.submissions_sent += 1
    if status != 302 or not location.endswith(f"{PUBLIC}/sent"):
        results.error(f"submit {status}")
        watch.forget(key)
        return
    with results.lock:
        results.keys.append(key)
    _, _, body = browser.request(f"{PUBLIC}/sent")
    first = _REFERENCE.search(body)
    retrying = browser if n % 2 == 0 else browser.without_session()
    t = time.perf_counter()
    status, location, _ = retrying.request(f"{PUBLIC}/check", send)
    results.time("retry", (time.perf_counter() - t) * 1000)
    if status != 302 or not location.endswith(f"{PUBLIC}/sent"):
        results.error(f"retry {status}")
        return
    _, _, body = retrying.request(f"{PUBLIC}/sent")
    again = _REFERENCE.search(body)
    if first is None or again is None or first.group(1) != again.group(1):
        with results.lock:
            results.mismatched_references += 1


def watch_healthz(base: str, stop_event: threading.Event, results: Results) -> None:
    """The health check twice a second through the run: a page that does next to nothing,
    so its latency shows how busy the machine itself was (these machines are shared)."""
    browser = Browser(base)
    while not stop_event.wait(0.5):
        t = time.perf_counter()
        status, _, _ = browser.request("/healthz")
        if status == 200:
            results.time("healthz", (time.perf_counter() - t) * 1000)


def run_client(
    numbers: list[int],
    base: str,
    minimum: float,
    think: float,
    deadline: float,
    results: Results,
    watch: QueueWatch,
) -> None:
    for n in numbers:
        if time.monotonic() > deadline:
            return
        report_once(n, base, minimum, think, results, watch)


def settings_module(directory: str, per_hour: int) -> str:
    """A settings module for the server: the dev settings and the raised hourly limit."""
    name = "safeguard_bench_front_door_settings"
    Path(directory, f"{name}.py").write_text(
        "from config.settings.dev import *  # noqa: F403\n"
        f"SAFEGUARD_PUBLIC_REPORTS_PER_HOUR = {per_hour}\n"
    )
    return name


def set_up_authority() -> None:
    """One authority with a front door team, if the database has none."""
    from safeguard.organisation.models import Authority, Team

    if Team.objects.filter(kind=Team.Kind.FRONT_DOOR).exists():
        return
    authority = Authority.objects.first() or Authority.objects.create(
        name="Benchmark Borough", la_code="998", child_population=50_000
    )
    Team.objects.create(
        authority=authority, name="Front door", kind=Team.Kind.FRONT_DOOR, phone="0100 000 0999"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--max-seconds", type=float, default=900, help="stop starting reports")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--pool-max", type=int, default=10, help="DATABASE_POOL_MAX")
    parser.add_argument("--setup", action="store_true", help="make an authority and team")
    # A person reads each question before answering: 1 s on average (0 to 2 s) is still far
    # quicker than anyone types a worry, and 50 such clients offer about 5 reports a second.
    # --think 0 sends every page at once and each report as soon as the minimum time allows
    # (about 16 reports a second offered): a saturation test.
    parser.add_argument("--think", type=float, default=1.0, help="mean pause per page, s")
    args = parser.parse_args()

    setup()
    from django.db import connection
    from django.utils import timezone

    from safeguard.cases.models import Contact
    from safeguard.common.batching import in_chunks
    from safeguard.front_door.services.public import minimum_seconds
    from safeguard.organisation.models import Team

    if connection.vendor != "postgresql":
        raise SystemExit("set DATABASE_URL to a migrated PostgreSQL database")
    if args.setup:
        set_up_authority()
    team = Team.objects.filter(kind=Team.Kind.FRONT_DOOR).order_by("pk").first()
    if team is None:
        raise SystemExit("no front door team: run with --setup")
    minimum = minimum_seconds()
    idle_wait = wait_for_idle_database()
    connection.close()

    results = Results()
    watch = QueueWatch(team.pk)
    with tempfile.TemporaryDirectory(prefix="safeguard_bench_") as directory:
        log_path = Path(directory, "gunicorn.log")
        port = free_port()
        command, env = gunicorn_as_in_production(
            args,
            port,
            DJANGO_SETTINGS_MODULE=settings_module(directory, PER_HOUR),
            PYTHONPATH=os.pathsep.join([directory, str(ROOT)]),
        )
        with open(log_path, "wb") as log:
            server = subprocess.Popen(  # noqa: S603 - this virtualenv's gunicorn, fixed arguments
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
            try:
                base = f"http://127.0.0.1:{port}"
                wait_healthy(base, server)
                # Warm each worker's URLconf, templates and pool (not counted).
                for _ in range(args.workers * 2):
                    Browser(base).request(PUBLIC)
                poller = threading.Thread(target=watch.run, daemon=True)
                poller.start()
                healthz_stop = threading.Event()
                healthz = threading.Thread(
                    target=watch_healthz, args=(base, healthz_stop, results), daemon=True
                )
                healthz.start()
                run_started = time.monotonic()
                run_started_at = timezone.now()
                deadline = run_started + args.max_seconds
                clients = [
                    threading.Thread(
                        target=run_client,
                        args=(
                            list(range(c, args.submissions, args.clients)),
                            base,
                            minimum,
                            args.think,
                            deadline,
                            results,
                            watch,
                        ),
                        daemon=True,
                    )
                    for c in range(args.clients)
                ]
                for client in clients:
                    client.start()
                for client in clients:
                    client.join()
                elapsed = time.monotonic() - run_started
                watch.done.set()
                healthz_stop.set()
                poller.join(timeout=30)
                healthz.join(timeout=30)
            finally:
                stop(server)
        server_log = log_path.read_text(errors="replace")

    # Every public-form contact the run created, whether or not its client saw it acknowledged.
    stored = Contact.objects.filter(route="public_form", created_at__gte=run_started_at).count()
    stored_for_keys = sum(
        Contact.objects.filter(route="public_form", idempotency_key__in=batch).count()
        for batch in in_chunks(results.keys)
    )
    unique_keys = len(set(results.keys))
    print("database=postgresql")
    print("server=gunicorn")
    print(f"workers={args.workers}")
    print(f"threads={args.threads}")
    print(f"database_pool_max={args.pool_max}")
    print(f"clients={args.clients}")
    print(f"minimum_seconds={minimum}")
    print(f"think_seconds_mean={args.think}")
    print(f"waited_for_idle_database_seconds={idle_wait:.1f}")
    print(f"duration_seconds={elapsed:.1f}")
    print(f"submissions_sent={results.submissions_sent}")
    print(f"retries_sent={len(results.timings.get('retry', []))}")
    print(f"unique_submissions={unique_keys}")
    print(f"contacts_stored={stored}")
    print(f"contacts_stored_under_the_run_keys={stored_for_keys}")
    same = stored == stored_for_keys == unique_keys == results.submissions_sent
    print(f"one_contact_per_submission={'yes' if same else 'NO'}")
    print(f"retry_reference_mismatches={results.mismatched_references}")
    print(f"errors={sum(results.errors.values())}")
    for what, count in sorted(results.errors.items()):
        print(f"error_{what.replace(' ', '_').replace('-', '_')}={count}")
    print(f"reports_per_second={unique_keys / elapsed:.1f}")
    print(f"requests_per_second={unique_keys * REQUESTS_PER_REPORT / elapsed:.1f}")
    # CPU used over the whole run (the server's includes its start and warm-up): on a shared
    # 2-core machine the load generator's own share is part of the picture.
    client_cpu = resource.getrusage(resource.RUSAGE_SELF)
    server_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"client_cpu_seconds={client_cpu.ru_utime + client_cpu.ru_stime:.1f}")
    print(f"server_cpu_seconds={server_cpu.ru_utime + server_cpu.ru_stime:.1f}")
    for name, label in (
        ("submit", "p"),
        ("retry", "retry_p"),
        ("page", "page_p"),
        ("healthz", "healthz_p"),
    ):
        samples = results.timings.get(name, [])
        if samples:
            for pct in (50, 95, 99):
                print(f"{label}{pct}_ms={percentile(samples, pct):.1f}")
    if watch.to_queue:
        print(f"to_queue_ms={percentile(watch.to_queue, 95):.1f}")
        print(f"to_queue_p50_ms={percentile(watch.to_queue, 50):.1f}")
        print(f"to_queue_max_ms={max(watch.to_queue):.1f}")
    print(f"to_queue_not_seen={len(watch.pending)}")
    if results.errors:
        print("server_log_tail=" + " | ".join(server_log.strip().splitlines()[-5:]))


if __name__ == "__main__":
    main()
