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
    path(
        "children/<int:child_id>/care/education/pep",
        views.education_plan_record,
        name="education_plan",
    ),
    path("children/<int:child_id>/care/uasc", views.uasc_record, name="uasc"),
    path("children/<int:child_id>/care/mother", views.motherhood_record, name="mother"),
    path("children/<int:child_id>/care/conviction", views.conviction_record, name="conviction"),
    path(
        "children/<int:child_id>/care/substance-misuse",
        views.substance_misuse_record,
        name="substance_misuse",
    ),
    path("children/<int:child_id>/iro-contact", views.iro_contact_record, name="iro_contact"),
]
