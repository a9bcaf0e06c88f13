"""Performance dashboards, indicator tables and their exports."""

from django.urls import URLPattern, path

from . import views

app_name = "performance"

urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
    path("export", views.summary_export, name="summary_export"),
    path("<slug:indicator>", views.indicator_detail, name="indicator"),
    path("<slug:indicator>/children", views.indicator_children, name="children"),
    path("<slug:indicator>/export", views.indicator_export, name="indicator_export"),
]
