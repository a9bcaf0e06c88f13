from django.urls import URLPattern, path

from . import chronology_export, record

urlpatterns: list[URLPattern] = [
    path("children/<int:child_id>", record.child_record, name="child_record"),
    path(
        "children/<int:child_id>/chronology/export",
        chronology_export.chronology_export,
        name="chronology_export",
    ),
]
