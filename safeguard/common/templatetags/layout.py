"""Static files the base layout links on every page, worked out once per process.

`{% static %}` asks the storage (in production, the hashed-name manifest) on every render; the
layout asks for the same five files on every page. Their answers change only with the
settings they are read from (or the script prefix a deployment is mounted under), so each is
remembered under those, and forgotten when a test changes one of those settings. (The
layout's page links are `{% url %}`, itself kept per name: `common.reversing`.)
"""

from __future__ import annotations

from functools import cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe

from safeguard.common import marking

register = template.Library()


@cache
def _static(path: str, script_prefix: str) -> str:
    return static(path)


@register.simple_tag
def layout_static(path: str) -> str:
    """`{% static path %}` for a file every page links to (escaped by `simple_tag`, as
    `{% static %}` escapes)."""
    return _static(path, get_script_prefix())


@register.simple_tag
def protective_marking() -> str:
    """The protective marking every page shows at its top and bottom (`common.marking`)."""
    return marking.protective_marking()


@register.simple_tag
def protective_marking_print_css() -> str:
    """The page rule that prints the marking on every sheet (`common.marking`); safe as the
    content of a style element, since the words are escaped as a CSS string."""
    return mark_safe(marking.marking_print_css())  # noqa: S308 - escaped above


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs: object) -> None:
    if setting in {"STATIC_URL", "STORAGES", "FORCE_SCRIPT_NAME"}:
        _static.cache_clear()
