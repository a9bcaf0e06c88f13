"""Accounts: signing in with two factors, and every change an administrator makes to an
account, its sessions, its two-factor devices and its lockouts.

Each change goes through one function here, which validates it, saves it and writes the audit
entry (naming the fields changed, old and new where neither secret nor personal) in one
transaction. No one changes their own access: an administrator's change to their own staff or
superuser flag or their own two-factor devices is refused, and the refusal is audited.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, NoReturn

from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.common.errors import SafeguardError
from safeguard.common.types import AnyUser

from .changes import CHANGED, field_changes
from .models import SessionEpoch

# Accounts made by generate_demo belong to this group; outside demo mode they cannot sign in.
DEMO_ACCOUNTS_GROUP = "Demo accounts"

USER = "auth.user"
DEVICE = "otp_totp.totpdevice"
LOCKOUT = "axes.accessattempt"

OWN_ACCESS_REFUSED = (
    "You cannot change {what}: ask another system administrator. No one changes their own "
    "access, so that every change to it is made, and seen, by someone else."
)
USERNAME_REQUIRED = "Enter a username"
USERNAME_TAKEN = "The username {username!r} is already taken: choose another"
NOT_CHANGED_HERE = (
    "{field} cannot be changed here: the superuser flag, groups and model permissions grant "
    "nothing in Safeguard (a worker's role does)"
)
DEVICE_NAME_REQUIRED = "Enter a name for the device, like 'Work phone'"

# What an administrator may change on an account through `account_update`.
ACCOUNT_FIELDS = frozenset(
    {"username", "first_name", "last_name", "email", "is_active", "is_staff"}
)
# Written to the audit trail only as "changed": a person's name and email are not kept there.
PERSONAL_FIELDS = ("first_name", "last_name", "email")
# Flags that open the admin (staff) or that Django treats as above every check (superuser):
# never changed by the account's own holder.
OWN_FLAGS = frozenset({"is_staff", "is_superuser"})


class OwnAccessChangeRefused(SafeguardError):
    """An administrator tried to change their own access."""


def own_access_change_refuse(
    *,
    actor: AnyUser | None,
    what: str,
    object_type: str,
    object_id: object,
    fields: Iterable[str],
    request: HttpRequest | None = None,
) -> NoReturn:
    """Record the refusal in the audit trail and raise it. Call it before any write, outside
    a transaction that the refusal will roll back, so the entry stays."""
    audit_record(
        action=Action.REFUSED,
        actor=actor,
        request=request,
        object_type=object_type,
        object_id=object_id,
        details={"refused": "own access", "fields": sorted(fields)},
    )
    raise OwnAccessChangeRefused(OWN_ACCESS_REFUSED.format(what=what), code="own_access")


def is_demo_account(user: User) -> bool:
    return bool(user.groups.filter(name=DEMO_ACCOUNTS_GROUP).exists())


def totp_device_for(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def totp_seconds_to_wait(device: TOTPDevice) -> int:
    """How long before the device checks another code: after each wrong code django-otp
    refuses every code, even a correct one, for 1, 2, 4, 8... seconds (its throttling)."""
    allowed, details = device.verify_is_allowed()
    if allowed or not details or "locked_until" not in details:
        return 0
    locked_until: datetime = details["locked_until"]
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))


# --- Sessions ---------------------------------------------------------------------------------

# The generation a session was signed in at (SessionEpoch): SessionSecurityMiddleware ends any
# session whose generation is not the account's current one.
EPOCH_SESSION_KEY = "safeguard_session_epoch"


def session_epoch_of(user: User) -> int:
    epoch = SessionEpoch.objects.filter(user_id=user.pk).values_list("epoch", flat=True).first()
    return epoch or 0


def session_epoch_stamp(request: HttpRequest, user: User) -> None:
    """Mark a session just signed in with the account's current generation."""
    request.session[EPOCH_SESSION_KEY] = session_epoch_of(user)


def sessions_end(*, user: User) -> None:
    """End every session the account holds, at its next request, wherever it is: one write,
    however many sessions there are."""
    now = timezone.now()
    _, created = SessionEpoch.objects.get_or_create(
        user_id=user.pk, defaults={"epoch": 1, "ended_at": now}
    )
    if not created:
        SessionEpoch.objects.filter(user_id=user.pk).update(epoch=F("epoch") + 1, ended_at=now)


# --- Accounts ---------------------------------------------------------------------------------


def account_change_check(
    *,
    actor: AnyUser | None,
    user: User,
    changes: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> None:
    """Refuse (and audit) a change to one's own staff or superuser flag."""
    own = OWN_FLAGS.intersection(changes)
    if user.pk is not None and user.pk == getattr(actor, "pk", None) and own:
        own_access_change_refuse(
            actor=actor,
            what="your own staff or superuser flag",
            object_type=USER,
            object_id=user.pk,
            fields=own,
            request=request,
        )


def _username_check(username: str, *, exclude_pk: int | None = None) -> str:
    username = username.strip()
    if not username:
        raise SafeguardError(USERNAME_REQUIRED, fields=("username",), code="username_required")
    taken = get_user_model().objects.filter(username__iexact=username)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise SafeguardError(
            USERNAME_TAKEN.format(username=username), fields=("username",), code="username_taken"
        )
    return username


def account_create(
    *,
    username: str,
    actor: AnyUser | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    password: str | None = None,
    is_staff: bool = False,
    request: HttpRequest | None = None,
) -> User:
    """Open an account. Without a password it cannot sign in until one is set (and a
    two-factor device enrolled)."""
    username = _username_check(username)
    user = get_user_model()(
        username=username, first_name=first_name, last_name=last_name, email=email
    )
    user.is_staff = is_staff
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    with transaction.atomic():
        user.save()
        fields = field_changes(
            None,
            {
                "username": username,
                "first_name": first_name,
                "last_name": last_name,
                "email": email,
                "is_staff": is_staff,
            },
            undisclosed=PERSONAL_FIELDS,
        )
        fields["password"] = CHANGED if password is not None else "none"
        audit_record(
            action=Action.CREATE,
            actor=actor,
            request=request,
            object_type=USER,
            object_id=user.pk,
            details={"fields": fields},
        )
    return user


def account_update(
    *,
    user: User,
    changes: Mapping[str, Any],
    actor: AnyUser | None,
    request: HttpRequest | None = None,
) -> User:
    """Change an account's username, name, email, staff flag or whether it is active.
    Disabling or re-enabling it ends every session it holds (`sessions_end`)."""
    for field in changes:
        if field not in ACCOUNT_FIELDS:
            raise SafeguardError(
                NOT_CHANGED_HERE.format(field=field), fields=(field,), code="not_changed_here"
            )
    account_change_check(actor=actor, user=user, changes=changes, request=request)
    changes = dict(changes)
    if "username" in changes:
        changes["username"] = _username_check(changes["username"], exclude_pk=user.pk)
    fields = field_changes(user, changes, undisclosed=PERSONAL_FIELDS)
    if not fields:
        return user
    with transaction.atomic():
        for field in fields:
            setattr(user, field, changes[field])
        user.save(update_fields=list(fields))
        if "is_active" in fields:
            sessions_end(user=user)
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            request=request,
            object_type=USER,
            object_id=user.pk,
            details={"fields": fields},
        )
    return user


def account_set_password(
    *, user: User, password: str | None, actor: AnyUser | None, request: HttpRequest | None = None
) -> None:
    """Set an account's password (None: no password, so it cannot sign in). Every other
    session of the account ends, as Django ties a session to the password; one's own
    current session carries on."""
    if password is not None:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    with transaction.atomic():
        user.save(update_fields=["password"])
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            request=request,
            object_type=USER,
            object_id=user.pk,
            details={"fields": {"password": CHANGED if password is not None else "removed"}},
        )
    if request is not None and user.pk == getattr(actor, "pk", None):
        update_session_auth_hash(request, user)


def account_disable(
    *, user: User, disabled_by: AnyUser | None, request: HttpRequest | None = None, reason: str = ""
) -> None:
    """Disable an account and end every session it has, so it stops working at its next
    request even where a session cookie is still held. Already disabled: nothing changes."""
    if not user.is_active:
        return
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        sessions_end(user=user)
        audit_record(
            action=Action.UPDATE,
            actor=disabled_by,
            request=request,
            object_type=USER,
            object_id=user.pk,
            reason=reason,
            details={"fields": {"is_active": {"from": True, "to": False}}},
        )


def account_enable(
    *, user: User, enabled_by: AnyUser | None, request: HttpRequest | None = None
) -> None:
    """Let a disabled account sign in again. Sessions it held before stay ended, however it
    was disabled: the account signs in afresh."""
    if user.is_active:
        return
    with transaction.atomic():
        user.is_active = True
        user.save(update_fields=["is_active"])
        sessions_end(user=user)
        audit_record(
            action=Action.UPDATE,
            actor=enabled_by,
            request=request,
            object_type=USER,
            object_id=user.pk,
            details={"fields": {"is_active": {"from": False, "to": True}}},
        )


# --- Two-factor devices -----------------------------------------------------------------------


def totp_device_change_check(
    *,
    actor: AnyUser | None,
    owner: User | None,
    device_id: object = "",
    request: HttpRequest | None = None,
) -> None:
    """Refuse (and audit) a change to one's own two-factor devices: someone who could enrol
    a second device on their own account would need no one to share it with."""
    if owner is not None and owner.pk == getattr(actor, "pk", None):
        own_access_change_refuse(
            actor=actor,
            what="your own two-factor devices",
            object_type=DEVICE,
            object_id=device_id,
            fields=("device",),
            request=request,
        )


def totp_device_enrol(
    *, user: User, name: str, actor: AnyUser | None, request: HttpRequest | None = None
) -> TOTPDevice:
    """Give an account a new authenticator-app device with a fresh random key. The key is for
    the person to scan once, now; it is never shown again nor written to the audit trail."""
    totp_device_change_check(actor=actor, owner=user, request=request)
    name = name.strip()
    if not name:
        raise SafeguardError(DEVICE_NAME_REQUIRED, fields=("name",), code="device_name_required")
    device = TOTPDevice(user=user, name=name[:64], confirmed=True)
    with transaction.atomic():
        device.save()
        audit_record(
            action=Action.CREATE,
            actor=actor,
            request=request,
            object_type=DEVICE,
            object_id=device.pk,
            details={"user": user.pk, "fields": {"name": CHANGED, "confirmed": True}},
        )
    return device


DEVICE_FIELDS = frozenset({"name", "confirmed"})


def totp_device_update(
    *,
    device: TOTPDevice,
    changes: Mapping[str, Any],
    actor: AnyUser | None,
    request: HttpRequest | None = None,
) -> TOTPDevice:
    """Rename a device, or stop it (unconfirmed) or start it being accepted at sign-in."""
    for field in changes:
        if field not in DEVICE_FIELDS:
            raise SafeguardError(
                NOT_CHANGED_HERE.format(field=field), fields=(field,), code="not_changed_here"
            )
    totp_device_change_check(actor=actor, owner=device.user, device_id=device.pk, request=request)
    # A device's name may be a person's ("Sam's phone"): named as changed, not written.
    fields = field_changes(device, changes, undisclosed=("name",))
    if not fields:
        return device
    with transaction.atomic():
        for field in fields:
            setattr(device, field, changes[field])
        device.save(update_fields=list(fields))
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            request=request,
            object_type=DEVICE,
            object_id=device.pk,
            details={"user": device.user_id, "fields": fields},
        )
    return device


def totp_device_delete(
    *, device: TOTPDevice, actor: AnyUser | None, request: HttpRequest | None = None
) -> None:
    """Remove a device (a lost phone): a session verified with it stops at its next request."""
    totp_device_change_check(actor=actor, owner=device.user, device_id=device.pk, request=request)
    with transaction.atomic():
        audit_record(
            action=Action.DELETE,
            actor=actor,
            request=request,
            object_type=DEVICE,
            object_id=device.pk,
            details={"user": device.user_id},
        )
        device.delete()


# --- Lockouts ---------------------------------------------------------------------------------


def lockout_clear(
    *, attempt: Any, actor: AnyUser | None, request: HttpRequest | None = None
) -> None:
    """Unlock an account or address locked out after failed sign-ins (django-axes)."""
    with transaction.atomic():
        audit_record(
            action=Action.DELETE,
            actor=actor,
            request=request,
            object_type=LOCKOUT,
            object_id=attempt.pk,
            details={"username": attempt.username, "failures": attempt.failures_since_start},
        )
        attempt.delete()
