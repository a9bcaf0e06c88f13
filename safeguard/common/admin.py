"""Admin helpers shared by every app.

The admin is where the system administrator manages accounts (users, two-factor devices,
lockouts, workers and teams); it is not a back door into case records, nor a way round the
services. Every page is one of two kinds, and each asks a named rule of the user's role, never
Django's superuser flag or model permissions:

- `AdministratorAdmin`: the system administrator's pages (`accounts.manage`). Whatever they
  change is saved by a service, which validates it, writes the audit entry and refuses a
  change to one's own access; the page only shows the form and the service's answer.
- `NeedToKnowAdmin` (`safeguard/access/admin.py`): case content (a child, their family, their
  statutory record), read-only, limited by the same named rules and need-to-know query as the
  practitioner pages; a user outside them, superuser or not, sees no such page and no such row.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import rules
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .errors import SafeguardError

PERSON_MODEL = "people.person"


def _forward_person_paths(model: Any) -> list[str]:
    return [
        f.name
        for f in model._meta.get_fields()
        if f.many_to_one and f.concrete and f.related_model._meta.label_lower == PERSON_MODEL
    ]


def child_paths(model: Any) -> tuple[str, ...]:
    """The lookups from `model` to the person (child) each row is about: the row itself for a
    person, a foreign key to a person, one through a parent row (a review's plan), or, for a
    row many people share (an address), the people who live there. Empty if none (then the
    admin shows no row at all: it fails closed)."""
    return _child_paths(model._meta.label_lower)


@cache
def _child_paths(label: str) -> tuple[str, ...]:
    model = apps.get_model(label)
    if label == PERSON_MODEL:
        return ("pk",)
    direct = _forward_person_paths(model)
    if direct:
        return tuple(direct)
    for field in model._meta.get_fields():
        if field.many_to_one and field.concrete:
            through = _forward_person_paths(field.related_model)
            if through:
                return tuple(f"{field.name}__{path}" for path in through)
    for field in model._meta.get_fields():
        if field.one_to_many and not field.concrete:
            through = _forward_person_paths(field.related_model)
            if through:
                return tuple(f"{field.name}__{path}" for path in through)
    return ()


def adopt(obj: models.Model, saved: models.Model) -> None:
    """Give the admin's unsaved `obj` the state of the row a service saved, so the admin's
    messages and redirects after the save point at it."""
    if saved is obj:
        return
    for field in obj._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


class AdministratorAdmin(admin.ModelAdmin[Any]):
    """An admin page that the named rule `permission` opens (the system administrator's
    `accounts.manage`), where every write goes through a service.

    A subclass says what the page allows (`may_add`, `may_change`, `may_delete`) and, for
    each, which service does it (`create`, `update`, `delete`). `check_change` and
    `check_delete` ask the service's refusal rules while the form is checked, so a refused
    change is shown on the form with the service's message, the refusal is audited by the
    service, and nothing is saved. Related rows are never saved by the form: a service that
    changes them does it itself.
    """

    permission = "accounts.manage"
    may_add = False
    may_change = False
    may_delete = False

    def _allowed(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and rules.has_perm(self.permission, user))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.may_add and self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.may_change and self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.may_delete and self._allowed(request)

    # What a subclass provides.
    def check_change(self, request: HttpRequest, obj: Any, changes: dict[str, Any]) -> None:
        """Raise SafeguardError to refuse a change to `obj` (None when adding)."""

    def check_delete(self, request: HttpRequest, obj: Any) -> None:
        """Raise SafeguardError to refuse deleting `obj`."""

    def create(self, request: HttpRequest, obj: Any, form: ModelForm[Any]) -> models.Model:
        raise NotImplementedError(f"{type(self).__name__} adds nothing without a service")

    def update(
        self, request: HttpRequest, original: Any, changes: dict[str, Any], form: ModelForm[Any]
    ) -> models.Model:
        raise NotImplementedError(f"{type(self).__name__} changes nothing without a service")

    def delete(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError(f"{type(self).__name__} deletes nothing without a service")

    # The admin's writes, each handed to the service.
    def form_changes(self, form: ModelForm[Any], *, adding: bool) -> dict[str, Any]:
        names = {f.name for f in self.model._meta.concrete_fields}
        changed = form.cleaned_data if adding else form.changed_data
        return {name: form.cleaned_data[name] for name in changed if name in names}

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        base = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class CheckedForm(base):  # type: ignore[misc,valid-type]
            def clean(self) -> dict[str, Any]:
                cleaned: dict[str, Any] = super().clean()
                adding = self.instance.pk is None
                changes = model_admin.form_changes(self, adding=adding)
                try:
                    model_admin.check_change(request, None if adding else self.instance, changes)
                except SafeguardError as refusal:
                    raise ValidationError(refusal.message, code=refusal.code) from None
                return cleaned

        CheckedForm.__name__ = base.__name__
        return CheckedForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            original = self.model._default_manager.get(pk=obj.pk)
            saved = self.update(request, original, self.form_changes(form, adding=False), form)
        else:
            saved = self.create(request, obj, form)
        adopt(obj, saved)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        return None

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (SafeguardError, ValidationError) as error:
            # A service's own validation, met only after the form passed: Django's transaction
            # has rolled back whatever was begun; say why, and show the form again.
            text = error.message if isinstance(error, SafeguardError) else "; ".join(error.messages)
            messages.error(request, text)
            return HttpResponseRedirect(request.get_full_path())

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.delete(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.check_delete(request, obj)
            self.delete(request, obj)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        # Django's bulk delete would skip each row's refusal check and its audit entry.
        actions.pop("delete_selected", None)
        return actions

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method == "POST" and self.has_delete_permission(request):
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                # Asked before Django's transaction opens, so the refusal's audit entry stays.
                try:
                    self.check_delete(request, obj)
                except SafeguardError as refusal:
                    messages.error(request, refusal.message)
                    opts = self.model._meta
                    return HttpResponseRedirect(
                        reverse(
                            f"admin:{opts.app_label}_{opts.model_name}_change",
                            args=[obj.pk],
                            current_app=self.admin_site.name,
                        )
                    )
        return super().delete_view(request, object_id, extra_context)
