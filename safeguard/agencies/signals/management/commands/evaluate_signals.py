"""Run every signal rule for every child it could apply to (nightly).

Events raise signals as they arrive (the partner hub calls the service after linking), but
some rules fire because time passes with nothing happening — a child on a plan not seen for
four weeks — and windows move; this catches those. Idempotent: a second run the same day
raises nothing.

    manage.py evaluate_signals [--date 2025-05-01] [--background]

With --background it is queued as a job for the worker (manage.py run_jobs) instead of run
here; `manage.py enqueue_nightly` queues it each night.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from safeguard.agencies.signals.services import signals_candidates, signals_evaluate_for_child


class Command(BaseCommand):
    help = "Evaluate the signal rules for every child with recent events or on a plan."
    # The background job passes its progress reporter (safeguard/agencies/jobs.py).
    stealth_options = ("progress",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Evaluate as on this day (YYYY-MM-DD); default today.",
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue it as a background job for the worker instead of running it here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date {options['date']!r} is not a date: write it as YYYY-MM-DD."
                ) from None
        if options["background"]:
            from safeguard.jobs.services import job_start

            job = job_start(kind="evaluate_signals", params={"date": today.isoformat()})
            self.stdout.write(f"Queued as job {job.pk}: a worker (manage.py run_jobs) runs it.")
            return
        progress = options.get("progress")
        child_ids = signals_candidates(today=today)
        raised: Counter[str] = Counter()
        unrouted = 0
        for done, child_id in enumerate(child_ids, start=1):
            for signal in signals_evaluate_for_child(child_id=child_id, today=today):
                raised[signal.rule_id] += 1
                unrouted += signal.recipient_team_id is None
            if progress is not None:
                progress(done, len(child_ids), "Children evaluated")
        self.stdout.write(f"children_evaluated={len(child_ids)}")
        self.stdout.write(f"signals_raised={sum(raised.values())}")
        for rule_id in sorted(raised):
            self.stdout.write(f"signals_raised_{rule_id}={raised[rule_id]}")
        if unrouted:
            self.stderr.write(
                f"{unrouted} signal(s) have no team to go to: give each authority a "
                "front-door team (Team kind 'front_door')."
            )
