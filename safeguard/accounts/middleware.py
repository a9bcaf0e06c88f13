"""Session rules: two-factor sign-in for every page, idle and absolute timeouts, sessions
ended when their account is disabled, and no caching of anything a signed-in user sees.

What these checks read (the account's session generation, its two-factor device) comes with
the account itself (`accounts.backends.AccountBackend`): a signed-in request reads its session
and that one row, and checks them afresh every time."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from safeguard.common.types import AnyUser

from .backends import device_read, session_epoch_read
from .services import EPOCH_SESSION_KEY, session_epoch_of

IDLE_KEY = "safeguard_last_seen"
START_KEY = "safeguard_signed_in_at"
IDLE_WRITE_SECONDS = 60


class TwoFactorMiddleware(OTPMiddleware):  # type: ignore[misc]
    """django-otp's middleware (`request.user.otp_device`, `is_verified()`), without a query
    for the device in the common case: the session's device is the account's confirmed device
    read with the account this request (`backends.device_read`), which is exactly what
    django-otp checks (the device exists, is the account's, and is confirmed). Otherwise
    (another device, an account read another way) django-otp looks the device up itself."""

    def _verify_user_sync(self, request: HttpRequest, user: AnyUser) -> AnyUser:
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        if persistent_id is None or persistent_id != device_read(user):
            return super()._verify_user_sync(request, user)  # type: ignore[no-any-return]
        self._init_user_fields(user)
        # The device itself only if someone asks for it (nothing in Safeguard does).
        device = SimpleLazyObject(lambda: Device.from_persistent_id(persistent_id))
        user.otp_device = device  # type: ignore[union-attr]
        return user


def _session_epoch(user: AnyUser) -> int:
    read = session_epoch_read(user)
    return read if read is not None else session_epoch_of(user)  # type: ignore[arg-type]


class SessionSecurityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and request.session.get(EPOCH_SESSION_KEY, 0) != (
            _session_epoch(user)
        ):
            # Signed in before the account was disabled (or re-enabled): over, wherever it is.
            logout(request)
            return HttpResponseRedirect(reverse("accounts:sign_in"))
        if user.is_authenticated:
            now = time.time()
            last = request.session.get(IDLE_KEY, now)
            started = request.session.get(START_KEY, now)
            if (
                now - last > settings.SAFEGUARD_SESSION_IDLE_SECONDS
                or now - started > settings.SAFEGUARD_SESSION_ABSOLUTE_SECONDS
            ):
                logout(request)
                return HttpResponseRedirect(
                    reverse("accounts:sign_in") + "?" + urlencode({"timed_out": "1"})
                )
            # Written at most once a minute, not on every request: a request that writes the
            # session saves all of it, so a draft's autosave landing just after "Continue"
            # put back the session without the answers waiting on check-your-answers (and the
            # confirm found nothing). Idle sign-out comes up to a minute early at worst.
            if now - last >= IDLE_WRITE_SECONDS or IDLE_KEY not in request.session:
                request.session[IDLE_KEY] = now
            if START_KEY not in request.session:
                request.session[START_KEY] = now
        response = self.get_response(request)
        if request.user.is_authenticated:
            # Case pages must not stay in a shared computer's cache or history.
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private"
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], args: object, kwargs: object
    ) -> HttpResponse | None:
        if getattr(view, "safeguard_public", False) or request.path.startswith(
            settings.SAFEGUARD_UNPROTECTED_PREFIXES
        ):
            return None
        verified = getattr(request.user, "is_verified", lambda: False)()
        if request.user.is_authenticated and request.user.is_active and verified:
            return None
        return HttpResponseRedirect(
            reverse("accounts:sign_in") + "?" + urlencode({"next": request.get_full_path()})
        )
