from django.urls import URLPattern

app_name = "permanence"

urlpatterns: list[URLPattern] = []
