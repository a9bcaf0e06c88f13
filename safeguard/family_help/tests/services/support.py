"""What the service tests share: a refusal's rules and fields, and the audit entries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from safeguard.audit.models import AuditEntry
from safeguard.cases.workflow.rules import RuleViolation


def refused(call: Callable[[], Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The rules a refused call names, and the fields at fault."""
    with pytest.raises(RuleViolation) as error:
        call()
    return error.value.rules, error.value.fields


def audited(object_type: str, **filters: Any) -> list[tuple[str, int | None]]:
    return sorted(
        AuditEntry.objects.filter(object_type=object_type, **filters).values_list(
            "action", "child_id"
        )
    )
