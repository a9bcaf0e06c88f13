"""`{% allowed "permission" user obj as name %}`: the named rule asked in a template.

Django's `perms` and django-rules' `{% has_perm %}` both go through `user.has_perm`, which says
yes to any superuser; this asks the rule itself, as `access.permissions.allowed` does."""

from __future__ import annotations

from typing import Any

from django import template

from safeguard.access.permissions import allowed as _allowed
from safeguard.common.types import AnyUser

register = template.Library()


@register.simple_tag
def allowed(permission: str, user: AnyUser, obj: Any = None) -> bool:
    return _allowed(user, permission, obj)
