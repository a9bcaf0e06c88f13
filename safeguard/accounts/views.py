"""Signing in (password, then a security code from an authenticator app) and out."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record

from .access import public, signed_in_only
from .forms import CodeForm, SignInForm
from .landing import landing_url
from .middleware import session_seconds_left, session_touch, sign_in_url
from .services import is_demo_account, session_epoch_stamp, totp_device_for, totp_seconds_to_wait

PENDING_KEY = "safeguard_pending_user"
NEXT_KEY = "safeguard_next"
WRONG_DETAILS = "Enter a correct username and password"
NO_DEVICE = (
    "Two-factor sign-in is not set up for this account. Ask your system administrator to set it up."
)
WRONG_CODE = "The security code is not correct or has expired: enter the latest code"
# After a wrong code django-otp checks no code for a while (1, 2, 4... seconds), so a correct
# code typed at once is refused too: say to wait rather than call it wrong.
WRONG_CODE_WAIT = (
    "The security code is not correct or has expired. Wait {wait}, then enter the latest code"
)
CODE_TOO_SOON = (
    "This code was not checked because the one before it was wrong. Wait {wait}, then enter "
    "the latest code from your authenticator app"
)


def _seconds(n: int) -> str:
    return f"{n} second{'' if n == 1 else 's'}"


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


@public
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if user is not None and not settings.SAFEGUARD_DEMO_MODE and is_demo_account(user):
            # Demo accounts share a published password and secret: never outside demo mode.
            user = None
        if user is None:
            form.add_error(None, WRONG_DETAILS)
        elif totp_device_for(user) is None:
            form.add_error(None, NO_DEVICE)
        else:
            request.session.cycle_key()
            request.session[PENDING_KEY] = user.pk
            request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next"))
            return redirect("accounts:sign_in_code")
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "timed_out": request.GET.get("timed_out")},
        status=400 if form.errors else 200,
    )


@public
def sign_in_code(request: HttpRequest) -> HttpResponse:
    user_id = request.session.get(PENDING_KEY)
    if user_id is None:
        return redirect("accounts:sign_in")
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return redirect("accounts:sign_in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = totp_device_for(user)
        wait = totp_seconds_to_wait(device) if device is not None else 0
        if wait:
            form.add_error("code", CODE_TOO_SOON.format(wait=_seconds(wait)))
        elif device is not None and device.verify_token(form.cleaned_data["code"].strip()):
            next_url = request.session.get(NEXT_KEY) or reverse("home")
            user.backend = "safeguard.accounts.backends.AccountBackend"
            login(request, user)
            otp_login(request, device)
            session_epoch_stamp(request, user)
            audit_record(action=Action.SIGN_IN, actor=user, request=request)
            return HttpResponseRedirect(_safe_next(request, next_url))
        else:
            wait = totp_seconds_to_wait(device) if device is not None else 0
            # The first wait (1 second) is over before anyone types again: not worth saying.
            message = WRONG_CODE_WAIT.format(wait=_seconds(wait)) if wait > 1 else WRONG_CODE
            form.add_error("code", message)
        audit_record(
            action=Action.SIGN_IN_FAILED,
            actor=None,
            request=request,
            details={"username": user.get_username(), "step": "security code"},
        )
    return render(
        request, "accounts/sign_in_code.html", {"form": form}, status=400 if form.errors else 200
    )


@public
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Sign out: chosen, or by the timeout warning when its countdown ends (`timed_out`),
    which then returns the person to the page they were on once they sign back in."""
    timed_out = request.POST.get("timed_out") == "1"
    if request.user.is_authenticated:
        details = {"timed_out": True} if timed_out else None
        audit_record(action=Action.SIGN_OUT, actor=request.user, request=request, details=details)
    logout(request)
    if timed_out:
        back = request.POST.get("next", "")
        return HttpResponseRedirect(sign_in_url(request, timed_out=True, back=back))
    messages.success(request, "You have signed out")
    return redirect("accounts:sign_in")


@signed_in_only
@require_GET
def session_status(request: HttpRequest) -> JsonResponse:
    """How many seconds the session has left; asked by the timeout warning before it shows
    (another tab may have kept the session alive). Not itself activity."""
    return JsonResponse({"expires_in": session_seconds_left(request.session)})


session_status.safeguard_session_probe = True  # type: ignore[attr-defined]


@signed_in_only
@require_POST
def session_extend(request: HttpRequest) -> JsonResponse:
    """Stay signed in: the idle clock starts again now (the absolute limit still holds)."""
    session_touch(request, force=True)
    return JsonResponse({"expires_in": session_seconds_left(request.session)})


@signed_in_only
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the page their own work starts from (`landing`)."""
    url = landing_url(request.user)
    if url is not None:
        return redirect(url)
    return render(request, "accounts/home.html")
