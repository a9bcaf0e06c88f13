"""The improvement plan: the plan, a recommendation, recording, the board report, readiness."""

from django.urls import URLPattern, path

from . import views

app_name = "improvement"

urlpatterns: list[URLPattern] = [
    path("", views.plan, name="plan"),
    path("sources/new", views.source_add, name="source_add"),
    path("recommendations/new", views.recommendation_add, name="recommendation_add"),
    path("recommendations/<int:recommendation_id>", views.recommendation, name="recommendation"),
    path(
        "recommendations/<int:recommendation_id>/status",
        views.status_change,
        name="status_change",
    ),
    path(
        "recommendations/<int:recommendation_id>/evidence/document",
        views.evidence_document_add,
        name="evidence_document_add",
    ),
    path(
        "recommendations/<int:recommendation_id>/evidence/case-audit",
        views.evidence_audit_add,
        name="evidence_audit_add",
    ),
    path(
        "recommendations/<int:recommendation_id>/evidence/indicator",
        views.evidence_indicator_add,
        name="evidence_indicator_add",
    ),
    path("evidence/<int:evidence_id>", views.evidence_document, name="evidence_document"),
    path("board-report", views.board_report, name="board_report"),
    path("board-report.docx", views.board_report_docx, name="board_report_docx"),
    path("board-report.pdf", views.board_report_pdf, name="board_report_pdf"),
    path("readiness", views.readiness, name="readiness"),
]
