"""manage.py build_903 --year 2026 --output DIR [--authority 352]

Writes the SSDA903 return (children looked after) for the year ending 31 March YYYY into
DIR, one CSV file per table of the collection (docs/returns.md, "SSDA903"). The folder must
exist and hold no SSDA903 files yet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.returns.management.commands.build_census import authority_from
from safeguard.returns.ssda903.build import SSDA903BuildError, ssda903_build


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="Year ending 31 March.")
        parser.add_argument("--output", required=True, help="The folder to write the files in.")
        parser.add_argument("--authority", help="DfE LA code or name (if more than one).")

    def handle(self, *args: Any, **options: Any) -> None:
        authority = authority_from(options["authority"])
        try:
            result = ssda903_build(
                authority=authority, year=options["year"], output=Path(options["output"])
            )
        except SSDA903BuildError as error:
            raise CommandError(str(error)) from None
        for child, problem in result.problems:
            self.stderr.write(f"Child {child}: {problem}.")
        counts = ", ".join(f"{table} {n}" for table, n in result.rows.items())
        self.stdout.write(
            f"Wrote the SSDA903 return for {options['year']} into {result.folder} "
            f"({result.children} children; rows: {counts}) in {result.seconds:.1f} s."
        )
