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

from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Exists, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.access.roles import worker_remember
from safeguard.common.compiled import RunParam, values_rows
from safeguard.organisation.models import Authority, Team, Worker, in_post_q

from .models import SessionEpoch

# The backend a session is signed in with (settings.AUTHENTICATION_BACKENDS; tests' and
# benchmarks' force_login name it too).
ACCOUNT_BACKEND = "safeguard.accounts.backends.AccountBackend"

# Read with the account, kept on the account object for this request only (read back with
# getattr: request.user is a lazy wrapper that passes it on to the account).
EPOCH_READ = "_safeguard_session_epoch"
DEVICE_READ = "_safeguard_totp_device_id"
_IN_POST = "_safeguard_in_post"

M = TypeVar("M", bound=models.Model)


def session_epoch_read(user: Any) -> int | None:
    """The account's session generation as read with it this request (None: not read so)."""
    epoch: int | None = getattr(user, EPOCH_READ, None)
    return epoch


def device_read(user: Any) -> str | None:
    """The persistent id of the account's first confirmed device, as read with it this
    request ("otp_totp.totpdevice/12"), or None: no such device, or not read so."""
    device_id: int | None = getattr(user, DEVICE_READ, None)
    if device_id is None:
        return None
    return f"{TOTPDevice.model_label()}/{device_id}"


def _columns(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(model_field.attname for model_field in model._meta.concrete_fields)


_USER, _WORKER = _columns(get_user_model()), _columns(Worker)
_TEAM, _AUTHORITY = _columns(Team), _columns(Authority)
_RELATED = (("worker", _WORKER), ("worker__team", _TEAM), ("worker__authority", _AUTHORITY))


def _account_query() -> QuerySet[Any]:
    """The account (the id a parameter given at each run), its worker with their team and
    authority, its session generation, its first confirmed device and whether the worker is
    in post: one row."""
    first_device = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True).order_by("pk")
    epoch = SessionEpoch.objects.filter(user=OuterRef("pk")).values("epoch")[:1]
    rows: QuerySet[Any] = (
        get_user_model()
        ._default_manager.filter(pk=RunParam("user", models.IntegerField()))
        .annotate(
            **{
                EPOCH_READ: Coalesce(Subquery(epoch), Value(0)),
                DEVICE_READ: Subquery(first_device.values("pk")[:1]),
                # In post as organisation says (in_post_q), asked in the same query.
                _IN_POST: Exists(Worker.objects.filter(in_post_q(), user=OuterRef("pk"))),
            }
        )
        .values(
            *_USER,
            *(f"{path}__{column}" for path, columns in _RELATED for column in columns),
            EPOCH_READ,
            DEVICE_READ,
            _IN_POST,
        )
    )
    return rows


def _instance(model: type[M], row: dict[str, Any], columns: tuple[str, ...], path: str) -> M:
    prefix = f"{path}__" if path else ""
    return model.from_db(DEFAULT_DB_ALIAS, list(columns), [row[prefix + c] for c in columns])


class AccountBackend(ModelBackend):
    """Django's `ModelBackend` (sign-in by username and password, active accounts only), which
    loads a session's account with everything every request checks in the same query.

    Compiled once a day per thread (`common.compiled`: the day is in "in post"), the account's
    id given at each run: building and compiling a query of four tables and three subqueries
    took longer than the four queries it replaces."""

    def get_user(self, user_id: Any) -> User | None:
        key = ("account", timezone.localdate())
        rows = values_rows(key, _account_query, params={"user": user_id})
        if not rows:
            return None
        row = rows[0]
        user = _instance(get_user_model(), row, _USER, "")
        for name in (EPOCH_READ, DEVICE_READ):
            setattr(user, name, row[name])
        if not self.user_can_authenticate(user):
            return None
        worker = None
        if row["worker__id"] is not None:
            worker = _instance(Worker, row, _WORKER, "worker")
            if row["worker__team__id"] is not None:
                worker.team = _instance(Team, row, _TEAM, "worker__team")
            worker.authority = _instance(Authority, row, _AUTHORITY, "worker__authority")
            user.worker = worker  # the worker's user is the account, as select_related leaves it
        worker_remember(user, worker if row[_IN_POST] else None)
        return user
