"""`{% header_navigation %}`: the header's navigation items (`accounts.navigation`), drawn
from templates/includes/navigation.html once for each set of items and kept.

Every page draws the same few links, which differ only by the person's role and which of them
is the current page: drawing them through the template's loop cost about 40 microseconds a
page, finding the drawn set a few. The drawing is kept with the template it came from, so a
template reloaded (development's autoreload) is drawn afresh."""

from __future__ import annotations

from collections.abc import Hashable
from functools import lru_cache
from typing import Any

from django import template
from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from ..navigation import NavigationItem, navigation_context, navigation_items

register = template.Library()

NAVIGATION_TEMPLATE = "includes/navigation.html"


@lru_cache(maxsize=256)
def _drawn(drawing: Hashable, items: tuple[NavigationItem, ...]) -> SafeString:
    rendered: str = drawing.render(Context(navigation_context(items)))  # type: ignore[attr-defined]
    # The template's own escaping made it: safe as it is.
    return mark_safe(rendered)  # noqa: S308


@register.simple_tag(takes_context=True)
def header_navigation(context: template.Context) -> SafeString:
    request = context.get("request")
    items = navigation_items(request) if request is not None else ()
    # Kept by the engine's template, the same object while the template is unchanged: the
    # loader's wrapper around it is new on every call, and would never be found again.
    drawing: Any = get_template(NAVIGATION_TEMPLATE).template  # type: ignore[attr-defined]
    return _drawn(drawing, items)
