"""The pages that record a family's help (`views_recording`), in the `family_help`
namespace: included by `family_help/urls.py`."""

from django.urls import URLPattern, path

from . import views_recording as views

urlpatterns: list[URLPattern] = [
    path("start/child/<int:child_id>", views.family_help_start, name="start"),
    path("<int:family_help_id>/children/add", views.family_help_child_add, name="child_add"),
    path(
        "<int:family_help_id>/children/<int:child_episode_id>/leave",
        views.family_help_child_leave,
        name="child_leave",
    ),
    path("<int:family_help_id>/lead", views.lead_practitioner_assign, name="lead_assign"),
    path("<int:family_help_id>/assessment/start", views.assessment_start, name="assessment_start"),
    path(
        "<int:family_help_id>/assessment/<int:family_assessment_id>/complete",
        views.assessment_complete,
        name="assessment_complete",
    ),
    path("<int:family_help_id>/plan", views.family_plan_agree, name="plan_agree"),
    path(
        "<int:family_help_id>/actions/<int:action_id>/done",
        views.plan_action_done,
        name="action_done",
    ),
    path("<int:family_help_id>/meetings/new", views.family_meeting_record, name="meeting_record"),
    path(
        "<int:family_help_id>/plans/<int:family_plan_id>/review",
        views.family_plan_review_record,
        name="review_record",
    ),
    path("<int:family_help_id>/close", views.family_help_close, name="close"),
    path("<int:family_help_id>/step-up", views.family_help_step_up, name="step_up"),
    path(
        "start/contact/<int:contact_id>",
        views.family_help_start_from_contact,
        name="start_from_contact",
    ),
    path(
        "start/child/<int:child_id>/step-down/<int:referral_id>",
        views.family_help_step_down,
        name="step_down",
    ),
]
