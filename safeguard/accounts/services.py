"""Accounts: signing in with two factors, and disabling an account."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record

# Accounts made by generate_demo belong to this group; outside demo mode they cannot sign in.
DEMO_ACCOUNTS_GROUP = "Demo accounts"


def is_demo_account(user: Any) -> bool:
    return bool(user.groups.filter(name=DEMO_ACCOUNTS_GROUP).exists())


def totp_device_for(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def account_disable(*, user: Any, disabled_by: Any, request: HttpRequest | None = None) -> None:
    """Disable an account and end every session it has, so it stops working at its next
    request even where a session cookie is still held."""
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
                session.delete()
        audit_record(
            action=Action.UPDATE,
            actor=disabled_by,
            request=request,
            object_type="auth.user",
            object_id=user.pk,
            details={"change": "account disabled"},
        )
