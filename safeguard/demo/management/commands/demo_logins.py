"""manage.py demo_logins: print where the demo runs and who can sign in (used by `make demo`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.demo.logins import DEMO_LOGINS
from safeguard.demo.trail import DEMO_TOTP_SECRET

DEMO_MODE_OFF = "Demo sign-ins exist only in demo mode: set SAFEGUARD_DEMO_MODE=true."


class Command(BaseCommand):
    help = "Print the demo URL and the demo sign-ins (username, role, password)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demo-password", dest="demo_password", default="safeguard-demo")
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.SAFEGUARD_DEMO_MODE:
            raise CommandError(DEMO_MODE_OFF)
        password = options["demo_password"]
        existing = set(
            get_user_model()
            ._default_manager.filter(username__in=[login.username for login in DEMO_LOGINS])
            .values_list("username", flat=True)
        )
        width = max(len(login.username) for login in DEMO_LOGINS)
        role_width = max(len(login.role) for login in DEMO_LOGINS)
        self.stdout.write(f"\nSafeguard demo: {options['url']}\n")
        self.stdout.write(f"{'username':<{width}}  {'role':<{role_width}}  password")
        self.stdout.write(f"{'-' * width}  {'-' * role_width}  {'-' * max(8, len(password))}")
        for login in DEMO_LOGINS:
            self.stdout.write(f"{login.username:<{width}}  {login.role:<{role_width}}  {password}")
        missing = [login.username for login in DEMO_LOGINS if login.username not in existing]
        if missing:
            self.stdout.write(
                self.style.WARNING(
                    "Not created yet: " + ", ".join(missing) + " (run manage.py generate_demo)."
                )
            )
        self.stdout.write(
            "\nTwo-factor sign-in: add this secret to any authenticator app (TOTP, 6 digits, "
            f"30 s):\n  {DEMO_TOTP_SECRET}\nor print the current code with "
            "`.venv/bin/python manage.py demo_code`.\n"
        )
