"""Import a partner's nightly extract (CSV with a header row, or JSON lines).

    manage.py import_partner_file --organisation "Northgate Primary" extract.csv
        [--authority 997] [--format csv|jsonl] [--report report.json]

Every row is either stored or rejected with its reasons: the report lists each row, and a
rejected row never stops the others. Column names: safeguard/agencies/extracts.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.agencies import services
from safeguard.agencies.extracts import extract_format, read_extract
from safeguard.agencies.models import PartnerOrganisation

from ._common import authority_from_option


class Command(BaseCommand):
    help = "Import a partner's CSV or JSON-lines extract; report every row."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The extract.")
        parser.add_argument("--organisation", required=True, help="The organisation's name.")
        parser.add_argument("--authority", default="", help="DfE LA code or name.")
        parser.add_argument("--format", choices=["csv", "jsonl"], default="")
        parser.add_argument("--report", type=Path, help="Also write the report as JSON here.")

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
        if not organisation.is_active:
            raise CommandError(f"{organisation.name} no longer shares information.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        rows = list(
            read_extract(
                path.read_bytes(), file_format=extract_format(path.name, options["format"])
            )
        )
        result = services.batch_receive(
            organisation=organisation,
            rows=[row for _, row in rows],
            row_numbers=[number for number, _ in rows],
            file_name=path.name,
        )
        report = result.batch.report
        for row in report["rows"]:
            if row["stored"]:
                self.stdout.write(f"row {row['row']}: stored (submission {row['submission_id']})")
            else:
                self.stdout.write(f"row {row['row']}: rejected: {'; '.join(row['errors'])}")
        self.stdout.write(
            f"{report['received']} rows: {report['stored']} stored, "
            f"{report['rejected']} rejected (batch {report['batch_id']})."
        )
        if options["report"]:
            options["report"].write_text(json.dumps(report, indent=2) + "\n")
