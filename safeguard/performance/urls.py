"""Performance dashboards, indicator tables and their exports."""

from django.urls import URLPattern

app_name = "performance"

urlpatterns: list[URLPattern] = []
