from django.contrib import admin
from django.urls import path

from safeguard.common import views as common_views

urlpatterns = [
    path("healthz", common_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
