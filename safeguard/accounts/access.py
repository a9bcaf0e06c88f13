"""Every view is protected unless it says otherwise: the middleware refuses any request that
is not from a signed-in, two-factor-verified, active user, except to views marked `public`.
A view also declares the named permission it checks (`requires`), which the access-matrix
test reads from the URL configuration."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from safeguard.access.permissions import allowed

View = TypeVar("View", bound=Callable[..., HttpResponse])


def public(view: View) -> View:
    """Open to anyone, signed in or not (sign-in pages, health check)."""
    view.safeguard_public = True  # type: ignore[attr-defined]
    view.safeguard_permission = None  # type: ignore[attr-defined]
    return view


def requires(permission: str) -> Callable[[View], View]:
    """The view needs `permission` (a named rule in access.permissions), checked without an
    object here; object-level checks (a child) are made by the selector the view calls."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not allowed(request.user, permission):
                raise PermissionDenied(permission)
            return view(request, *args, **kwargs)

        wrapped.safeguard_permission = permission  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def signed_in_user(request: HttpRequest) -> User:
    """The user behind a request to a protected view. The middleware lets no one else reach
    one, so this mostly tells the type checker; a request that somehow arrives anonymous is
    refused rather than recorded against nobody."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied("signed_in")
    return user


def signed_in_only(view: View) -> View:
    """Any verified user may use it (e.g. the home page that routes them on)."""
    view.safeguard_permission = "signed_in"  # type: ignore[attr-defined]
    return view
