"""manage.py build_annex_a --from 2025-04-01 --to 2025-09-30 --output annex_a.xlsx [--authority 999]

Writes Ofsted's Annex A lists (ILACS) for a six- or twelve-month window as an Excel workbook,
one sheet per list. A window that is not 6 or 12 whole months, or whose first day is after
its last, is refused and nothing is written. The code lives in safeguard/returns/annex_a.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.returns.annex_a.layout import LISTS, AnnexAList
from safeguard.returns.annex_a.services import (
    AnnexARequestError,
    annex_a_authority,
    annex_a_write_file,
)
from safeguard.returns.annex_a.window import WindowError, reporting_window

NOT_A_DATE = "{option} must be a date written as YYYY-MM-DD (for example 2025-04-01), not {value!r}"


def _date(option: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(NOT_A_DATE.format(option=option, value=value)) from None


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="from_date", required=True, help="First day.")
        parser.add_argument("--to", dest="to_date", required=True, help="Last day.")
        parser.add_argument("--output", required=True, help="The workbook to write (.xlsx).")
        parser.add_argument("--authority", help="DfE LA code or name (if more than one).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            window = reporting_window(
                _date("--from", options["from_date"]), _date("--to", options["to_date"])
            )
            authority = annex_a_authority(options["authority"])
        except (WindowError, AnnexARequestError) as error:
            raise CommandError(str(error)) from None
        output = Path(options["output"])
        self.stdout.write(f"Annex A for {window}: {len(LISTS)} lists")
        started = time.perf_counter()

        def progress(annex_list: AnnexAList, rows: int) -> None:
            self.stdout.write(
                f"  {annex_list.sheet} ({annex_list.title}): {rows} rows"
                f"  [{time.perf_counter() - started:.1f}s]"
            )

        try:
            result = annex_a_write_file(
                window=window, path=output, authority=authority, progress=progress
            )
        except AnnexARequestError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {output} ({result.total_rows} rows) in {time.perf_counter() - started:.1f}s"
            )
        )
