"""Each person's task list, its count for the navigation, and what is done on the page."""

from django.urls import URLPattern, path

from . import views

app_name = "tasks"

urlpatterns: list[URLPattern] = [
    path("", views.task_list, name="list"),
    path("count", views.task_count, name="count"),
    path("allocations/seen", views.allocation_seen, name="allocation_seen"),
    path("email", views.digest_preference, name="digest"),
]
