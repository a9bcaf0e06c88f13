"""Accounts in the admin: users, their passwords and two-factor devices, lockouts, and the
background jobs' results.

Django, django-otp, django-axes and django-tasks register admin pages that Django's model
permissions open, which any superuser holds. Each is replaced here by one that the role
rule `accounts.manage` (the system administrator) opens and whose every change is made by a
service in `accounts.services`: audited, and refused where it would change one's own access.
A TOTP key is shown once, as the device is enrolled, and never again.
"""

from __future__ import annotations

import base64
from typing import Any

import segno
from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.admin.helpers import AdminForm
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from safeguard.common.admin import AdministratorAdmin

from . import services


def _replace(model: Any, model_admin: type[admin.ModelAdmin[Any]]) -> None:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)


class AccountAdmin(AdministratorAdmin, UserAdmin[User]):
    """Accounts: opened, renamed, disabled and re-enabled, and their passwords set, by the
    services. The superuser flag, groups and model permissions grant nothing in Safeguard
    (a worker's role does), so they are shown and never changed here."""

    may_add = True
    may_change = True
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal details", {"fields": ("first_name", "last_name", "email")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        ("Personal details", {"fields": ("first_name", "last_name", "email")}),
        ("Access", {"fields": ("is_staff",)}),
    )
    readonly_fields = ("is_superuser", "groups", "last_login", "date_joined")
    list_display = ("username", "first_name", "last_name", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff")
    filter_horizontal = ()

    def check_change(self, request: HttpRequest, obj: Any, changes: dict[str, Any]) -> None:
        if obj is not None:
            services.account_change_check(
                actor=request.user, user=obj, changes=changes, request=request
            )

    def create(self, request: HttpRequest, obj: Any, form: ModelForm[Any]) -> Any:
        data = form.cleaned_data
        usable = data.get("set_usable_password", True)
        return services.account_create(
            username=data["username"],
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            email=data.get("email", ""),
            is_staff=bool(data.get("is_staff", False)),
            password=data.get("password1") if usable else None,
            actor=request.user,
            request=request,
        )

    def update(
        self, request: HttpRequest, original: Any, changes: dict[str, Any], form: ModelForm[Any]
    ) -> Any:
        return services.account_update(
            user=original, changes=changes, actor=request.user, request=request
        )

    @method_decorator(sensitive_post_parameters())
    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Django's password page, with the password set by `account_set_password`."""
        user = self.get_object(request, unquote(id))
        if user is None:
            raise Http404("No such account")
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        form = self.change_password_form(user, request.POST or None)
        if request.method == "POST" and form.is_valid():
            usable = form.cleaned_data["set_usable_password"]
            if not usable and "unset-password" not in request.POST:
                messages.error(request, "Conflicting form data submitted. Please try again.")
                return HttpResponseRedirect(request.get_full_path())
            services.account_set_password(
                user=user,
                password=form.cleaned_data["password1"] if usable else None,
                actor=request.user,
                request=request,
            )
            messages.success(
                request, "Password changed." if usable else "Password sign-in was turned off."
            )
            return HttpResponseRedirect(
                reverse("admin:auth_user_change", args=[user.pk], current_app=self.admin_site.name)
            )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Set password: {user.get_username()}",
            "adminForm": AdminForm(form, [(None, {"fields": list(form.base_fields)})], {}),
            "form_url": form_url,
            "form": form,
            "is_popup": IS_POPUP_VAR in request.POST or IS_POPUP_VAR in request.GET,
            "is_popup_var": IS_POPUP_VAR,
            "add": True,
            "change": False,
            "has_delete_permission": False,
            "has_change_permission": True,
            "has_absolute_url": False,
            "opts": self.opts,
            "original": user,
            "save_as": False,
            "show_save": True,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/auth/user/change_password.html", context)


class AccountGroupAdmin(AdministratorAdmin, GroupAdmin):
    """Groups are shown, never changed: their model permissions grant nothing in Safeguard;
    "Demo accounts" marks the demo's sign-ins, which production refuses."""


class DeviceAdmin(AdministratorAdmin):
    """Two-factor devices (authenticator apps). Enrolling one for an account shows its QR code
    once, on the page after it is saved; the key is never shown again, here or anywhere."""

    may_add = True
    may_change = True
    may_delete = True
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username",)
    raw_id_fields = ("user",)
    add_fields = ("user", "name")
    change_fields = ("user", "name", "confirmed", "created_at", "last_used_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("user")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.change_fields if obj is not None else self.add_fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("user", "created_at", "last_used_at") if obj is not None else ()

    def check_change(self, request: HttpRequest, obj: Any, changes: dict[str, Any]) -> None:
        owner = obj.user if obj is not None else changes.get("user")
        services.totp_device_change_check(
            actor=request.user,
            owner=owner,
            device_id=obj.pk if obj is not None else "",
            request=request,
        )

    def check_delete(self, request: HttpRequest, obj: Any) -> None:
        services.totp_device_change_check(
            actor=request.user, owner=obj.user, device_id=obj.pk, request=request
        )

    def create(self, request: HttpRequest, obj: Any, form: ModelForm[Any]) -> TOTPDevice:
        return services.totp_device_enrol(
            user=form.cleaned_data["user"],
            name=form.cleaned_data["name"],
            actor=request.user,
            request=request,
        )

    def update(
        self, request: HttpRequest, original: Any, changes: dict[str, Any], form: ModelForm[Any]
    ) -> TOTPDevice:
        return services.totp_device_update(
            device=original, changes=changes, actor=request.user, request=request
        )

    def delete(self, request: HttpRequest, obj: Any) -> None:
        services.totp_device_delete(device=obj, actor=request.user, request=request)

    def response_add(
        self, request: HttpRequest, obj: Any, post_url_continue: str | None = None
    ) -> HttpResponse:
        """The one time the key is shown: a QR code for the person to scan now, and the key
        for an app that cannot scan. The page is never cached (SessionSecurityMiddleware)."""
        context = {
            **self.admin_site.each_context(request),
            "title": f"Scan this code: {obj.user.get_username()}",
            "opts": self.opts,
            "device": obj,
            "qr_code": mark_safe(  # noqa: S308 - segno's own SVG, from our own URL
                segno.make(obj.config_url).svg_inline(scale=5, title="QR code for the app")
            ),
            "manual_key": base64.b32encode(obj.bin_key).decode(),
            "devices_url": reverse(
                "admin:otp_totp_totpdevice_changelist", current_app=self.admin_site.name
            ),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "accounts/admin/device_enrolled.html", context)


class LockoutAdmin(AdministratorAdmin, AccessAttemptAdmin):
    """Failed sign-ins and lockouts (django-axes): unlocking an account is audited."""

    may_delete = True
    actions = ["unlock"]

    def delete(self, request: HttpRequest, obj: Any) -> None:
        services.lockout_clear(attempt=obj, actor=request.user, request=request)

    @admin.action(description="Unlock the selected accounts and addresses")
    def unlock(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        attempts = list(queryset)
        for attempt in attempts:
            services.lockout_clear(attempt=attempt, actor=request.user, request=request)
        self.message_user(request, f"Unlocked {len(attempts)}.")


class SignInLogAdmin(AdministratorAdmin, AccessLogAdmin):
    """Sign-ins recorded by django-axes: read-only."""


class SignInFailureLogAdmin(AdministratorAdmin, AccessFailureLogAdmin):
    """Failed sign-ins recorded by django-axes: read-only."""


class JobResultAdmin(AdministratorAdmin, DBTaskResultAdmin):
    """Background jobs' state, read-only, for the system administrator to see a job that
    failed. Not their arguments or results: those can be about children."""

    hidden = ("args_kwargs", "return_value")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields: list[str] = super().get_readonly_fields(request, obj)
        return [f for f in fields if f not in self.hidden]


_replace(User, AccountAdmin)
_replace(Group, AccountGroupAdmin)
_replace(TOTPDevice, DeviceAdmin)
_replace(AccessAttempt, LockoutAdmin)
_replace(AccessLog, SignInLogAdmin)
_replace(AccessFailureLog, SignInFailureLogAdmin)
_replace(DBTaskResult, JobResultAdmin)
