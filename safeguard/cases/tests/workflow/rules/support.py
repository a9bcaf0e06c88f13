"""Facts and helpers shared by the rule tests (plain values, no database)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from safeguard.cases.workflow.rules import ChildFacts, ReferralFacts, Violation
from safeguard.common import codes

TODAY = date(2025, 3, 14)
BORN = date(2024, 5, 15)
CHILD = ChildFacts(date_of_birth=BORN)
UNBORN = ChildFacts(date_of_birth=None, expected_date_of_birth=date(2025, 6, 20))
# 40 weeks (280 days) before 15 May 2024 is 9 August 2023: the rest of August 22, then
# September to April 30 + 31 + 30 + 31 + 31 + 29 (2024 is a leap year) + 31 + 30, then 15 in May.
EARLIEST_PRE_BIRTH = date(2023, 8, 9)

OPEN_REFERRAL = ReferralFacts(referral_date=date(2025, 1, 6))
CLOSED_REFERRAL = ReferralFacts(referral_date=date(2025, 1, 6), closure_date=date(2025, 2, 28))

FACTOR_CODES = frozenset(codes.AssessmentFactor.values)


def only(violations: list[Violation]) -> Violation:
    assert len(violations) == 1, violations
    return violations[0]


def days_around(centre: date, days: int = 400) -> st.SearchStrategy[date]:
    return st.dates(
        min_value=centre - timedelta(days=days), max_value=centre + timedelta(days=days)
    )
