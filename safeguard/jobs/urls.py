"""A background job's page, its progress (for htmx), its file and trying it again."""

from django.urls import URLPattern, path

from . import views

app_name = "jobs"

urlpatterns: list[URLPattern] = [
    path("<int:job_id>", views.job_detail, name="detail"),
    path("<int:job_id>/status", views.job_status, name="status"),
    path("<int:job_id>/download", views.job_download, name="download"),
    path("<int:job_id>/try-again", views.job_try_again, name="try_again"),
]
