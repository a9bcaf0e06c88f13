"""Every refusal a signed-in person meets is in the audit trail.

Selectors answer a record outside need to know with `Http404` and `requires` answers a role
without the permission with `PermissionDenied`; both reach this middleware as exceptions from
the view, before Django turns them into the 404 and 403 pages. One place records them all, so
a view added tomorrow is covered without remembering to.

What is left out, and why:
- A path that matches no route (Django raises that 404 before any view): nothing was asked of
  a record, and probing URLs is the web server's log's business.
- Anyone not signed in: the views that read records refuse them by sending them to sign in
  (`SessionSecurityMiddleware`), so they never reach a selector; a refusal with no one to
  attribute it to would tell the auditors nothing, and would let anyone on the internet fill
  the trail. Failed sign-ins and lockouts are recorded by the audit app's receivers instead.
- The partner API: it answers its refusals itself (agencies/api.py records them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from .refusals import refusal_record

# URL keywords that name the child the refused page was about.
CHILD_KWARGS = ("child_id", "person_id")


def _permission(exception: Exception) -> str:
    """The named rule refused, when the refusal says which (`requires` does). Any other text
    is left out: an exception's message is not promised to be free of case content."""
    name = str(exception.args[0]) if exception.args else ""
    return name if rules.perm_exists(name) else ""


def _child_id(kwargs: dict[str, Any]) -> int | None:
    for key in CHILD_KWARGS:
        value = kwargs.get(key)
        if isinstance(value, int):
            return value
    return None


class RefusalAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, Http404):
            status = 404
        elif isinstance(exception, PermissionDenied):
            status = 403
        else:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        refusal_record(
            user=user,
            request=request,
            status=status,
            view=(match.view_name or "") if match else "",
            permission=_permission(exception) if status == 403 else "",
            child_id=_child_id(match.kwargs) if match else None,
        )
        # Django still answers with its 404 or 403 page.
        return None
