from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database status for load balancers and `make demo`."""
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
            },
            status=503,
        )
    return JsonResponse({"status": "ok", "database": {"vendor": connection.vendor, "ok": True}})


# Load balancers call this without signing in (see accounts.access.public).
healthz.safeguard_public = True  # type: ignore[attr-defined]
healthz.safeguard_permission = None  # type: ignore[attr-defined]
