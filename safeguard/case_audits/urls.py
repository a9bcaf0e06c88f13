"""The case audit tool's pages (mounted at /case-audits/)."""

from django.urls import URLPattern, path

from . import views

app_name = "case_audits"

AUDIT = "<int:case_audit_id>"

urlpatterns: list[URLPattern] = [
    path("", views.audit_list, name="list"),
    path("results", views.results, name="results"),
    path("start", views.start, name="start"),
    path(AUDIT, views.audit_detail, name="audit"),
    path(f"{AUDIT}/themes/<str:theme>", views.theme_grade, name="theme_grade"),
    path(f"{AUDIT}/actions/new", views.action_add, name="action_add"),
    path(
        f"{AUDIT}/actions/<int:case_audit_action_id>/done",
        views.action_done,
        name="action_done",
    ),
    path(f"{AUDIT}/complete", views.complete, name="complete"),
    path(f"{AUDIT}/response", views.respond, name="respond"),
]
