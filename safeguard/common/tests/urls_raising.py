"""The site's URLs plus views that fail in each way the error pages answer, for their tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler400, handler403, handler500
from config.urls import urlpatterns as site_urlpatterns
from safeguard.accounts.access import signed_in_only
from safeguard.common.errors import Refused

REFUSED_WHY = "This child is not in the return you are checking."
REFUSED_NEXT = "Go back to the return's error report"


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a deliberate failure")


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a deliberately suspicious request")


@signed_in_only
def refuse_with_a_reason(request: HttpRequest) -> HttpResponse:
    raise Refused(REFUSED_WHY, next_step=REFUSED_NEXT, next_url="/returns/census/")


@signed_in_only
def refuse_plainly(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("a message that is never shown")


@signed_in_only
def a_form(request: HttpRequest) -> HttpResponse:
    return HttpResponse("sent")


fail.safeguard_public = True  # type: ignore[attr-defined]
suspicious.safeguard_public = True  # type: ignore[attr-defined]

urlpatterns = [
    path("fail", fail),
    path("suspicious", suspicious),
    path("refuse-with-a-reason", refuse_with_a_reason),
    path("refuse-plainly", refuse_plainly),
    path("a-form", a_form),
    *site_urlpatterns,
]
__all__ = ["handler400", "handler403", "handler500", "urlpatterns"]
