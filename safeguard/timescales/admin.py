from django.contrib import admin

from safeguard.common.admin import AdministratorAdmin

from .models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(AdministratorAdmin):
    """Read-only: the table is derived data, rebuilt by ``refresh_calendar``."""

    list_display = ["date", "is_working_day", "working_day_ordinal", "working_day_number"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
