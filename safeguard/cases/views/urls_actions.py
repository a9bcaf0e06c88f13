"""The statutory steps recorded on a child's case (views/actions), each through `flow.run`."""

from django.urls import URLPattern, path

from . import actions
from .actions import care

urlpatterns: list[URLPattern] = [
    path("children/<int:child_id>/visits/new", actions.visit_record, name="visit_record"),
    path("children/<int:child_id>/case-notes/new", actions.case_note_add, name="case_note_add"),
    path("children/<int:child_id>/referrals/new", actions.referral_open, name="referral_open"),
    path(
        "referrals/<int:referral_id>/assessments/new",
        actions.assessment_start,
        name="assessment_start",
    ),
    path("assessments/<int:assessment_id>", actions.assessment_edit, name="assessment_edit"),
    path(
        "referrals/<int:referral_id>/strategy-discussions/new",
        actions.strategy_discussion_record,
        name="strategy_discussion_record",
    ),
    path(
        "section47/<int:enquiry_id>/outcome",
        actions.section47_complete,
        name="section47_complete",
    ),
    path(
        "section47/<int:enquiry_id>/initial-conference",
        actions.initial_conference_record,
        name="initial_conference_record",
    ),
    path(
        "plans/<int:plan_id>/review-conference",
        actions.review_conference_record,
        name="review_conference_record",
    ),
    path(
        "plans/<int:plan_id>/core-groups/new",
        actions.core_group_record,
        name="core_group_record",
    ),
    path(
        "referrals/<int:referral_id>/cin-plans/new",
        actions.cin_plan_start,
        name="cin_plan_start",
    ),
    path("cin-plans/<int:cin_plan_id>/review", actions.cin_plan_review, name="cin_plan_review"),
    path("cin-plans/<int:cin_plan_id>/end", actions.cin_plan_end, name="cin_plan_end"),
    path("referrals/<int:referral_id>/close", actions.referral_close, name="referral_close"),
    # A looked-after child's journey: started from the referral, then the open period of care.
    path("referrals/<int:referral_id>/care/new", care.care_start, name="care_start"),
    path("children/<int:child_id>/care/plan", care.care_plan_record, name="care_plan_record"),
    path("children/<int:child_id>/care/placement", care.placement_change, name="placement_change"),
    path("children/<int:child_id>/care/review", care.care_review_record, name="care_review_record"),
    path("children/<int:child_id>/care/end", care.care_end, name="care_end"),
    path("children/<int:child_id>/allocate", actions.allocate, name="allocate"),
    path(
        "assessments/<int:assessment_id>/review",
        actions.assessment_review,
        name="assessment_review",
    ),
]
