from django.urls import path

from . import views

app_name = "care_leavers"

urlpatterns = [
    path(
        "children/<int:child_id>/care-leaver/needs-assessment",
        views.needs_assessment_record,
        name="needs_assessment",
    ),
    path(
        "children/<int:child_id>/care-leaver/pathway-plan",
        views.pathway_plan_record,
        name="pathway_plan",
    ),
    path(
        "children/<int:child_id>/care-leaver/pathway-plan/review",
        views.pathway_plan_review_record,
        name="pathway_plan_review",
    ),
    path(
        "children/<int:child_id>/care-leaver/personal-adviser",
        views.personal_adviser_appoint,
        name="personal_adviser",
    ),
    path(
        "children/<int:child_id>/care-leaver/contact",
        views.care_leaver_contact_record,
        name="contact",
    ),
]
