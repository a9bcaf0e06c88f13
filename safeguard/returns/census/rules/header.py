"""Header: the return's reference date (rule 100)."""

from __future__ import annotations

from ..records import Header
from ..years import CollectionYear
from .registry import Issue, rule_by_code, whole

whole("100", "Reference Date is incorrect", "Header")


def header_issues(header: Header, year: CollectionYear) -> list[Issue]:
    if header.reference_date == year.reference_date:
        return []
    rule = rule_by_code("100")
    return [
        Issue(rule.code, rule.message, False, None, "", f"ReferenceDate {header.reference_date}")
    ]
