"""Partner organisations, their users and their API tokens: the system administrator's pages.

Each change is made by the partner services (`agencies.services`), which audit it: an
organisation registered, stopped or restored, a user added to it, a token issued (its secret
shown once, on the page after it is issued, and never stored) or revoked. Nothing else is
changed here.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from safeguard.common.admin import AdministratorAdmin

from . import services
from .models import PartnerOrganisation, PartnerToken, PartnerUser
from .services.organisations import NO_SCOPES


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(AdministratorAdmin):
    may_add = True
    list_display = ("name", "kind", "authority", "is_active", "created_at")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    fields = ("authority", "name", "kind")
    actions = ["deactivate", "reactivate"]

    def create(self, request: HttpRequest, obj: Any, form: ModelForm[Any]) -> PartnerOrganisation:
        organisation, _ = services.partner_organisation_get_or_create(
            authority=form.cleaned_data["authority"],
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
            actor=request.user,
        )
        return organisation

    def _set_active(self, request: HttpRequest, queryset: QuerySet[Any], active: bool) -> int:
        return sum(
            services.partner_organisation_set_active(
                organisation=organisation, active=active, actor=request.user, request=request
            )
            for organisation in queryset
        )

    @admin.action(description="Stop the selected organisations' access (tokens and users)")
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        changed = self._set_active(request, queryset, False)
        messages.success(request, f"Stopped {changed} organisation{'s' if changed != 1 else ''}.")

    @admin.action(description="Restore the selected organisations' access")
    def reactivate(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        changed = self._set_active(request, queryset, True)
        messages.success(request, f"Restored {changed} organisation{'s' if changed != 1 else ''}.")


@admin.register(PartnerUser)
class PartnerUserAdmin(AdministratorAdmin):
    may_add = True
    list_display = ("user", "organisation", "may_check", "created_at")
    list_filter = ("may_check",)
    raw_id_fields = ("user",)
    fields = ("user", "organisation", "may_check")

    def create(self, request: HttpRequest, obj: Any, form: ModelForm[Any]) -> PartnerUser:
        return services.partner_user_add(
            user=form.cleaned_data["user"],
            organisation=form.cleaned_data["organisation"],
            may_check=form.cleaned_data["may_check"],
            actor=request.user,
            request=request,
        )


DAYS_OUT_OF_RANGE = f"A token lasts from 1 to {services.MAX_TOKEN_DAYS} days"


class PartnerTokenIssueForm(forms.ModelForm[PartnerToken]):
    scopes = forms.MultipleChoiceField(
        choices=PartnerToken.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": NO_SCOPES},
    )
    days = forms.IntegerField(
        label="Days until it expires",
        initial=services.DEFAULT_TOKEN_DAYS,
        min_value=1,
        max_value=services.MAX_TOKEN_DAYS,
        error_messages={"min_value": DAYS_OUT_OF_RANGE, "max_value": DAYS_OUT_OF_RANGE},
    )

    class Meta:
        model = PartnerToken
        fields = ("organisation", "label", "scopes")


@admin.register(PartnerToken)
class PartnerTokenAdmin(AdministratorAdmin):
    """Tokens are issued here (the secret shown once) and revoked with the action; only the
    first characters of a token are ever shown afterwards, its hash never."""

    may_add = True
    list_display = (
        "organisation",
        "label",
        "prefix",
        "scopes",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )
    list_filter = ("organisation",)
    actions = ["revoke"]
    form = PartnerTokenIssueForm
    view_fields = (
        "organisation",
        "label",
        "prefix",
        "scopes",
        "created_at",
        "created_by",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.view_fields if obj is not None else ("organisation", "label", "scopes", "days")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.view_fields if obj is not None else ()

    def create(self, request: HttpRequest, obj: Any, form: ModelForm[Any]) -> PartnerToken:
        issued = services.partner_token_create(
            organisation=form.cleaned_data["organisation"],
            scopes=form.cleaned_data["scopes"],
            expires_at=timezone.now() + timedelta(days=form.cleaned_data["days"]),
            label=form.cleaned_data["label"],
            actor=request.user,
        )
        # Kept on this request's object only, for the page that shows it once.
        obj.issued_secret = issued.secret
        return issued.token

    def response_add(
        self, request: HttpRequest, obj: Any, post_url_continue: str | None = None
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": f"Token issued to {obj.organisation}",
            "opts": self.opts,
            "token": obj,
            "secret": getattr(obj, "issued_secret", ""),
            "tokens_url": reverse(
                "admin:agencies_partnertoken_changelist", current_app=self.admin_site.name
            ),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "agencies/admin/token_issued.html", context)

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        revoked = 0
        for token in queryset:
            try:
                services.partner_token_revoke(token=token, actor=request.user)
            except ValidationError:
                continue  # revoked already
            revoked += 1
        messages.success(request, f"Revoked {revoked} token{'s' if revoked != 1 else ''}.")
