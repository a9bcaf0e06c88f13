"""Errors that carry what went wrong, where, and how to fix it; and the service's own error
pages (400, 403 and its CSRF failure; 404 is Django's handler with templates/404.html, 500 is
`common.views.server_error`).

Every error page says what happened and what to do next in the GOV.UK pattern. The 400 and
500 pages also give a reference, written to the log on the same line, so that a person who
tells the system administrator the reference lets them find the failure; the log line holds
the reference and the kind of error only, never the request (logs carry no case content).
"""

from __future__ import annotations

import logging
import secrets

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger(__name__)


class SafeguardError(Exception):
    """Base for errors a person can act on. `fields` names the inputs at fault."""

    def __init__(self, message: str, *, fields: tuple[str, ...] = (), code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields
        self.code = code

    def __str__(self) -> str:
        return self.message


class Refused(PermissionDenied):
    """A refusal that tells the person why, and what to do instead, on the 403 page.

    Raised where the role allows the page but not this use of it (a child who is not in the
    return being checked). `why` and `next_step` are shown to the person refused, so they name
    no child and hold no case content; the refusal middleware records the refusal (status, path,
    view) in the audit trail, not this text."""

    def __init__(self, why: str, *, next_step: str = "", next_url: str = "") -> None:
        super().__init__(why)
        self.why = why
        self.next_step = next_step
        self.next_url = next_url


# Shown when even the 400 page cannot be rendered (no static manifest, a broken template).
BAD_REQUEST_FALLBACK = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
    "<title>Sorry, there is a problem with your request &ndash; Safeguard</title></head><body>"
    "<h1>Sorry, there is a problem with your request</h1>"
    "<p>Go back to the page you came from and try again.</p>"
    "<p>If it happens again, tell your system administrator this reference: {reference}</p>"
    "</body></html>"
)


def error_reference() -> str:
    """A short reference for an error page and its log line (8 hex digits, e.g. 9F3A1C2B)."""
    return secrets.token_hex(4).upper()


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page (config.urls.handler400), rendered without the request: what is wrong
    may be the request itself (a host name that is not allowed, a malformed body)."""
    reference = error_reference()
    logger.warning(
        "Bad request (%s) answered with reference %s", exception.__class__.__name__, reference
    )
    body: str
    try:
        body = loader.render_to_string("400.html", {"reference": reference})
    except Exception:  # anything: this page must answer whatever broke
        logger.exception("The 400 page could not be rendered; sent the plain one instead")
        body = BAD_REQUEST_FALLBACK.format(reference=reference)
    return HttpResponseBadRequest(body)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 403 page (config.urls.handler403), with the person's navigation. A `Refused`
    says why and what to do next; any other refusal (a role without the permission, from
    `requires`) gets the general words: its message names a permission, never shown."""
    context: dict[str, str] = {}
    if isinstance(exception, Refused):
        context = {
            "why": exception.why,
            "next_step": exception.next_step,
            "next_url": exception.next_url,
        }
    return render(request, "403.html", context, status=HttpResponseForbidden.status_code)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The page for a form sent without a valid security token (settings.CSRF_FAILURE_VIEW):
    most often a form left open past sign-out, or sent again from the browser's history.
    `reason` is Django's technical wording, for developers only: not shown."""
    return render(request, "403_csrf.html", status=HttpResponseForbidden.status_code)
