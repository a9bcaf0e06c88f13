"""manage.py generate_demo: build the fictional Northbridge City Council.

Deterministic: the same --seed, --scale and --as-of give the same authority.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from safeguard.accounts.services import DEMO_ACCOUNTS_GROUP
from safeguard.cases.models import Contact, Referral
from safeguard.demo.chair import demo_chair_draft_create
from safeguard.demo.generator.run import Options, generate
from safeguard.demo.logins import DEMO_LOGINS
from safeguard.demo.partners import demo_partners_create
from safeguard.demo.providers import demo_providers_create
from safeguard.demo.returned_work import demo_accounts_email, demo_returned_assessment_create
from safeguard.demo.trail import demo_audit_trail_write, demo_devices_create, worker_accounts_create
from safeguard.organisation.models import Authority, Worker
from safeguard.people.models import Person

DEMO_MODE_OFF = (
    "generate_demo only runs in demo mode: set SAFEGUARD_DEMO_MODE=true (the dev and test "
    "settings do). It creates sign-ins with a known password, so it must never run in production."
)
BAD_SCALE = (
    "--scale must be a number greater than 0, such as 1 (a large city, about 260,000 children) "
    "or 0.1 (a tenth of one); got {value!r}."
)
BAD_AS_OF = "--as-of must be a date written YYYY-MM-DD, not later than today; got {value!r}."
DATA_EXISTS = (
    "The database already holds an authority, people or case records, and generate_demo only "
    "fills an empty database. Run `manage.py flush` to empty it first, or pass --if-empty to "
    "keep what is there."
)
ALREADY_GENERATED = "An authority already exists ({name}); nothing generated (--if-empty)."
NO_LA_CODE = (
    "SAFEGUARD_LA_CODE is empty: the demo authority takes its DfE LA code, and its children's "
    "UPNs theirs, from it. Leave it unset in demo mode for the demo's own, or set a real one."
)


def parse_scale(value: str) -> float:
    try:
        scale = float(value)
    except ValueError:
        raise CommandError(BAD_SCALE.format(value=value)) from None
    if not scale > 0 or scale == float("inf"):
        raise CommandError(BAD_SCALE.format(value=value))
    return scale


def parse_as_of(value: str | None) -> date:
    today = timezone.localdate()
    if value is None:
        return today
    try:
        as_of = date.fromisoformat(value)
    except ValueError:
        raise CommandError(BAD_AS_OF.format(value=value)) from None
    if as_of > today:
        raise CommandError(BAD_AS_OF.format(value=value))
    return as_of


class Command(BaseCommand):
    help = (
        "Generate a deterministic synthetic authority (Northbridge City Council) with five years "
        "of history, calibrated to national rates, and one demo sign-in per role."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", default="1", help="Size: 1 is a large city (260,000 children). Default 1."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed. Default 1.")
        parser.add_argument(
            "--as-of", dest="as_of", default=None,
            help="The generated world's today, YYYY-MM-DD. Default: today.",
        )  # fmt: skip
        parser.add_argument(
            "--demo-password", dest="demo_password", default="safeguard-demo",
            help="Password for the demo sign-ins. Default safeguard-demo.",
        )  # fmt: skip
        parser.add_argument(
            "--if-empty", dest="if_empty", action="store_true",
            help="Do nothing (and say so) if an authority already exists.",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.SAFEGUARD_DEMO_MODE:
            raise CommandError(DEMO_MODE_OFF)
        if not settings.SAFEGUARD_LA_CODE:
            raise CommandError(NO_LA_CODE)
        scale = parse_scale(str(options["scale"]))
        as_of = parse_as_of(options["as_of"])
        existing = Authority.objects.order_by("pk").first()
        if existing is not None and options["if_empty"]:
            self.stdout.write(ALREADY_GENERATED.format(name=existing.name))
            return
        if existing is not None or any(
            model.objects.exists() for model in (Person, Worker, Contact, Referral)
        ):
            raise CommandError(DATA_EXISTS)

        started = time.monotonic()
        result = generate(
            Options(
                seed=options["seed"],
                scale=scale,
                as_of=as_of,
                demo_password=options["demo_password"],
                show_progress=options["verbosity"] >= 1,
            )
        )
        # Accounts for every worker, the demo authenticator and a realistic audit trail, all
        # through the same services a live system uses.
        with transaction.atomic():
            worker_accounts_create()
            partner_submissions = demo_partners_create(
                password=options["demo_password"], seed=options["seed"], as_of=as_of
            )
            # An assessment returned to sw.demo for their task list, and work email addresses.
            demo_returned_assessment_create(as_of=as_of)
            demo_accounts_email()
            demo_users = list(
                get_user_model().objects.filter(
                    username__in=[login.username for login in DEMO_LOGINS]
                )
            )
            demo_devices_create(demo_users)
            Group.objects.get_or_create(name=DEMO_ACCOUNTS_GROUP)[0].user_set.add(*demo_users)
            trail = demo_audit_trail_write(seed=options["seed"], scale=scale, as_of=as_of)
            # The chair's conference held yesterday, its record started (Your conferences).
            trail += demo_chair_draft_create(as_of=as_of)
            # The providers register, and last month's downgrade (sw.demo's tasks).
            trail += demo_providers_create(seed=options["seed"], scale=scale, as_of=as_of)
        # Fresh statistics: without them PostgreSQL plans the dashboards' joins as if the
        # tables were empty (seconds instead of milliseconds at scale 1).
        # Only Safeguard's own tables: a bare ANALYZE on PostgreSQL also takes the cluster's
        # shared catalogues and holds their locks until the transaction ends, so a demo
        # generated inside a test transaction made every other database on the server wait.
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                tables = connection.introspection.table_names(cursor)
                cursor.execute("ANALYZE " + ", ".join(map(connection.ops.quote_name, tables)))
            else:
                cursor.execute("ANALYZE")
        seconds = time.monotonic() - started
        rows = sum(result.rows.values()) + trail + partner_submissions
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated Northbridge City Council (scale {scale:g}, seed {options['seed']}, "
                f"as of {as_of:%d %B %Y}): {result.children:,} children, {rows:,} rows "
                f"in {seconds:.0f} s."
            )
        )
        if options["verbosity"] >= 2:
            for model, count in result.rows.items():
                self.stdout.write(f"rows.{model}={count}")
            if result.figures is not None:
                for line in result.figures.as_lines():
                    self.stdout.write(line)
