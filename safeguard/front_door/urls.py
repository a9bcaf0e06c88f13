"""The front door's pages: the public's and professionals' ways in, and the MASH's queue."""

from django.urls import URLPattern

from .urls_mash import urlpatterns as mash_urlpatterns
from .urls_public import urlpatterns as public_urlpatterns

app_name = "front_door"

urlpatterns: list[URLPattern] = [*public_urlpatterns, *mash_urlpatterns]
