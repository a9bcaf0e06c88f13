from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("children/search", views.search, name="search"),
]
