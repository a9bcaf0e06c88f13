"""Who is acting in this request, so a service deep in a write can record it without every
caller threading the request through. Set by AuditContextMiddleware for each request; empty
for management commands (the system acts)."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_request: ContextVar[HttpRequest | None] = ContextVar("safeguard_audit_request", default=None)


def current_request() -> HttpRequest | None:
    return _request.get()


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
