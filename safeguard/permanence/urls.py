from django.urls import path

from . import views

app_name = "permanence"

urlpatterns = [
    path(
        "children/<int:child_id>/adoption/decision",
        views.adoption_decision_record,
        name="adoption_decision",
    ),
    path(
        "children/<int:child_id>/adoption/match",
        views.adoption_match_record,
        name="adoption_match",
    ),
    path(
        "children/<int:child_id>/adoption/order",
        views.adoption_order_record,
        name="adoption_order",
    ),
    path(
        "children/<int:child_id>/adoption/no-longer",
        views.adoption_no_longer_record,
        name="adoption_no_longer",
    ),
    path(
        "children/<int:child_id>/care/previous-permanence",
        views.previous_permanence_record,
        name="previous_permanence",
    ),
    path(
        "children/<int:child_id>/permanence-plan",
        views.permanence_plan_record,
        name="permanence_plan",
    ),
]
