"""Report what the retention rules would delete on a date. A dry run: it deletes nothing.

    manage.py retention_report [--as-of 2026-11-23] [--json]

Lists counts and person ids with the rule that makes each due, never names.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from safeguard.cases.retention import RetentionReport, retention_report


class Command(BaseCommand):
    help = "List what the retention rules would delete on a date (dry run: deletes nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="The date to apply the rules on (YYYY-MM-DD); today if not given.",
        )
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of: date = options["as_of"] or timezone.localdate()
        # Belt and braces: whatever happens inside, nothing is kept.
        with transaction.atomic():
            report = retention_report(as_of=as_of)
            transaction.set_rollback(True)
        if options["json"]:
            self.stdout.write(json.dumps(_as_json(report), indent=2, default=str))
        else:
            self.stdout.write(_as_text(report))


def _as_json(report: RetentionReport) -> dict[str, Any]:
    return {
        "as_of": report.as_of.isoformat(),
        "dry_run": True,
        "rules": report.rules,
        "due": [
            {
                "person_id": d.person_id,
                "record_type": d.record_type,
                "keep_until": d.keep_until,
                "reason": d.reason,
            }
            for d in report.due
        ],
        "due_by_type": _by_type(report),
        "kept_by_type": dict(sorted(report.kept.items())),
        "review": [
            {"person_id": d.person_id, "record_type": d.record_type, "reason": d.reason}
            for d in report.review
        ],
        "rows_to_delete": report.rows_to_delete,
    }


def _by_type(report: RetentionReport) -> dict[str, int]:
    counts: dict[str, int] = {}
    for decision in report.due:
        counts[decision.record_type] = counts.get(decision.record_type, 0) + 1
    return dict(sorted(counts.items()))


def _as_text(report: RetentionReport) -> str:
    lines = [
        f"retention report as of {report.as_of} (dry run: nothing has been deleted)",
        "",
        "rules:",
    ]
    for kind, rule in report.rules.items():
        lines.append(f"  {kind}: keep {rule['keep_years']} years from {rule['from']}")
    lines += ["", f"due for deletion: {len(report.due)}"]
    for kind, count in _by_type(report).items():
        lines.append(f"  {kind}={count}")
    for decision in report.due:
        lines.append(f"  person {decision.person_id}: {decision.reason}")
    lines += ["", "rows that would be deleted:"]
    lines += [f"  {table}={count}" for table, count in sorted(report.rows_to_delete.items())]
    lines += ["", f"kept: {sum(report.kept.values())}"]
    lines += [f"  {kind}={count}" for kind, count in sorted(report.kept.items())]
    lines += ["", f"needs review (kept until resolved): {len(report.review)}"]
    lines += [f"  person {d.person_id}: {d.reason}" for d in report.review]
    return "\n".join(lines)
