"""Session rules: two-factor sign-in for every page, idle and absolute timeouts, sessions
ended when their account is disabled, and no caching of anything a signed-in user sees.

Every signed-in response says how many seconds the session has left
(`Safeguard-Session-Expires-In`): the timeout warning (templates/includes/timeout_warning.html)
counts down from it, and starts again when a draft's autosave (typing) answers with a new
figure. A session that timed out sends the person to sign in with `next` set to the page they
were on, so signing back in returns them to it (and to its draft).

What these checks read (the account's session generation, its two-factor device) comes with
the account itself (`accounts.backends.AccountBackend`): a signed-in request reads its session
and that one row, and checks them afresh every time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import LazyObject, SimpleLazyObject, empty
from django.utils.http import http_date, url_has_allowed_host_and_scheme
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from safeguard.common.types import AnyUser

from .backends import device_read, session_epoch_read
from .services import EPOCH_SESSION_KEY, session_epoch_of

IDLE_KEY = "safeguard_last_seen"
START_KEY = "safeguard_signed_in_at"
IDLE_WRITE_SECONDS = 60
EXPIRES_IN_HEADER = "Safeguard-Session-Expires-In"


def session_seconds_left(session: SessionBase, now: float | None = None) -> int:
    """Whole seconds before the session ends, by the idle or the absolute limit."""
    now = time.time() if now is None else now
    idle_left = settings.SAFEGUARD_SESSION_IDLE_SECONDS - (now - session.get(IDLE_KEY, now))
    absolute_left = settings.SAFEGUARD_SESSION_ABSOLUTE_SECONDS - (
        now - session.get(START_KEY, now)
    )
    return max(0, int(min(idle_left, absolute_left)))


def session_touch(request: HttpRequest, *, now: float | None = None, force: bool = False) -> None:
    """Count this request as activity. Written at most once a minute (and at least 30 times
    per idle limit, so a short limit is kept alive too), not on every request: a request that
    writes the session saves all of it, so a draft's autosave landing just after "Continue"
    put back the session without the answers waiting on check-your-answers (and the confirm
    found nothing). Idle sign-out comes up to a minute early at worst; the warning counts from
    what was written. `force` writes now ("Stay signed in")."""
    now = time.time() if now is None else now
    interval = min(IDLE_WRITE_SECONDS, settings.SAFEGUARD_SESSION_IDLE_SECONDS / 30)
    last = request.session.get(IDLE_KEY)
    if force or last is None or now - last >= interval:
        request.session[IDLE_KEY] = now


def sign_in_url(request: HttpRequest, *, timed_out: bool = False, back: str = "") -> str:
    """The sign-in page, returning afterwards to `back` if it is ours, else to the page the
    person was on."""
    query = {"timed_out": "1"} if timed_out else {}
    if not _ours(request, back):
        back = _page_of(request)
    if back:
        query["next"] = back
    return reverse("accounts:sign_in") + ("?" + urlencode(query) if query else "")


def _page_of(request: HttpRequest) -> str:
    """The page the person was on: the one asked for, or for a post (a form, a draft's
    autosave, the warning's sign-out) the page it was sent from, if it is ours."""
    if request.method in {"GET", "HEAD"} and not request.headers.get("HX-Request"):
        return request.get_full_path()
    sent_from = request.headers.get("HX-Current-URL") or request.headers.get("Referer") or ""
    if not _ours(request, sent_from):
        return ""
    parts = urlsplit(sent_from)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _ours(request: HttpRequest, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def _to_sign_in(request: HttpRequest, *, timed_out: bool = False) -> HttpResponse:
    url = sign_in_url(request, timed_out=timed_out)
    if request.headers.get("HX-Request"):
        # An autosave's redirect would be followed inside the page and the sign-in page
        # drawn into the draft's status line: htmx moves the whole page instead.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def _account_itself(user: Any) -> Any:
    """What a lazy `request.user` stands for, evaluated: the account (or AnonymousUser).

    Authentication and django-otp each wrap `request.user` in a lazy object, and every
    attribute read through the two cost about 4 microseconds (a raised AttributeError at each
    level) against 0.1 for the account itself; a page reads it a few dozen times (its rules,
    the navigation, the layout). Every request evaluates it in `SessionSecurityMiddleware`
    anyway, so nothing is gained by staying lazy past that point."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


class TwoFactorMiddleware(OTPMiddleware):  # type: ignore[misc]
    """django-otp's middleware (`request.user.otp_device`, `is_verified()`), without a query
    for the device in the common case: the session's device is the account's confirmed device
    read with the account this request (`backends.device_read`), which is exactly what
    django-otp checks (the device exists, is the account's, and is confirmed). Otherwise
    (another device, an account read another way) django-otp looks the device up itself."""

    def _verify_user_sync(self, request: HttpRequest, user: AnyUser) -> AnyUser:
        user = _account_itself(user)
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
        user = request.user = _account_itself(request.user)
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
                return _to_sign_in(request, timed_out=True)
            if START_KEY not in request.session:
                request.session[START_KEY] = now
        response = self.get_response(request)
        if request.user.is_authenticated:
            # Case pages must not stay in a shared computer's cache or history. What Django's
            # add_never_cache_headers leaves once Cache-Control is written whole (an Expires
            # of now), without its parsing and rewriting of a header replaced here anyway.
            if not response.has_header("Expires"):
                response.headers["Expires"] = http_date(time.time())
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private"
            response[EXPIRES_IN_HEADER] = str(session_seconds_left(request.session))
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], args: object, kwargs: object
    ) -> HttpResponse | None:
        # Asking how long is left (the warning, before it shows) is not activity: a tab left
        # open would otherwise keep its session alive for ever.
        if request.user.is_authenticated and not getattr(view, "safeguard_session_probe", False):
            session_touch(request)
        if getattr(view, "safeguard_public", False) or request.path.startswith(
            settings.SAFEGUARD_UNPROTECTED_PREFIXES
        ):
            return None
        verified = getattr(request.user, "is_verified", lambda: False)()
        if request.user.is_authenticated and request.user.is_active and verified:
            return None
        return _to_sign_in(request)
