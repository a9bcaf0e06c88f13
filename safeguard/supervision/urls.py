from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path(
        "children/<int:child_id>/case/record",
        views.case_supervision_record,
        name="case_record",
    ),
    path(
        "children/<int:child_id>/actions/<int:supervision_action_id>/done",
        views.supervision_action_done,
        name="action_done",
    ),
    path("workers/<int:worker_id>", views.worker_supervision, name="worker"),
    path(
        "workers/<int:worker_id>/record",
        views.personal_supervision_record,
        name="personal_record",
    ),
]
