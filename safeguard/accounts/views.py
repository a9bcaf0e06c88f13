"""Signing in (password, then a security code from an authenticator app) and out."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record

from .access import public, signed_in_only
from .forms import CodeForm, SignInForm
from .services import is_demo_account, session_epoch_stamp, totp_device_for

PENDING_KEY = "safeguard_pending_user"
NEXT_KEY = "safeguard_next"
WRONG_DETAILS = "Enter a correct username and password"
NO_DEVICE = (
    "Two-factor sign-in is not set up for this account. Ask your system administrator to set it up."
)
WRONG_CODE = "The security code is not correct or has expired: enter the latest code"


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
        if device is not None and device.verify_token(form.cleaned_data["code"].strip()):
            next_url = request.session.get(NEXT_KEY) or reverse("home")
            user.backend = "safeguard.accounts.backends.AccountBackend"
            login(request, user)
            otp_login(request, device)
            session_epoch_stamp(request, user)
            audit_record(action=Action.SIGN_IN, actor=user, request=request)
            return HttpResponseRedirect(_safe_next(request, next_url))
        form.add_error("code", WRONG_CODE)
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
    if request.user.is_authenticated:
        audit_record(action=Action.SIGN_OUT, actor=request.user, request=request)
    logout(request)
    messages.success(request, "You have signed out")
    return redirect("accounts:sign_in")


@signed_in_only
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the page their job starts from."""
    from .navigation import navigation

    items = navigation(request)["navigation"]
    if items:
        return redirect(items[0]["url"])
    return render(request, "accounts/home.html")
