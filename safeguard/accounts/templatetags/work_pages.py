"""`{% other_work %}`: on a person's work page, links to their other work pages
(`accounts.landing`)."""

from __future__ import annotations

from typing import Any

from django import template

from ..landing import other_work_for

register = template.Library()


@register.inclusion_tag("accounts/includes/other_work.html", takes_context=True)
def other_work(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    if request is None:
        return {"other_work": []}
    return {"other_work": other_work_for(getattr(request, "user", None), request.path)}
