import logging

from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .errors import error_reference

logger = logging.getLogger(__name__)

# Every page links this stylesheet: if production's static manifest lacks it, every page fails.
STYLESHEET = "govuk/govuk-frontend.min.css"

# The last resort when even the 500 template cannot be rendered (a missing static manifest,
# a broken template): plain text a person can still act on.
SERVER_ERROR_FALLBACK = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
    "<title>Sorry, there is a problem with the service &ndash; Safeguard</title></head><body>"
    "<h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>"
    "<p>If the problem continues, tell your system administrator this reference: {reference}</p>"
    "</body></html>"
)


def _static_files_ok() -> bool:
    try:
        staticfiles_storage.url(STYLESHEET)
    except ValueError:  # the manifest has no entry: collectstatic was not run for this release
        return False
    return True


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness, database and static-file status for load balancers and `make demo`."""
    static_ok = _static_files_ok()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure is reported, not raised
        return JsonResponse(
            {
                "status": "error",
                "database": {
                    "vendor": connection.vendor,
                    "ok": False,
                    "error": exc.__class__.__name__,
                },
                "static": {"ok": static_ok},
            },
            status=503,
        )
    return JsonResponse(
        {
            "status": "ok" if static_ok else "error",
            "database": {"vendor": connection.vendor, "ok": True},
            "static": {"ok": static_ok},
        },
        status=200 if static_ok else 503,
    )


# Load balancers call this without signing in (see accounts.access.public).
healthz.safeguard_public = True  # type: ignore[attr-defined]
healthz.safeguard_permission = None  # type: ignore[attr-defined]


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page (config.urls.handler500), rendered without the request or the database.

    Django's own handler gives up with a bare error from the web server if the template
    fails to render; the failure that caused the 500 may be what breaks it."""
    # Logged before Django logs the traceback ("Internal Server Error: ..."), which follows it.
    reference = error_reference()
    logger.error("Problem page shown with reference %s", reference)
    body: str
    try:
        body = loader.render_to_string("500.html", {"reference": reference})
    except Exception:  # anything: this is the page of last resort
        logger.exception("The 500 page could not be rendered; sent the plain one instead")
        body = SERVER_ERROR_FALLBACK.format(reference=reference)
    return HttpResponseServerError(body)
