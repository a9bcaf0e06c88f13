"""The pages that change who a child is, their relationships, household and addresses."""

from django.urls import URLPattern, path

from . import child_details

urlpatterns: list[URLPattern] = [
    path(
        "children/<int:child_id>/details",
        child_details.child_details_change,
        name="child_details_change",
    ),
    path("children/<int:child_id>/household", child_details.household, name="household"),
    path(
        "children/<int:child_id>/relationships/new",
        child_details.relationship_add,
        name="relationship_add",
    ),
    path(
        "children/<int:child_id>/relationships/<int:relationship_id>",
        child_details.relationship_change,
        name="relationship_change",
    ),
    path(
        "children/<int:child_id>/relationships/<int:relationship_id>/end",
        child_details.relationship_end,
        name="relationship_end",
    ),
    path(
        "children/<int:child_id>/household/new",
        child_details.household_member_add,
        name="household_member_add",
    ),
    path(
        "children/<int:child_id>/household/<int:residence_id>/moved-out",
        child_details.household_member_leave,
        name="household_member_leave",
    ),
    path(
        "children/<int:child_id>/addresses/move",
        child_details.address_move,
        name="address_move",
    ),
]
