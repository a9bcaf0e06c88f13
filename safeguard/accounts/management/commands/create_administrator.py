"""Open the first system administrator's account on a new installation.

    manage.py create_administrator --username j.bloggs --first-name Jo --last-name Bloggs \
        [--email jo@example.gov.uk] \
        [--authority "Northshire" --child-population 60000 --la-code 352]

The LA code defaults to SAFEGUARD_LA_CODE; one that differs is refused.

Django's `createsuperuser` makes an account with no role, and a role is the only thing that
grants anything here, so it opens nothing. This makes the account (staff, so it can reach
/admin/), its worker record as system administrator, and its two-factor device, in one
transaction, each through the account services that write the audit trail. The password is
asked for twice at the prompt (or read from SAFEGUARD_NEW_ADMINISTRATOR_PASSWORD where no one is
at a terminal). The authenticator key and its QR code are printed once, here, and never again.

It refuses once any system administrator exists: further administrators are added in the admin,
where the change is audited and alerts the auditors.
"""

from __future__ import annotations

import getpass
import io
import os
from datetime import date
from typing import Any

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from safeguard.accounts.services import account_create, totp_device_enrol
from safeguard.common.errors import SafeguardError
from safeguard.organisation.models import Authority, Worker
from safeguard.organisation.services import authority_create, worker_create

PASSWORD_VARIABLE = "SAFEGUARD_NEW_ADMINISTRATOR_PASSWORD"  # noqa: S105 - a variable's name


class Command(BaseCommand):
    help = "Open the first system administrator's account (worker record and two-factor device)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument("--authority", default="", help="The council's name (first run).")
        parser.add_argument(
            "--la-code",
            default="",
            help="Its DfE three-digit LA code (default: SAFEGUARD_LA_CODE, which must agree).",
        )
        parser.add_argument(
            "--child-population", type=int, default=0, help="Children aged 0-17 in the area."
        )
        parser.add_argument("--started-on", default="", help="YYYY-MM-DD (default: today).")

    def handle(self, *args: Any, **options: Any) -> None:
        if Worker.objects.filter(role=Worker.Role.SYSTEM_ADMINISTRATOR).exists():
            raise CommandError(
                "A system administrator already exists: add more in the admin (/admin/), where "
                "the change is audited and the auditors are alerted."
            )
        authority = self._authority(options)
        password = self._password()
        started_on = timezone.localdate()
        if options["started_on"]:
            try:
                started_on = date.fromisoformat(options["started_on"])
            except ValueError:
                raise CommandError("--started-on must be a date as YYYY-MM-DD") from None
        try:
            with transaction.atomic():
                if authority.pk is None:
                    authority_create(authority=authority, actor=None)
                user = account_create(
                    username=options["username"],
                    actor=None,
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                    email=options["email"],
                    password=password,
                    is_staff=True,
                )
                worker_create(
                    worker=Worker(
                        authority=authority,
                        user=user,
                        first_name=options["first_name"],
                        last_name=options["last_name"],
                        role=Worker.Role.SYSTEM_ADMINISTRATOR,
                        started_on=started_on,
                    ),
                    actor=None,
                )
                device = totp_device_enrol(user=user, name="Authenticator app", actor=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except SafeguardError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Opened {user.get_username()} as system administrator of {authority.name}.\n"
            "Scan this QR code with an authenticator app now: it is not shown again.\n"
        )
        drawn = io.StringIO()
        segno.make(device.config_url).terminal(out=drawn, compact=True)
        self.stdout.write(drawn.getvalue())
        self.stdout.write(f"Or enter the key by hand: {device.config_url}\n")

    def _authority(self, options: dict[str, Any]) -> Authority:
        existing = Authority.objects.order_by("pk").first()
        if existing is not None:
            return existing
        configured = str(settings.SAFEGUARD_LA_CODE)
        given = options["la_code"]
        # The returns carry the setting's code: an authority made with another would disagree.
        if given and configured and given != configured:
            raise CommandError(
                f"--la-code {given} is not SAFEGUARD_LA_CODE ({configured}), the code the "
                "returns carry: leave --la-code out, or set SAFEGUARD_LA_CODE to it."
            )
        options = {**options, "la_code": given or configured}
        missing = [
            flag
            for flag, value in (
                ("--authority", options["authority"]),
                ("--la-code", options["la_code"]),
                ("--child-population", options["child_population"]),
            )
            if not value
        ]
        if missing:
            raise CommandError(
                "No council is set up yet: give " + ", ".join(missing) + " for the first run."
            )
        code = options["la_code"]
        if not (len(code) == 3 and code.isdigit()):
            raise CommandError("--la-code must be the DfE three-digit LA code, e.g. 999")
        return Authority(
            name=options["authority"], la_code=code, child_population=options["child_population"]
        )

    def _password(self) -> str:
        from_environment = os.environ.get(PASSWORD_VARIABLE)
        if from_environment:
            return from_environment
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password again: "):
            raise CommandError("The two passwords differ: run the command again.")
        return first
