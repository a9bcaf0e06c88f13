"""Writes about access: break-glass grants and the alerts they raise."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.models import Allocation
from safeguard.common.errors import SafeguardError
from safeguard.organisation.models import Worker
from safeguard.people.models import Person

from .models import Alert, BreakGlassGrant
from .roles import worker_of

BREAK_GLASS_REASON_REQUIRED = (
    "Say why you need to see this record (at least 20 characters): your reason is recorded "
    "and sent to the child's team manager and the auditors."
)
BREAK_GLASS_NOT_ALLOWED = "Your role cannot use break-glass access."
MIN_REASON_LENGTH = 20


def break_glass_grant(
    *, user: Any, child: Person, reason: str, request: HttpRequest | None = None
) -> BreakGlassGrant:
    """Give `user` time-limited access to a record outside their need to know, for a stated
    reason; record it and alert the child's team manager and every auditor."""
    reason = reason.strip()
    if not user.has_perm("child.break_glass"):
        raise SafeguardError(BREAK_GLASS_NOT_ALLOWED, code="break_glass_not_allowed")
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
                recipient=recipient, kind="break_glass", message=message[:300], child=child
            )
    return grant


def _break_glass_recipients(child: Person) -> list[Any]:
    allocation = (
        Allocation.objects.select_related("team__manager__user")
        .filter(child=child, end_date__isnull=True)
        .first()
    )
    users = []
    if allocation and allocation.team.manager and allocation.team.manager.user:
        users.append(allocation.team.manager.user)
    auditor_ids = Worker.objects.filter(
        role=Worker.Role.AUDITOR, left_on__isnull=True, user__isnull=False
    ).values_list("user_id", flat=True)
    users.extend(get_user_model().objects.filter(pk__in=auditor_ids, is_active=True))
    return list({u.pk: u for u in users}.values())
