"""Partner organisations, their users and their API tokens."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Authority, Worker

from ..models import PartnerOrganisation, PartnerToken, PartnerUser
from ..tokens import token_generate, token_hash, token_visible_part

__all__ = [
    "DEFAULT_TOKEN_DAYS",
    "MAX_TOKEN_DAYS",
    "IssuedToken",
    "partner_organisation_get_or_create",
    "partner_organisation_set_active",
    "partner_token_authenticate",
    "partner_token_create",
    "partner_token_revoke",
    "partner_user_add",
]

DEFAULT_TOKEN_DAYS = 90
# A token lives a year at most: a forgotten integration stops rather than runs for ever.
MAX_TOKEN_DAYS = 366
UNKNOWN_SCOPE = "Unknown scope {scope!r}: choose from {choices}"
NO_SCOPES = "A token needs at least one scope"
EXPIRY_IN_PAST = "A token must expire in the future"
EXPIRY_TOO_LATE = f"A token may last at most {MAX_TOKEN_DAYS} days"
KIND_CHANGED = "{name} is already registered as {kind}; give that kind or another name"
ALREADY_REVOKED = "This token was already revoked"
WORKER_CANNOT_BE_PARTNER = (
    "This account belongs to a member of children's social care staff: give the partner "
    "user an account of their own"
)


@dataclass(frozen=True)
class IssuedToken:
    """A new token: `secret` is shown once and never stored."""

    token: PartnerToken
    secret: str


def partner_organisation_get_or_create(
    *, authority: Authority, name: str, kind: str, actor: AnyUser | None = None
) -> tuple[PartnerOrganisation, bool]:
    """The organisation called `name` in the authority, created if it is new."""
    name = " ".join(name.split())
    existing = PartnerOrganisation.objects.filter(authority=authority, name=name).first()
    if existing is not None:
        if existing.kind != kind:
            raise ValidationError(
                KIND_CHANGED.format(name=name, kind=existing.get_kind_display()), code="kind"
            )
        return existing, False
    organisation = PartnerOrganisation(authority=authority, name=name, kind=kind)
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        audit_record(
            action=Action.CREATE,
            actor=actor,
            object_type="agencies.partnerorganisation",
            object_id=organisation.pk,
            details={"kind": kind},
        )
    return organisation, True


def partner_token_create(
    *,
    organisation: PartnerOrganisation,
    scopes: Iterable[str],
    expires_at: datetime | None = None,
    label: str = "",
    actor: AnyUser | None = None,
) -> IssuedToken:
    """Issue a token for the organisation; only its hash is stored."""
    scopes = sorted(set(scopes))
    choices = ", ".join(PartnerToken.Scope.values)
    if not scopes:
        raise ValidationError(NO_SCOPES, code="scopes")
    for scope in scopes:
        if scope not in PartnerToken.Scope.values:
            raise ValidationError(UNKNOWN_SCOPE.format(scope=scope, choices=choices), code="scopes")
    now = timezone.now()
    expires_at = expires_at or now + timedelta(days=DEFAULT_TOKEN_DAYS)
    if expires_at <= now:
        raise ValidationError(EXPIRY_IN_PAST, code="expires_at")
    if expires_at > now + timedelta(days=MAX_TOKEN_DAYS):
        raise ValidationError(EXPIRY_TOO_LATE, code="expires_at")
    secret = token_generate()
    token = PartnerToken(
        organisation=organisation,
        label=label[:100],
        prefix=token_visible_part(secret),
        key_hash=token_hash(secret),
        scopes=scopes,
        expires_at=expires_at,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    token.full_clean()
    with transaction.atomic():
        token.save()
        audit_record(
            action=Action.CREATE,
            actor=actor,
            object_type="agencies.partnertoken",
            object_id=token.pk,
            details={
                "organisation": organisation.pk,
                "scopes": scopes,
                "expires_at": expires_at.isoformat(),
            },
        )
    return IssuedToken(token=token, secret=secret)


def partner_organisation_set_active(
    *,
    organisation: PartnerOrganisation,
    active: bool,
    actor: AnyUser | None = None,
    request: HttpRequest | None = None,
) -> bool:
    """Stop (or restart) an organisation's access: while it is inactive its tokens are
    refused and its users can neither check nor refer (access.permissions asks the flag on
    every request). Returns whether anything changed; a change is audited."""
    with transaction.atomic():
        locked = PartnerOrganisation.objects.select_for_update().get(pk=organisation.pk)
        if locked.is_active == active:
            return False
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            request=request,
            object_type="agencies.partnerorganisation",
            object_id=locked.pk,
            details={"fields": {"is_active": [not active, active]}},
        )
    organisation.is_active = active
    return True


def partner_token_revoke(*, token: PartnerToken, actor: AnyUser | None = None) -> PartnerToken:
    if token.revoked_at is not None:
        raise ValidationError(ALREADY_REVOKED, code="revoked")
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            object_type="agencies.partnertoken",
            object_id=token.pk,
            details={"revoked": True, "organisation": token.organisation_id},
        )
    return token


def partner_token_authenticate(secret: str) -> PartnerToken | None:
    """The live token with this secret, or None (unknown, revoked, expired, or its
    organisation no longer active). Only the hash is looked up."""
    if not secret or len(secret) > 200:
        return None
    now = timezone.now()
    token = (
        PartnerToken.objects.select_related("organisation__authority")
        .filter(
            key_hash=token_hash(secret),
            revoked_at__isnull=True,
            expires_at__gt=now,
            organisation__is_active=True,
        )
        .first()
    )
    if token is not None and (
        token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1)
    ):
        # Written at most once a minute: enough to see a token in use without a write on
        # every call of a busy integration.
        PartnerToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def partner_user_add(
    *,
    user: User,
    organisation: PartnerOrganisation,
    may_check: bool = False,
    actor: AnyUser | None = None,
    request: HttpRequest | None = None,
) -> PartnerUser:
    """Make `user` a member of a partner organisation (they hold no social-care role)."""
    if Worker.objects.filter(user=user).exists():
        # One account, one side of the line: a social-care worker is not also a partner.
        raise ValidationError(WORKER_CANNOT_BE_PARTNER, code="user")
    membership = PartnerUser(user=user, organisation=organisation, may_check=may_check)
    membership.full_clean()
    with transaction.atomic():
        membership.save()
        audit_record(
            action=Action.CREATE,
            actor=actor,
            request=request,
            object_type="agencies.partneruser",
            object_id=membership.pk,
            details={"organisation": organisation.pk, "may_check": may_check},
        )
    return membership
