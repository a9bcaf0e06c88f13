"""Alerts to the auditors: things someone independent must look at (a role changed, a burst
of refused requests, break-glass). An alert carries no case content; the audit trail holds
the detail and the alert says where to look."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import QuerySet

from safeguard.organisation.models import Worker, in_post_q

from .models import Alert


def auditor_users() -> QuerySet[User]:
    """Every active account whose worker record is an auditor still in post."""
    auditor_ids = Worker.objects.filter(
        in_post_q(), role=Worker.Role.AUDITOR, user__isnull=False
    ).values_list("user_id", flat=True)
    return get_user_model().objects.filter(pk__in=auditor_ids, is_active=True)


def alert_auditors(*, kind: str, message: str, child: Any = None) -> int:
    """Alert every auditor; returns how many were alerted. Called inside the caller's
    transaction, so an alert exists only if the change it reports was saved."""
    alerts = [
        Alert(recipient=user, kind=kind, message=message[:300], child=child)
        for user in auditor_users()
    ]
    Alert.objects.bulk_create(alerts)
    return len(alerts)
