"""The partner API (Django Ninja), mounted at /api/: token-authenticated, outside the staff
sign-in (settings.SAFEGUARD_UNPROTECTED_PREFIXES)."""

from django.urls import URLResolver, path

from .api import api

urlpatterns: list[URLResolver] = [path("", api.urls)]
