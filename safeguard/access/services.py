"""Writes about access: break-glass grants and the alerts they raise; restricting a record
and lifting the restriction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.common.errors import SafeguardError
from safeguard.organisation.models import Worker, in_post_q
from safeguard.people.models import Person

from .alerts import auditor_users
from .models import Alert, BreakGlassGrant, RestrictedRecord
from .permissions import allowed
from .queries import restricted_from
from .reasons import case_holders_of
from .roles import PRACTITIONER_ROLES, Role, role_of, worker_of

BREAK_GLASS_REASON_REQUIRED = (
    "Say why you need to see this record (at least 20 characters): your reason is recorded "
    "and sent to the child's team manager and the auditors."
)
BREAK_GLASS_NOT_ALLOWED = "Your role cannot use break-glass access."
BREAK_GLASS_RESTRICTED = (
    "This record is restricted: break-glass cannot open it. Ask a manager named on it."
)
MIN_REASON_LENGTH = 20
# The roles `child.break_glass` allows (access.permissions).
BREAK_GLASS_ROLES = PRACTITIONER_ROLES | {Role.AUDITOR}


def break_glass_grant(
    *, user: User, child: Person, reason: str, request: HttpRequest | None = None
) -> BreakGlassGrant:
    """Give `user` time-limited access to a record outside their need to know, for a stated
    reason; record it and alert the child's team manager and every auditor."""
    reason = reason.strip()
    # Asked of the role, never of has_perm: Django answers "yes" to any superuser, and a
    # system administrator is above no rule (they manage accounts, not children's records).
    if role_of(user) not in BREAK_GLASS_ROLES:
        raise SafeguardError(BREAK_GLASS_NOT_ALLOWED, code="break_glass_not_allowed")
    # A restricted record (a child related to a member of staff) is opened by its named
    # people only: a stated reason is not enough.
    if restricted_from(user, child.pk):
        raise SafeguardError(BREAK_GLASS_RESTRICTED, code="break_glass_restricted")
    if len(reason) < MIN_REASON_LENGTH:
        raise SafeguardError(
            BREAK_GLASS_REASON_REQUIRED, fields=("reason",), code="break_glass_reason_required"
        )
    now = timezone.now()
    hours = int(getattr(settings, "SAFEGUARD_BREAK_GLASS_HOURS", 4))
    with transaction.atomic():
        grant = BreakGlassGrant.objects.create(
            user=user,
            child=child,
            reason=reason,
            granted_at=now,
            expires_at=now + timedelta(hours=hours),
        )
        audit_record(
            action=Action.BREAK_GLASS,
            actor=user,
            request=request,
            object_type="people.person",
            object_id=child.pk,
            child_id=child.pk,
            reason=reason,
        )
        who = worker_of(user)
        name = who.full_name if who else user.get_username()
        message = (
            f"{name} used break-glass access to a child's record "
            f"(id {child.la_child_id or child.pk}) at {timezone.localtime(now):%H:%M on %d %B %Y}. "
            "Review the reason in the audit trail."
        )
        for recipient in _break_glass_recipients(child):
            Alert.objects.create(
                recipient_id=recipient, kind="break_glass", message=message[:300], child=child
            )
    return grant


def _break_glass_recipients(child: Person) -> list[int]:
    """The accounts to alert: the allocated team's manager and every auditor, each once."""
    manager = case_holders_of(child.pk).team_manager_user_id
    users = [manager] if manager is not None else []
    users.extend(auditor_users().values_list("pk", flat=True))
    return list(dict.fromkeys(users))


# --- Restricted records ------------------------------------------------------------------------

RESTRICTION_NOT_ALLOWED = (
    "Only a team manager or head of service who can see this record can restrict it or lift "
    "its restriction."
)
RESTRICTION_REASON_REQUIRED = "Enter why this record must be restricted"
RESTRICTION_LIFT_REASON_REQUIRED = "Enter why the restriction is being lifted"
ALREADY_RESTRICTED = "This record is already restricted"
NOT_RESTRICTED = "This record is not restricted"
NAMED_USER_INVALID = "Name only practitioners of this council who are still in post and can sign in"


def restricted_record_create(
    *,
    user: User,
    child: Person,
    reason: str,
    named_users: Iterable[User] = (),
    request: HttpRequest | None = None,
) -> RestrictedRecord:
    """Restrict a child's record to the people named on it, whatever the allocation (a child
    related to a member of staff: UK GDPR Art. 5(1)(f), access limited to those who need
    it). The manager restricting it is always named, so the record is never left with no
    one able to open it. Audited with the reason and the people named."""
    reason = reason.strip()
    if not allowed(user, "record.restrict", child):
        raise SafeguardError(RESTRICTION_NOT_ALLOWED, code="restriction_not_allowed")
    if not reason:
        raise SafeguardError(
            RESTRICTION_REASON_REQUIRED, fields=("reason",), code="restriction_reason_required"
        )
    manager = worker_of(user)
    assert manager is not None  # record.restrict needs a manager's worker record
    named = {u.pk: u for u in named_users}
    named[user.pk] = user
    eligible = set(
        Worker.objects.filter(
            in_post_q(),
            authority_id=manager.authority_id,
            user_id__in=list(named),
            user__is_active=True,
            role__in=PRACTITIONER_ROLES,
        ).values_list("user_id", flat=True)
    )
    if set(named) - eligible:
        raise SafeguardError(
            NAMED_USER_INVALID, fields=("named_users",), code="restriction_named_user_invalid"
        )
    try:
        with transaction.atomic():
            restriction = RestrictedRecord.objects.create(child=child, reason=reason)
            restriction.named_users.set(sorted(named))
            audit_record(
                action=Action.CREATE,
                actor=user,
                request=request,
                object_type="access.restrictedrecord",
                object_id=restriction.pk,
                child_id=child.pk,
                reason=reason,
                details={"named_users": sorted(named)},
            )
    except IntegrityError:
        # One restriction per child (a one-to-one row): restricted already, perhaps a moment
        # ago by another manager.
        raise SafeguardError(ALREADY_RESTRICTED, code="already_restricted") from None
    return restriction


def restricted_record_lift(
    *, user: User, child: Person, reason: str, request: HttpRequest | None = None
) -> None:
    """Lift a record's restriction: from now on need to know decides who sees it. The
    restriction's history (since when, why, who was named) is kept in the audit entry written
    with the reason for lifting it, in the same transaction as the row is deleted."""
    reason = reason.strip()
    if not allowed(user, "record.restrict", child):
        raise SafeguardError(RESTRICTION_NOT_ALLOWED, code="restriction_not_allowed")
    if not reason:
        raise SafeguardError(
            RESTRICTION_LIFT_REASON_REQUIRED,
            fields=("reason",),
            code="restriction_lift_reason_required",
        )
    with transaction.atomic():
        restriction = RestrictedRecord.objects.select_for_update().filter(child=child).first()
        if restriction is None:
            raise SafeguardError(NOT_RESTRICTED, code="not_restricted")
        audit_record(
            action=Action.DELETE,
            actor=user,
            request=request,
            object_type="access.restrictedrecord",
            object_id=restriction.pk,
            child_id=child.pk,
            reason=reason,
            details={
                "restricted_at": restriction.created_at.isoformat(),
                "restriction_reason": restriction.reason,
                "named_users": sorted(restriction.named_users.values_list("pk", flat=True)),
            },
        )
        restriction.delete()
