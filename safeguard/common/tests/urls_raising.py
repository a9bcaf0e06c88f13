"""The site's URLs plus one view that fails, for the 500 page's tests."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler500
from config.urls import urlpatterns as site_urlpatterns


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a deliberate failure")


fail.safeguard_public = True  # type: ignore[attr-defined]

urlpatterns = [path("fail", fail), *site_urlpatterns]
__all__ = ["handler500", "urlpatterns"]
