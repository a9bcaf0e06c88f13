"""Signing in, and loading the signed-in account on each request in one query.

Every signed-in request needs the same facts: the account (active, its password unchanged),
its worker record in post (role and team: `access.roles.worker_of`), the account's session
generation (`SessionEpoch`: SessionSecurityMiddleware ends an older session) and which
two-factor device it can use (`TwoFactorMiddleware`). Django's `ModelBackend` reads the account
and leaves the rest to a query each; this backend reads them all with the account, exact as of
this request: nothing is remembered between requests, so a disabled account, a changed
password, a new session generation or a removed or stopped device ends the session at its very
next request, as before.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.access.roles import worker_remember
from safeguard.organisation.models import Worker, in_post_q

from .models import SessionEpoch

# The backend a session is signed in with (settings.AUTHENTICATION_BACKENDS; tests' and
# benchmarks' force_login name it too).
ACCOUNT_BACKEND = "safeguard.accounts.backends.AccountBackend"

# Read with the account, on the account object (its __dict__, as Django caches a related
# object), for this request only.
EPOCH_READ = "_safeguard_session_epoch"
DEVICE_READ = "_safeguard_totp_device_id"
_IN_POST = "_safeguard_in_post"


def session_epoch_read(user: Any) -> int | None:
    """The account's session generation as read with it this request (None: not read so)."""
    epoch: int | None = user.__dict__.get(EPOCH_READ)
    return epoch


def device_read(user: Any) -> str | None:
    """The persistent id of the account's first confirmed device, as read with it this
    request ("otp_totp.totpdevice/12"), or None: no such device, or not read so."""
    device_id: int | None = user.__dict__.get(DEVICE_READ)
    if device_id is None:
        return None
    return f"{TOTPDevice.model_label()}/{device_id}"


class AccountBackend(ModelBackend):
    """Django's `ModelBackend` (sign-in by username and password, active accounts only), which
    loads a session's account with everything every request checks in the same query."""

    def get_user(self, user_id: Any) -> User | None:
        first_device = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True).order_by(
            "pk"
        )
        epoch = SessionEpoch.objects.filter(user=OuterRef("pk")).values("epoch")[:1]
        user = (
            get_user_model()
            ._default_manager.select_related("worker__team", "worker__authority")
            .annotate(
                **{
                    EPOCH_READ: Coalesce(Subquery(epoch), Value(0)),
                    DEVICE_READ: Subquery(first_device.values("pk")[:1]),
                    # In post as organisation says (in_post_q), asked in the same query.
                    _IN_POST: Exists(Worker.objects.filter(in_post_q(), user=OuterRef("pk"))),
                }
            )
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        worker = getattr(user, "worker", None) if user.__dict__.pop(_IN_POST) else None
        worker_remember(user, worker)
        return user
