"""`{% url %}` as Django writes it, answered by `common.reversing.url_for`.

A builtin (config/settings: TEMPLATES' "builtins"), loaded after Django's own, so every
template's `{% url %}` is this tag: the same syntax and the same answer, without walking the
resolver again for a name and whole-number ids it has reversed before.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from safeguard.common.reversing import url_for

register = template.Library()


class _URLNode(defaulttags.URLNode):
    def render(self, context: Any) -> str:
        if self.kwargs:
            return str(super().render(context))
        args = [arg.resolve(context) for arg in self.args]
        name = self.view_name.resolve(context)
        # The current app as Django's tag finds it: it picks among a namespace's instances.
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        url = ""
        try:
            url = url_for(name, args, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return str(conditional_escape(url)) if context.autoescape else url


@register.tag
def url(parser: template.base.Parser, token: template.base.Token) -> _URLNode:
    """Django's `{% url name arg ... [as var] %}`."""
    node = defaulttags.url(parser, token)
    return _URLNode(node.view_name, node.args, node.kwargs, node.asvar)
