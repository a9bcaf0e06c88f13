from django.urls import path

from . import views

app_name = "benchmarks"
urlpatterns = [
    path("", views.index, name="index"),
    path("neighbours", views.neighbours_choose, name="neighbours"),
]
