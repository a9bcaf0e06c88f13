"""The timeout warning every signed-in page carries (templates/includes/timeout_warning.html)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from safeguard.common.reversing import url_for

from ..middleware import session_seconds_left

register = template.Library()


@register.inclusion_tag("includes/timeout_warning.html", takes_context=True)
def timeout_warning(context: template.Context) -> dict[str, Any]:
    """The dialog, told how long the session has left and how early to warn; nothing for
    someone not signed in."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return {"show": False}
    return {
        "show": True,
        "csrf_token": context.get("csrf_token"),
        "expires_in": session_seconds_left(request.session),
        "warn_before": settings.SAFEGUARD_SESSION_WARNING_SECONDS,
        "status_url": url_for("accounts:session_status"),
        "extend_url": url_for("accounts:session_extend"),
        "sign_out_url": url_for("accounts:sign_out"),
        "sign_in_url": url_for("accounts:sign_in"),
    }
