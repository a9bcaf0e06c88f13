"""A branch of a UNION ALL that reads several tables into shared, typed columns.

Reading a few small tables about the same children in one statement saves a round trip each,
but a union's columns must have one type each, and on SQLite a bare NULL or a date arrives as
text unless the column says what it is. So every branch names which read it is (`label`),
puts its values in the slots of their type, and a NULL cast to the slot's type in the rest:
the rows then come back with the fields' own values, whichever branch they came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import CharField, F, Field, QuerySet, Value
from django.db.models.functions import Cast

__all__ = ["union_branch"]


def union_branch(
    queryset: QuerySet[Any],
    slots: Mapping[str, Field[Any, Any]],
    label: tuple[str, str],
    **columns: str,
) -> QuerySet[Any]:
    """`queryset` as one branch of a union whose columns are `slots` (name: type), after a
    first column `label[0]` holding `label[1]`: each slot named in `columns` takes that field,
    the others a typed NULL. Unordered, as a union's branch must be."""
    label_column, label_value = label
    return queryset.values(
        **{label_column: Value(label_value, output_field=CharField())},
        **{
            slot: F(columns[slot]) if slot in columns else Cast(Value(None), output_field=field)
            for slot, field in slots.items()
        },
    ).order_by()
