"""Refusals: a record outside need to know (404) or a page the role may not open (403).

Each is an audit entry (`Action.REFUSED`) naming the status, the path, the view and the
permission refused, never anything of the record itself: the 404 that keeps a record's
existence from leaking must not leak it into the trail either, and a path holds ids only (the
query string, which can hold search terms, is left out). A burst of refusals by one person
(`SAFEGUARD_REFUSAL_BURST_COUNT` within `SAFEGUARD_REFUSAL_BURST_MINUTES`) is the shape of a
curious insider walking record numbers, so it alerts the auditors, once per burst.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.selectors import refusals_recent
from safeguard.audit.services import audit_lock, audit_record

from .alerts import alert_auditors

BURST_ALERT = (
    "{username} was refused {count} times in {minutes} minutes, most recently {status} on "
    "{path}. Check in the audit trail what they asked for, and why."
)
PATH_KEPT = 200


def _burst_starts(user: User, *, window_minutes: int, threshold: int) -> tuple[bool, int]:
    """Whether the refusal about to be recorded makes a burst that no refusal in the window
    has alerted yet; and how many refusals the window then holds."""
    since = timezone.now() - timedelta(minutes=window_minutes)
    recent = refusals_recent(actor_id=user.pk, since=since)
    count = recent.count + 1
    return count >= threshold and not recent.burst_marked, count


def refusal_record(
    *,
    user: User,
    request: HttpRequest | None,
    status: int,
    view: str = "",
    permission: str = "",
    child_id: int | None = None,
) -> bool:
    """Record that a signed-in `user` was refused, and alert the auditors if this refusal
    starts a burst. Returns whether it did.

    A burst is marked on the refusal that starts it (`details.burst`), so further refusals
    within the window see the mark and alert no one again; once the window has moved past
    the mark, a run of refusals that is still going is a new burst and alerts again. The
    count and the append happen under the chain's lock, so two refusals at once cannot both
    start the same burst."""
    threshold = settings.SAFEGUARD_REFUSAL_BURST_COUNT
    minutes = settings.SAFEGUARD_REFUSAL_BURST_MINUTES
    path = request.path[:PATH_KEPT] if request is not None else ""
    details: dict[str, Any] = {"status": status, "path": path, "view": view}
    if permission:
        details["permission"] = permission
    with audit_lock():
        burst, count = _burst_starts(user, window_minutes=minutes, threshold=threshold)
        if burst:
            details["burst"] = True
        audit_record(
            action=Action.REFUSED,
            actor=user,
            request=request,
            child_id=child_id,
            details=details,
        )
        if burst:
            alert_auditors(
                kind="refusal_burst",
                message=BURST_ALERT.format(
                    username=user.get_username(),
                    count=count,
                    minutes=minutes,
                    status=status,
                    path=path[:100],
                ),
            )
    return burst
