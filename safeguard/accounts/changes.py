"""What an administrative change changed, in the words the audit trail keeps.

An entry names every field changed and, for values that are neither secret nor personal,
what it was and what it became: a role code, a team's id, a date, a flag. A person's name or
email, a password or a key is named as changed and never written: the audit trail holds no
names and no secrets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

CHANGED = "changed"


def audit_value(value: Any) -> Any:
    """A field's value as the audit trail keeps it: a row by its id, a date in ISO form."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(audit_value(v) for v in value)
    return value


def field_changes(
    before: Any,
    changes: Mapping[str, Any],
    *,
    undisclosed: Iterable[str] = (),
) -> dict[str, Any]:
    """`{field: {"from": old, "to": new}}` for each field in `changes` whose value differs
    from `before`'s (`before` a model instance, or None for a new row); a field in
    `undisclosed` (a name, an email, a secret) is recorded only as "changed"."""
    hidden = set(undisclosed)
    described: dict[str, Any] = {}
    for field, new in changes.items():
        old = getattr(before, field, None) if before is not None else None
        if audit_value(old) == audit_value(new):
            continue
        if field in hidden:
            described[field] = CHANGED
        else:
            described[field] = {"from": audit_value(old), "to": audit_value(new)}
    return described
