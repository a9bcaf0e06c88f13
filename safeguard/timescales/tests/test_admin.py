from django.contrib.admin.sites import AdminSite
from django.test import RequestFactory

from safeguard.timescales.admin import CalendarDayAdmin
from safeguard.timescales.models import CalendarDay


def test_the_calendar_cannot_be_edited_in_the_admin():
    model_admin = CalendarDayAdmin(CalendarDay, AdminSite())
    request = RequestFactory().get("/admin/timescales/calendarday/")
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
