"""Signals: the list for a worker or team and acknowledging one."""

from django.urls import URLPattern

app_name = "signals"

urlpatterns: list[URLPattern] = []
