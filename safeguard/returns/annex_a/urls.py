"""Annex A's routes, added to the returns app's URL configuration (namespace "returns")."""

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("annex-a", views.build, name="annex_a"),
]
