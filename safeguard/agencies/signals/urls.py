"""Signals: the list for a worker or team and acknowledging one."""

from django.urls import URLPattern, path

from . import views

app_name = "signals"

urlpatterns: list[URLPattern] = [
    path("", views.signal_list, name="list"),
    path("<int:signal_id>", views.signal_detail, name="detail"),
    path("<int:signal_id>/acknowledge", views.signal_acknowledge, name="acknowledge"),
]
