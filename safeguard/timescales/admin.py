from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Read-only: the table is derived data, rebuilt by ``refresh_calendar``."""

    list_display = ["date", "is_working_day", "working_day_ordinal", "working_day_number"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
