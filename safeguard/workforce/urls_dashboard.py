"""The workforce dashboards' pages, included by workforce/urls.py (names under
`workforce:`). The first is the widest the reader may open: the authority's for an analyst."""

from django.urls import URLPattern, URLResolver, path

from . import views_dashboard

urlpatterns: list[URLPattern | URLResolver] = [
    path("dashboards", views_dashboard.dashboard, name="dashboard"),
    path(
        "dashboards/services/<int:service_id>",
        views_dashboard.service_dashboard,
        name="dashboard_service",
    ),
    path("dashboards/teams/<int:team_id>", views_dashboard.team_dashboard, name="dashboard_team"),
]
