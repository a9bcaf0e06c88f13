"""Benchmark `manage.py generate_demo` against a fresh database.

    .venv/bin/python bench/generate.py            # scale 1 (a large city)
    .venv/bin/python bench/generate.py 0.1        # any other scale

Uses DATABASE_URL if set (PostgreSQL: the database is dropped and created again, so its name
must contain "bench"), otherwise a temporary SQLite file. Prints `name=value` lines: wall
time and CPU time of the generator, its peak memory, and row counts. Run on demand, not by
the test suite.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def _fresh_postgres(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"Refusing to drop database {name!r}: use a database whose name contains 'bench'.")
    with psycopg.connect(
        host=parsed.hostname, port=parsed.port or 5432, user=parsed.username,
        password=parsed.password, dbname="postgres", autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def _counts(env: dict[str, str]) -> list[str]:
    """Row counts, read in a child process so this process stays free of Django."""
    script = """
from datetime import timedelta
from django.db.models import Max
from safeguard.cases import models as m
from safeguard.people.models import Person
from safeguard.organisation.models import Authority
as_of = m.Referral.objects.aggregate(d=Max("referral_date"))["d"]
year_ago = as_of - timedelta(days=365)
rows = {
    "children": Person.objects.filter(is_child=True).count(),
    "people": Person.objects.count(),
    "contacts": m.Contact.objects.count(),
    "referrals": m.Referral.objects.count(),
    "referrals_last_year": m.Referral.objects.filter(referral_date__gt=year_ago).count(),
    "referrals_open": m.Referral.objects.filter(closure_date__isnull=True).count(),
    "assessments": m.Assessment.objects.count(),
    "section47_enquiries": m.Section47Enquiry.objects.count(),
    "plans": m.ChildProtectionPlan.objects.count(),
    "plans_open": m.ChildProtectionPlan.objects.filter(end_date__isnull=True).count(),
    "looked_after_open": m.LookedAfterPeriod.objects.filter(end_date__isnull=True).count(),
    "visits": m.Visit.objects.count(),
    "case_notes": m.CaseNote.objects.count(),
    "allocations": m.Allocation.objects.count(),
    "child_population": Authority.objects.get().child_population,
}
for name, value in rows.items():
    print(f"{name}={value}")
"""
    out = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return out.stdout.strip().splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scale", nargs="?", default="1")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--as-of", dest="as_of", default=None)
    args = parser.parse_args()

    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    env["SAFEGUARD_DEMO_MODE"] = "true"
    url = env.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="safeguard-bench-") as tmp:
        if url.startswith(("postgres://", "postgresql://")):
            _fresh_postgres(url)
            database = "postgresql"
        else:
            url = env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
            database = "sqlite"
        _manage(env, "migrate", "--noinput", "-v", "0")
        command = ["generate_demo", "--scale", args.scale, "--seed", args.seed, "-v", "0"]
        if args.as_of:
            command += ["--as-of", args.as_of]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        _manage(env, *command)
        seconds = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        lines = [
            f"database={database}",
            f"scale={args.scale}",
            f"generate_seconds={seconds:.1f}",
            f"generate_cpu_seconds={cpu:.1f}",
            # ru_maxrss is in KiB on Linux: the largest child so far (the generator).
            f"peak_memory_mib={after.ru_maxrss / 1024:.0f}",
            f"load_average_1m={os.getloadavg()[0]:.2f}",
            f"cpus={os.cpu_count()}",
            *_counts(env),
        ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
