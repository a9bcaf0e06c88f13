"""Pages for partner agencies' users (the partner check) and for managing partner organisations."""

from django.urls import URLPattern, path

from . import views

app_name = "agencies"

urlpatterns: list[URLPattern] = [
    path("check", views.partner_check, name="partner_check"),
]
