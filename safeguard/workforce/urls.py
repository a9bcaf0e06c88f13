"""The workforce record's pages (docs/workforce.md)."""

from django.urls import URLPattern, URLResolver, include, path

from . import views

app_name = "workforce"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("teams/<int:team_id>", views.team, name="team"),
    path("teams/<int:team_id>/posts/new", views.post_add, name="post_add"),
    path("teams/<int:team_id>/starters/new", views.starter, name="starter"),
    path("posts/<int:post_id>/fill", views.post_fill, name="post_fill"),
    path("workers/<int:worker_id>", views.worker, name="worker"),
    path("workers/<int:worker_id>/details", views.details, name="details"),
    path("workers/<int:worker_id>/leaving", views.leaver, name="leaver"),
    path("workers/<int:worker_id>/absences/new", views.absence, name="absence"),
    path("workers/<int:worker_id>/pay/new", views.pay, name="pay"),
    path("pay-policy/<int:year>", views.pay_policy, name="pay_policy"),
    # The figures dashboards (the workforce-figures part of issue 17).
    path("", include("safeguard.workforce.urls_dashboard")),
]
