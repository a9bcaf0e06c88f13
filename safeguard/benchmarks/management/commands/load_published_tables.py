"""Load a DfE local-authority table (explore-education-statistics "underlying data" CSV).

    manage.py load_published_tables FILE.csv --table workforce|cin|cla

The layout is checked first: if anything is wrong nothing is loaded and the command says what
and how to fix it. Loading a file again for a period replaces that period's earlier load.
The columns read: safeguard/benchmarks/measures.py and docs/benchmarks.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.benchmarks.loader import LayoutError, parse
from safeguard.benchmarks.measures import Table
from safeguard.benchmarks.services import published_table_load


class Command(BaseCommand):
    help = "Load a DfE local-authority CSV (published layout) as benchmarks; nothing if wrong."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The published 'underlying data' CSV.")
        parser.add_argument(
            "--table",
            required=True,
            choices=[t.value for t in Table],
            help="Which table the file is: workforce, cin (children in need), cla (looked after).",
        )
        parser.add_argument(
            "--generated",
            action="store_true",
            help="The file holds generated figures (demo or training): labelled so wherever shown.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            with path.open(encoding="utf-8-sig", newline="") as lines:
                parsed = parse(lines, Table(options["table"]))
        except LayoutError as error:
            raise CommandError(str(error)) from error
        report = published_table_load(
            parsed=parsed, source_file=path.name, generated=options["generated"]
        )
        self.stdout.write(report.summary)
