"""Pages about access itself: Find a child, break-glass and restricted records."""

from django.urls import URLPattern, path

from . import views

app_name = "access"

urlpatterns: list[URLPattern] = [
    path("children/search", views.child_search, name="child_search"),
    path("children/<int:child_id>/break-glass", views.break_glass, name="break_glass"),
    path("children/<int:child_id>/restriction", views.restriction, name="restriction"),
    path(
        "children/<int:child_id>/restriction/lift",
        views.restriction_lift,
        name="restriction_lift",
    ),
]
