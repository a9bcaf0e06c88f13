"""The identity-linkage review queue."""

from django.urls import URLPattern, path

from . import views

app_name = "linkage"

urlpatterns: list[URLPattern] = [
    path("", views.review_list, name="review_list"),
    path("<int:review_id>/", views.review_detail, name="review_detail"),
]
