"""Saving long forms as the user types (htmx posts the form a moment after each change).

Each autosave is a signed-in request, so typing keeps the session alive: the response carries
the seconds left (`Safeguard-Session-Expires-In`, accounts.middleware), and the timeout
warning (static/safeguard/timeout-warning.js) starts counting again from there."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from .services import draft_save

DRAFT_KEY_MAX = 100


@require_POST
def draft_save_view(request: HttpRequest, form_key: str) -> HttpResponse:
    """Keep what this user has typed into the form `form_key`. Drafts belong to their user,
    so a key names a form, never grants access to anything."""
    if not request.user.is_authenticated or len(form_key) > DRAFT_KEY_MAX:
        return HttpResponse(status=400)
    data = {key: request.POST.getlist(key) for key in request.POST}
    if draft_save(user=request.user, form_key=form_key, data=data) is None:
        # The form was recorded already (this autosave was overtaken by the save): nothing
        # kept, nothing to show, as the page is on its way to the record.
        return HttpResponse(status=204)
    saved = timezone.localtime().strftime("%H:%M")
    return HttpResponse(format_html('<span class="govuk-hint">Draft saved at {}</span>', saved))


# Any signed-in user may keep drafts of their own forms.
draft_save_view.safeguard_permission = "signed_in"  # type: ignore[attr-defined]
