"""manage.py build_workforce_census --year 2024 --output csww_2024.xml [--authority 999]

Writes the children's social work workforce census of 30 September YYYY (starters, leavers
and absence from 1 October of the year before), and its error report beside it
(csww_2024.errors.csv). Problems are listed in the report, not treated as a failure: the
command fails (non-zero exit) only when the file cannot be built.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.returns.management.commands.build_census import authority_from
from safeguard.returns.workforce.report import report_path_for
from safeguard.returns.workforce.services import WorkforceCensusError, workforce_census_build

SHOWN = 10


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="The census of 30 September.")
        parser.add_argument("--output", required=True, help="The census file to write (.xml).")
        parser.add_argument("--authority", help="DfE LA code or name (if more than one).")

    def handle(self, *args: Any, **options: Any) -> None:
        authority = authority_from(options["authority"])
        output = Path(options["output"])
        try:
            built = workforce_census_build(authority=authority, year=options["year"], output=output)
        except WorkforceCensusError as error:
            raise CommandError(str(error)) from None
        v = built.vacancies
        self.stdout.write(
            f"Wrote {output} ({len(built.workers)} workers; vacancies {v.vacant_fte} FTE, "
            f"agency {v.agency_fte} FTE, {v.agency_headcount} agency workers) and "
            f"{report_path_for(output)}: {built.errors} errors ({built.schema_errors} "
            f"against the schema), {built.queries} queries."
        )
        for issue in built.issues[:SHOWN]:
            kind = "query" if issue.is_query else "error"
            self.stdout.write(f"  {kind}: {issue.worker} ({issue.item}): {issue.message}")
        if len(built.issues) > SHOWN:
            self.stdout.write(f"  ... and {len(built.issues) - SHOWN} more in the report.")
