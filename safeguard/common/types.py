"""Types shared by every app.

`AnyUser` is whoever a request comes from: a signed-in `User` or the anonymous visitor, which is
what `request.user` holds. Selectors and permission checks take it and refuse the anonymous
visitor themselves; code that only ever acts for a signed-in person takes `User`.

The alias is a string, so importing it needs no app registry: `django.contrib.auth.models`
cannot be imported before Django has loaded its apps, and any module may import this one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

AnyUser: TypeAlias = "User | AnonymousUser"

__all__ = ["AnyUser"]
