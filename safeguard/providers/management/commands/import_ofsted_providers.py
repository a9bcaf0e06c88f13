"""Import Ofsted's provider-level file into the providers register.

    manage.py import_ofsted_providers FILE.csv [--encoding cp1252]

Every row is checked first: if any is wrong nothing is imported, each problem is printed by
row and column with how to fix it, and the command fails. Importing the same file again
changes nothing. The layout and the columns read: docs/providers.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from safeguard.providers.services import ofsted_file_import


class Command(BaseCommand):
    help = "Import Ofsted's provider-level CSV into the register; nothing if any row is wrong."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Ofsted's provider-level file, as CSV.")
        parser.add_argument(
            "--encoding",
            default=None,
            help="The file's encoding when it is not UTF-8 (for example cp1252).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        report = ofsted_file_import(
            data=path.read_bytes(),
            file_name=path.name,
            imported_by=None,
            today=timezone.localdate(),
            encoding=options["encoding"],
        )
        for error in report.errors:
            self.stdout.write(str(error))
        if report.errors_not_listed:
            self.stdout.write(f"... and {report.errors_not_listed} more problems.")
        if not report.imported:
            raise CommandError(report.summary)
        self.stdout.write(report.summary)
        for provider in report.newly_inadequate:
            self.stdout.write(
                f"Now rated inadequate: {provider.urn} {provider.name}, "
                f"{provider.children_placed} children placed there now."
            )
