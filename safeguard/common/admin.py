"""Admin helpers shared by every app."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class StatutoryRecordAdmin(admin.ModelAdmin):
    """Read-only admin for records that must change only through the statutory rules
    (`cases.services`): the admin can look, never edit, add or delete."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
