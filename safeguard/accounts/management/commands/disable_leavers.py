"""Disable the account of every worker whose leaving date has come.

    manage.py disable_leavers [--date 2025-03-31]

Run nightly: a leaving date set in advance takes effect on the day. Setting a leaving date of
today or earlier (organisation.services.worker_update) disables the account at once; this
catches the rest. Running it again changes nothing. Each account disabled is audited, and its
sessions end at their next request.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.organisation.services import leavers_disable


class Command(BaseCommand):
    help = "Disable the accounts of workers whose leaving date is today or earlier."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", default="", help="The day to run for, YYYY-MM-DD (default: today)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date {options['date']!r} is not a date: give it as YYYY-MM-DD"
                ) from None
        disabled = leavers_disable(today=today)
        self.stdout.write(f"disabled={disabled}")
