"""Rebuild the working-day calendar table from the ``holidays`` package."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.timescales.calendar_table import CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY
from safeguard.timescales.services import calendar_refresh


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = (
        "Rebuild the calendar table (working days in England) in one transaction. "
        "Run it after upgrading the holidays package when a new bank holiday is announced."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--first", type=_iso_date, default=CALENDAR_FIRST_DAY)
        parser.add_argument("--last", type=_iso_date, default=CALENDAR_LAST_DAY)
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        first: date = options["first"]
        last: date = options["last"]
        if last < first:
            raise CommandError("--last must not be before --first")
        days = calendar_refresh(first=first, last=last, using=options["database"])
        self.stdout.write(f"Calendar rebuilt: {days} days from {first} to {last}.")
