from django.urls import URLPattern, path

from . import chronology_export, record

urlpatterns: list[URLPattern] = [
    path("children/<int:child_id>", record.child_record, name="child_record"),
    path("children/<int:child_id>/visits/new", record.visit_record, name="visit_record"),
    path("children/<int:child_id>/case-notes/new", record.case_note_add, name="case_note_add"),
    path(
        "children/<int:child_id>/chronology/export",
        chronology_export.chronology_export,
        name="chronology_export",
    ),
]
