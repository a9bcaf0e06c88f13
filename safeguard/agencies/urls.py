"""Pages for partner agencies' users (the partner check) and for managing partner organisations."""

from django.urls import URLPattern

app_name = "agencies"

urlpatterns: list[URLPattern] = []
