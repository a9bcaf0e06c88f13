"""Admin helpers shared by every app.

The admin is where the system administrator manages accounts (users, two-factor devices,
lockouts); it is not a back door into case records. Every admin page that shows case content
(a child, their family, their statutory record) is a `NeedToKnowAdmin`: it asks the same named
rules and the same need-to-know query as the practitioner pages, and a user outside them,
superuser or not, sees no such page and no such row.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import rules
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

# `common` imports no app, so the two things this needs from the apps above it are named, not
# imported: the need-to-know filter on people (access) and the audit trail's writer (audit).
VISIBLE_CHILDREN = "safeguard.access.queries.visible_children"
AUDIT_RECORD = "safeguard.audit.services.audit_record"
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


class NeedToKnowAdmin(admin.ModelAdmin):
    """Read-only admin for case content, limited to what the viewer may see anyway.

    The page needs the named rule `list_permission` (a practitioner's role); each row must
    belong to a child in the viewer's need to know (`access.queries.visible_children`), and
    opening one is audited as a read of that child's record. The rules are evaluated directly,
    so being a Django superuser grants nothing here. Writes are refused: case content changes
    only through the services, which apply the rules and write the audit entry themselves.
    """

    list_permission = "child.search"
    object_permission = "child.view"

    def _allowed(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and rules.has_perm(self.list_permission, user))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        paths = child_paths(self.model)
        if not self._allowed(request) or not paths:
            return queryset.none()
        visible: Callable[[Any], QuerySet[Any]] = import_string(VISIBLE_CHILDREN)
        children = visible(request.user).values("pk")
        condition = Q()
        for path in paths:
            condition |= Q(**{f"{path}__in": children})
        queryset = queryset.filter(condition)
        return queryset.distinct() if any("__" in p for p in paths) else queryset

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self._allowed(request):
            return False
        if obj is None:
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _child_id(self, obj: Any) -> int | None:
        for path in child_paths(self.model):
            value: Any = obj
            for part in path.split("__"):
                value = getattr(value, part, None)
                if value is None or isinstance(value, models.Manager):
                    break
            else:
                return int(value.pk if isinstance(value, models.Model) else value)
        return None

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = getattr(response, "context_data", {}).get("original")
        if response.status_code == 200 and obj is not None:
            import_string(AUDIT_RECORD)(
                action="read",
                actor=request.user,
                request=request,
                object_type=self.model._meta.label_lower,
                object_id=obj.pk,
                child_id=self._child_id(obj),
                details={"via": "admin"},
            )
        return response

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200:
            terms = {k: v for k, v in request.GET.items() if k not in ("p", "o")}
            import_string(AUDIT_RECORD)(
                action="search",
                actor=request.user,
                request=request,
                object_type=self.model._meta.label_lower,
                details={"via": "admin", "terms": terms},
            )
        return response


class StatutoryRecordAdmin(NeedToKnowAdmin):
    """Records that must change only through the statutory rules (`cases.services`): within
    their need to know, a practitioner can look in the admin, never edit, add or delete; the
    system administrator does not see them at all."""
