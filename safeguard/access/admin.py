"""The admin's pages of case content (a child, their family, their statutory record):
read-only, limited by the same named rules and need-to-know query as the practitioner pages,
each look audited. Case content changes only through the services. The system
administrator's own pages are `safeguard.common.admin.AdministratorAdmin`."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import admin
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse

from safeguard.audit.services import audit_record
from safeguard.common.admin import child_paths

from .queries import visible_children


class NeedToKnowAdmin(admin.ModelAdmin[Any]):
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
        children = visible_children(request.user).values("pk")
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
            audit_record(
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
            audit_record(
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
