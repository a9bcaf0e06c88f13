"""What the demo's tests share: an authority generated once for a test module (rolled back
at its end), and signing in as one of the demo's accounts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


@contextmanager
def generated_authority(django_db_blocker: Any, *, seed: int, as_of: date) -> Iterator[None]:
    """A scale-0.01 demo authority for the module's tests, gone when they are done."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command(
            "generate_demo", scale="0.01", seed=seed, as_of=as_of.isoformat(),
            demo_password="a-long-demo-password", verbosity=0,
        )  # fmt: skip
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_account(client: Client) -> Callable[[str], Client]:
    """Sign in as a demo account, as its two-factor sign-in would."""

    def _sign_in(username: str) -> Client:
        device = TOTPDevice.objects.filter(user__username=username).select_related("user").first()
        assert device is not None, f"{username} has no two-factor device"
        client.force_login(device.user, backend="safeguard.accounts.backends.AccountBackend")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return _sign_in
