"""Sign-in refusals, recorded from the authentication library's signals: the accounts app's
views are not where a failed password is decided (`authenticate` and django-axes decide it),
so the trail listens to what they announce. Connected in `AuditConfig.ready()`.

Neither entry has an actor (no one has signed in); the username tried is kept in `details`,
never the password (Django passes it already masked, and it is not read here).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .models import Action
from .services import AuditRecord, audit_append, request_origin

USERNAME_KEPT = 150


def _tried(username: Any) -> str:
    return str(username or "")[:USERNAME_KEPT]


def _record(action: str, request: HttpRequest | None, details: dict[str, Any]) -> None:
    # Appended with no actor even when a request has a signed-in user (the admin's own sign-in
    # page): the attempt is by whoever typed the username, not by the session.
    audit_append([AuditRecord(action=action, details=details, **request_origin(request))])


def sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """A wrong username or password at the password step (the security code step records its
    own failures). An attempt that meets a lockout (the one that starts it, or one made while
    it lasts) is marked `locked_out` here and recorded again as the lockout's refusal below."""
    details: dict[str, Any] = {"username": _tried(credentials.get("username")), "step": "password"}
    if request is not None and getattr(request, "axes_locked_out", False):
        details["locked_out"] = True
    _record(Action.SIGN_IN_FAILED, request, details)


def locked_out(
    sender: Any, request: HttpRequest | None = None, username: Any = None, **kwargs: Any
) -> None:
    """django-axes locked an account (or an address and browser) out after repeated failures,
    or refused another attempt while the lockout lasts."""
    _record(
        Action.REFUSED,
        request,
        {"username": _tried(username), "step": "password", "refused": "locked out"},
    )
