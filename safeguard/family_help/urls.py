"""Family help's pages: "Your families" and a family's page."""

from django.urls import URLPattern, path

from . import urls_recording, views

app_name = "family_help"

urlpatterns: list[URLPattern] = [
    path("", views.family_list, name="list"),
    path("<int:family_help_id>", views.family_page, name="family"),
    # The recording pages (slice 3).
    *urls_recording.urlpatterns,
]
