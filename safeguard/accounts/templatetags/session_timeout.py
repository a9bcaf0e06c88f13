"""The timeout warning every signed-in page carries (templates/includes/timeout_warning.html)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import escape
from django.utils.safestring import SafeString

from safeguard.common.reversing import url_for

from ..middleware import session_seconds_left

register = template.Library()


@lru_cache(maxsize=16)
def _warning_urls(prefix: str, urlconf: str) -> dict[str, SafeString]:
    """The dialog's four links, escaped as the template would: the same on every page, so
    worked out once per script prefix and URLconf."""
    return {
        "status_url": escape(url_for("accounts:session_status")),
        "extend_url": escape(url_for("accounts:session_extend")),
        "sign_out_url": escape(url_for("accounts:sign_out")),
        "sign_in_url": escape(url_for("accounts:sign_in")),
    }


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
        # Written as text: a number in a template is localized first, which costs more and,
        # without a thousands separator (settings), writes the same digits.
        "expires_in": str(session_seconds_left(request.session)),
        "warn_before": str(settings.SAFEGUARD_SESSION_WARNING_SECONDS),
        **_warning_urls(get_script_prefix(), str(get_urlconf() or settings.ROOT_URLCONF)),
    }
