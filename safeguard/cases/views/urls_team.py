"""My cases, the team dashboard and the conference chair's conferences."""

from django.urls import URLPattern, path

from . import conferences, team

urlpatterns: list[URLPattern] = [
    path("my-cases", team.my_cases, name="my_cases"),
    path("team", team.team_dashboard, name="team_dashboard"),
    path("team/<int:team_id>", team.team_detail, name="team_detail"),
    path("team/<int:team_id>/<slug:measure>", team.team_measure, name="team_measure"),
    path("conferences", conferences.conference_list, name="conferences"),
]
