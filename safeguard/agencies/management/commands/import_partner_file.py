"""Import a partner's nightly extract (CSV with a header row, or JSON lines).

    manage.py import_partner_file --organisation "Northgate Primary" extract.csv
        [--authority 997] [--format csv|jsonl] [--encoding cp1252] [--report report.json]
        [--background]

A file that cannot be read as a whole (not UTF-8 or UTF-16 with a byte order mark, unless
--encoding names its encoding; a quote left open; rows of the wrong width) or that was
already imported is refused, and nothing is stored. Otherwise every row is stored or
rejected with its reasons; the rejected rows are listed. What is refused and why:
safeguard/agencies/services/files.py. Column names: safeguard/agencies/extracts.py.

A 50 MB extract takes tens of minutes: with --background it is queued for the job worker
(manage.py run_jobs), which imports it the same way; `list_jobs` shows how it went, and a
refused file fails the job with the same reason. The file must stay where it is until then.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.agencies.models import PartnerOrganisation
from safeguard.agencies.services.files import PartnerFileReport, partner_file_import

from ._common import authority_from_option


class Command(BaseCommand):
    help = "Import a partner's CSV or JSON-lines extract; report every rejected row."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The extract.")
        parser.add_argument("--organisation", required=True, help="The organisation's name.")
        parser.add_argument("--authority", default="", help="DfE LA code or name.")
        parser.add_argument("--format", choices=["csv", "jsonl"], default="")
        parser.add_argument(
            "--encoding",
            default=None,
            help="The file's encoding when it is not UTF-8 (e.g. cp1252, latin-1); a byte "
            "order mark (UTF-8, UTF-16) decides over this.",
        )
        parser.add_argument("--report", type=Path, help="Also write the report as JSON here.")
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue it as a background job for the worker instead of importing it here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        authority = authority_from_option(options["authority"])
        organisation = PartnerOrganisation.objects.filter(
            authority=authority, name=" ".join(options["organisation"].split())
        ).first()
        if organisation is None:
            raise CommandError(
                f"No partner organisation is called {options['organisation']!r}: "
                "create it with create_partner_token first."
            )
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        if options["background"]:
            if options["report"]:
                raise CommandError("--report is written by an import run here, not --background")
            from safeguard.jobs.services import job_start

            job = job_start(
                kind="partner_file",
                params={
                    "organisation": organisation.pk,
                    "path": str(path.resolve()),
                    "encoding": options["encoding"] or "",
                    "file_format": options["format"],
                    "file_name": path.name,
                },
            )
            self.stdout.write(f"Queued as job {job.pk}: a worker (manage.py run_jobs) runs it.")
            return
        report = partner_file_import(
            organisation=organisation,
            path=path,
            encoding=options["encoding"],
            file_format=options["format"],
        )
        if options["report"]:
            options["report"].write_text(json.dumps(_as_json(report), indent=2) + "\n")
        if report.refused:
            raise CommandError(report.refused)
        for row in report.rejected_rows:
            self.stdout.write(f"row {row['row']}: rejected: {'; '.join(row['errors'])}")
        if report.rejected > len(report.rejected_rows):
            self.stdout.write(
                f"... and {report.rejected - len(report.rejected_rows)} more rejected rows."
            )
        self.stdout.write(report.summary)


def _as_json(report: PartnerFileReport) -> dict[str, Any]:
    return {
        "file": report.file_name,
        "sha256": report.sha256,
        "refused": report.refused,
        "batch_id": report.batch_id,
        "encoding": report.encoding,
        "received": report.received,
        "stored": report.stored,
        "rejected": report.rejected,
        "repeated": report.repeated,
        "rejected_rows": report.rejected_rows,
    }
