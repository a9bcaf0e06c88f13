"""manage.py build_census --year 2025 --output census.xml [--authority 999]

Writes the Children in Need census for the year ending 31 March YYYY, and its error report
beside it (census.errors.csv). Broken validation rules are listed in the report, not treated
as a failure: the command fails (non-zero exit) only when the file cannot be built.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from tqdm import tqdm

from safeguard.organisation.models import Authority
from safeguard.returns.census.report import report_path_for
from safeguard.returns.census.services import CensusBuildError, census_build

NO_AUTHORITY = "No authority matches {value!r}: give its DfE LA code (three digits) or its name."
NO_AUTHORITIES = "The database holds no authority: nothing to build a census for."
WHICH_AUTHORITY = (
    "The database holds more than one authority; choose one with --authority ({names})."
)


def authority_from(value: str | None) -> Authority:
    if value:
        found = Authority.objects.filter(Q(la_code=value) | Q(name__iexact=value)).first()
        if found is None:
            raise CommandError(NO_AUTHORITY.format(value=value))
        return found
    authorities = list(Authority.objects.order_by("la_code")[:11])
    if not authorities:
        raise CommandError(NO_AUTHORITIES)
    if len(authorities) > 1:
        names = ", ".join(f"{a.la_code} {a.name}" for a in authorities[:10])
        raise CommandError(WHICH_AUTHORITY.format(names=names))
    return authorities[0]


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="Year ending 31 March.")
        parser.add_argument("--output", required=True, help="The census file to write (.xml).")
        parser.add_argument("--authority", help="DfE LA code or name (if more than one).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        authority = authority_from(options["authority"])
        output = Path(options["output"])
        bar: Any = None

        def start(total: int) -> None:
            nonlocal bar
            bar = tqdm(
                total=total, desc="Children", unit=" children", disable=options["no_progress"]
            )

        try:
            result = census_build(
                authority=authority,
                year=options["year"],
                output=output,
                on_start=start,
                on_child=lambda n: bar.update(n),
            )
        except CensusBuildError as error:
            raise CommandError(str(error)) from None
        finally:
            if bar is not None:
                bar.close()
        build = result.build
        self.stdout.write(
            f"Wrote {output} ({build.children} children) and {report_path_for(output)}: "
            f"{build.errors} errors ({build.schema_errors} against the schema), "
            f"{build.queries} queries, in {result.build_seconds + result.validate_seconds:.1f} s."
        )
