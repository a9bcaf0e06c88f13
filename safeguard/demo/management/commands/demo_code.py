"""manage.py demo_code: the demo accounts' current security code, for a demo without a phone."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from safeguard.demo.trail import demo_totp_key_hex

DEMO_MODE_OFF = "Demo codes exist only in demo mode: set SAFEGUARD_DEMO_MODE=true."


class Command(BaseCommand):
    help = "Print the current 6-digit security code shared by the demo accounts."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.SAFEGUARD_DEMO_MODE:
            raise CommandError(DEMO_MODE_OFF)
        code = totp(bytes.fromhex(demo_totp_key_hex()), step=30, t0=0, digits=6)
        left = 30 - int(time.time()) % 30
        self.stdout.write(f"{code:06d}  (valid for about {left} more seconds)")
