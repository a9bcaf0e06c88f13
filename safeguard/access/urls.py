"""Pages about access itself: break-glass and restricted records."""

from django.urls import URLPattern

app_name = "access"

urlpatterns: list[URLPattern] = []
