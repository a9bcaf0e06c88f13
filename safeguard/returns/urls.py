"""Statutory returns: building and checking the census and Annex A."""

from django.urls import URLPattern, path

from .annex_a import urls as annex_a_urls
from .census import views as census_views
from .ssda903 import views as ssda903_views
from .workforce import views as workforce_views

app_name = "returns"

urlpatterns: list[URLPattern] = [
    path("census/", census_views.census, name="census"),
    path("census/download", census_views.census_download, name="census_download"),
    path(
        "census/<int:build_id>/children/<int:child_id>",
        census_views.census_child,
        name="census_child",
    ),
    path("ssda903/", ssda903_views.ssda903, name="ssda903"),
    path("ssda903/download", ssda903_views.ssda903_download, name="ssda903_download"),
    *annex_a_urls.urlpatterns,
    path("workforce-census/", workforce_views.workforce_census, name="workforce_census"),
    path(
        "workforce-census/download",
        workforce_views.workforce_census_download,
        name="workforce_census_download",
    ),
]
