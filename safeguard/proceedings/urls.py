"""The pages that record a child's family group conferences and pre-proceedings."""

from django.urls import URLPattern, path

from . import views

app_name = "proceedings"

CONFERENCE = "children/<int:child_id>/family-group-conferences/<int:family_group_conference_id>"
PERIOD = "children/<int:child_id>/pre-proceedings/<int:pre_proceedings_id>"

urlpatterns: list[URLPattern] = [
    path(
        "children/<int:child_id>/family-group-conferences/offer",
        views.conference_offer,
        name="conference_offer",
    ),
    path(f"{CONFERENCE}/answer", views.conference_answer, name="conference_answer"),
    path(f"{CONFERENCE}/held", views.conference_hold, name="conference_hold"),
    path(f"{CONFERENCE}/plan", views.family_plan_agree, name="family_plan_agree"),
    path(
        "children/<int:child_id>/legal-planning-meetings/new",
        views.legal_planning_meeting_record,
        name="legal_planning_meeting_record",
    ),
    path(f"{PERIOD}/letter", views.letter_send, name="letter_send"),
    path(f"{PERIOD}/meetings/new", views.meeting_record, name="meeting_record"),
    path(f"{PERIOD}/end", views.pre_proceedings_end, name="pre_proceedings_end"),
]
