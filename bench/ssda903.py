"""How long the SSDA903 return takes to build and to check with Data to Insight's 903
validator for a whole authority (targets at demo scale 1: built and validated in under 60 s,
peak memory under 2 GiB).
peak_memory_mib is the building process; validator_peak_memory_mib is the validator's, which
runs in its own environment (.venv-validators/903, made by scripts/validate-returns).

    DATABASE_URL=sqlite:////tmp/scale1.sqlite3 .venv/bin/python bench/ssda903.py [--year 2026]

Uses the demo authority already in that database; with --generate (or when it is empty) it
first migrates and generates one at --scale (default 1) as of --as-of (default 1 December
2026, as scripts/validate-returns does), which takes about twenty minutes. The files and the
validator's findings go to a temporary folder and are removed. Prints name=value lines.
"""

import argparse
import json
import resource
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

from _django import ROOT, setup

VALIDATOR = ROOT / ".venv-validators" / "903" / "bin" / "python"
RUNNER = ROOT / "scripts" / "validators" / "run-903-validator"
# The demo authority's ONS code (scripts/validate-returns, DEMO_ONS_CODE).
DEMO_ONS_CODE = "E08000003"
# Runs the command it is given and prints the command's peak memory in KiB.
MEASURED = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="1")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--as-of", dest="as_of", default="2026-12-01")
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--validator", type=Path, default=VALIDATOR)
    args = parser.parse_args()
    if not args.validator.is_file():
        raise SystemExit(f"No 903 validator at {args.validator}: run scripts/validate-returns.")

    setup()
    from django.core.management import call_command
    from django.db import connection

    from safeguard.organisation.models import Authority
    from safeguard.returns.ssda903.build import ssda903_build

    call_command("migrate", verbosity=0)
    if args.generate or not Authority.objects.exists():
        if args.generate:
            call_command("flush", interactive=False, verbosity=0)
            call_command("refresh_calendar", verbosity=0)
        call_command("generate_demo", scale=args.scale, seed=args.seed, as_of=args.as_of)
    authority = Authority.objects.get()

    with tempfile.TemporaryDirectory() as folder:
        files = Path(folder) / "ssda903"
        files.mkdir()
        result = ssda903_build(authority=authority, year=args.year, output=files)
        findings = Path(folder) / "validator-903.json"
        started = time.perf_counter()
        # Through a small go-between: a child forked from this process would report this
        # process's memory as its own peak (Linux keeps the high-water mark across exec).
        done = subprocess.run(  # noqa: S603 - the validator's interpreter, fixed arguments
            [
                str(args.validator), "-c", MEASURED, str(args.validator), str(RUNNER),
                "--files", str(files), "--year", str(args.year), "--la", DEMO_ONS_CODE,
                "--output", str(findings),
            ],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        validate_seconds = time.perf_counter() - started
        validator_peak_kib = int(done.stdout.split()[-1])
        found = json.loads(findings.read_text())
        size = sum(f.stat().st_size for f in files.iterdir())
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    print(f"database={connection.vendor}")
    print(f"collection_year={args.year}")
    print(f"ssda903_build_seconds={result.seconds:.1f}")
    print(f"ssda903_validate_seconds={validate_seconds:.1f}")
    print(f"ssda903_total_seconds={result.seconds + validate_seconds:.1f}")
    print(f"ssda903_children={result.children}")
    for table, rows in result.rows.items():
        print(f"ssda903_rows_{table}={rows}")
    print(f"ssda903_files_mib={size / 2**20:.1f}")
    print(f"validator_rules_ran={len(found['ran'])}")
    print(f"validator_rules_skipped={len(found['skipped'])}")
    print(f"validator_rules_failed={len(found['failed'])}")
    print(f"validator_rules_failed_codes={','.join(found['failed'])}")
    print(f"validator_errors={len(found['findings'])}")
    # Which rules, so a run can be read against validator_differences.toml without the files.
    by_rule = Counter(finding["rule"] for finding in found["findings"])
    print("validator_errors_by_rule=" + ",".join(f"{r}:{n}" for r, n in sorted(by_rule.items())))
    print(f"peak_memory_mib={peak_kib / 1024:.0f}")
    print(f"validator_peak_memory_mib={validator_peak_kib / 1024:.0f}")


if __name__ == "__main__":
    main()
