"""Email each person who asked for it the counts of their tasks.

    manage.py send_task_digests [--date 2026-03-02]

Run once each working morning (cron or a systemd timer). Each email gives counts and links
only, never a name or case detail, through Django's mail backend (SMTP in production, printed
to the console in development and the demo). A second run on the same day sends nothing
again; a person with nothing to do gets no email. Links start with SAFEGUARD_SITE_URL.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from safeguard.common.errors import SafeguardError
from safeguard.tasks.services import task_digests_send


class Command(BaseCommand):
    help = "Email each person who asked for it the counts of their tasks (counts and links only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            default="",
            help="The day the tasks are counted on, YYYY-MM-DD (default: today).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date {options['date']!r} is not a date: give it as YYYY-MM-DD"
                ) from None
        try:
            run = task_digests_send(today=today, site_url=settings.SAFEGUARD_SITE_URL)
        except SafeguardError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            f"sent={run.sent} nothing_to_do={run.nothing_to_do} "
            f"not_sendable={run.not_sendable} already_sent={run.already_sent}"
        )
