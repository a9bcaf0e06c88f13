"""Statutory returns: building and checking the census and Annex A."""

from django.urls import URLPattern, path

from .annex_a import urls as annex_a_urls
from .census import views as census_views

app_name = "returns"

urlpatterns: list[URLPattern] = [
    path("census/", census_views.census, name="census"),
    path("census/download", census_views.census_download, name="census_download"),
    path(
        "census/<int:build_id>/children/<int:child_id>",
        census_views.census_child,
        name="census_child",
    ),
    *annex_a_urls.urlpatterns,
]
