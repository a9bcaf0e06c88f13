"""Retrain the identity-linkage model from the current person index and save it as the next
version (the one used from then on). The online mode never trains; only this command does.

    manage.py train_linkage_model [--seed 1] [--sample 20000] [--u-pairs 5e6] [--background]

Training takes minutes at a large authority: with --background it is queued as a job for the
worker (manage.py run_jobs) instead of run here.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...index import index_records
from ...services import LinkageError, linkage_model_current, linkage_model_save
from ...splink_model import train

DEFAULT_LINK_THRESHOLD = 0.9
DEFAULT_REVIEW_THRESHOLD = 0.1


def _probability(value: str) -> float:
    number = float(value)
    if not 0 < number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = __doc__
    # The background job passes its progress reporter (safeguard/agencies/jobs.py).
    stealth_options = ("progress",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="Seed for sampling (default 1)")
        parser.add_argument(
            "--sample",
            type=int,
            default=20_000,
            help="People copied with partners' errors to learn the m probabilities",
        )
        parser.add_argument(
            "--u-pairs",
            type=float,
            default=5e6,
            help="Random pairs sampled to learn the u probabilities (default 5e6)",
        )
        parser.add_argument(
            "--link-threshold",
            type=_probability,
            default=None,
            help=f"Match probability to link at (default: the current version's, or "
            f"{DEFAULT_LINK_THRESHOLD})",
        )
        parser.add_argument(
            "--review-threshold",
            type=_probability,
            default=None,
            help=f"Match probability to ask a person at (default: the current version's, or "
            f"{DEFAULT_REVIEW_THRESHOLD})",
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue it as a background job for the worker instead of running it here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            current = linkage_model_current()
            link, review = current.link_threshold, current.review_threshold
        except LinkageError:
            link, review = DEFAULT_LINK_THRESHOLD, DEFAULT_REVIEW_THRESHOLD
        link = options["link_threshold"] or link
        review = options["review_threshold"] or review
        if review > link:
            raise CommandError(
                f"The review threshold ({review}) must not be above the link threshold ({link})"
            )
        if options["background"]:
            from safeguard.jobs.services import job_start

            # Thresholds not given are the current version's when the job runs, as here.
            params = {
                "seed": options["seed"],
                "sample": options["sample"],
                "u_pairs": options["u_pairs"],
                "link_threshold": options["link_threshold"],
                "review_threshold": options["review_threshold"],
            }
            job = job_start(kind="train_linkage_model", params=params)
            self.stdout.write(f"Queued as job {job.pk}: a worker (manage.py run_jobs) runs it.")
            return
        progress = options.get("progress") or (lambda *args, **kwargs: None)
        progress(0, 3, "Reading the person index")
        index = index_records()
        progress(1, 3, f"Training on {len(index)} people")
        try:
            settings, figures = train(
                index,
                seed=options["seed"],
                sample_size=options["sample"],
                u_max_pairs=options["u_pairs"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        progress(2, 3, "Saving the new version")
        model = linkage_model_save(
            settings=settings, training=figures, link_threshold=link, review_threshold=review
        )
        self.stdout.write(
            f"Saved linkage model version {model.version}: trained on {figures['index_people']} "
            f"people in {figures['seconds']} s; links at {link}, asks for review at {review}"
        )
