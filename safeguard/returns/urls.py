"""Statutory returns: building and checking the census and Annex A."""

from django.urls import URLPattern

app_name = "returns"

urlpatterns: list[URLPattern] = []
