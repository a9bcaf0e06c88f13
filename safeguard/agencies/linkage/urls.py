"""The identity-linkage review queue and the people linkage recorded from partners' records."""

from django.urls import URLPattern, path

from . import views

app_name = "linkage"

urlpatterns: list[URLPattern] = [
    path("", views.review_list, name="review_list"),
    path("<int:review_id>/", views.review_detail, name="review_detail"),
    path("people/", views.person_list, name="person_list"),
    path("people/<int:person_id>/", views.person_source, name="person_source"),
]
