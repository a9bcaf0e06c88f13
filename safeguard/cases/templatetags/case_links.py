"""Links to case pages that may not exist yet.

Several pages are built at once; a page links to another by URL name, and the link is left out
(an empty string) until that name resolves. Use `{% url_if_exists "cases:allocate" child.pk as
url %}{% if url %}<a href="{{ url }}">...</a>{% endif %}` in a template, or
`reverse_if_exists` in a view.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


def reverse_if_exists(viewname: str, *args: Any, **kwargs: Any) -> str:
    """The URL of `viewname` with these arguments, or "" if no such URL exists."""
    try:
        return reverse(viewname, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


@register.simple_tag
def url_if_exists(viewname: str, *args: Any, **kwargs: Any) -> str:
    return reverse_if_exists(viewname, *args, **kwargs)
