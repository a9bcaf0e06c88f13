"""The providers register: the register, a provider, recording and importing."""

from django.urls import URLPattern, path

from . import views

app_name = "providers"

urlpatterns: list[URLPattern] = [
    path("", views.register, name="register"),
    path("add", views.provider_add, name="provider_add"),
    path("import", views.ofsted_import, name="ofsted_import"),
    path("<str:urn>", views.provider, name="provider"),
    path("<str:urn>/details", views.provider_change, name="provider_change"),
    path("<str:urn>/inspections/new", views.inspection_record, name="inspection_record"),
]
