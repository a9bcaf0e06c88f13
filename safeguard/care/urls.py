from django.urls import path

from . import views

app_name = "care"

urlpatterns = [
    path(
        "children/<int:child_id>/care/health/assessment",
        views.health_assessment_record,
        name="health_assessment",
    ),
    path(
        "children/<int:child_id>/care/health/dental",
        views.dental_check_record,
        name="dental_check",
    ),
    path(
        "children/<int:child_id>/care/health/immunisations",
        views.immunisation_status_record,
        name="immunisations",
    ),
    path("children/<int:child_id>/care/health/sdq", views.sdq_score_record, name="sdq"),
    path(
        "children/<int:child_id>/care/missing/new",
        views.missing_episode_start,
        name="missing_start",
    ),
    path(
        "children/<int:child_id>/care/missing/return",
        views.missing_episode_return,
        name="missing_return",
    ),
    path(
        "children/<int:child_id>/care/missing/<int:episode_id>/interview",
        views.return_interview_record,
        name="return_interview",
    ),
]
