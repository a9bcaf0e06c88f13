"""What every service test shares: the frozen day and a check that a refusal wrote nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from safeguard.cases.models import (
    Allocation,
    Assessment,
    CaseNote,
    ChildInNeedPlan,
    ChildInNeedPlanReview,
    ChildProtectionConference,
    ChildProtectionPlan,
    Contact,
    CoreGroupMeeting,
    LookedAfterPeriod,
    LookedAfterReview,
    Placement,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
    Visit,
)
from safeguard.cases.workflow.rules import RuleViolation
from safeguard.people.models import Person

LONDON = ZoneInfo("Europe/London")
# conftest.py freezes time at noon on this Friday for every service test.
TODAY = date(2025, 3, 14)
TOMORROW = date(2025, 3, 15)

# Every table a case service may write, and the child's own row.
STATE_MODELS = (
    Person,
    Allocation,
    Contact,
    Referral,
    Assessment,
    StrategyDiscussion,
    Section47Enquiry,
    ChildProtectionConference,
    ChildProtectionPlan,
    CoreGroupMeeting,
    ChildInNeedPlan,
    ChildInNeedPlanReview,
    Visit,
    CaseNote,
    LookedAfterPeriod,
    Placement,
    LookedAfterReview,
)


def database_state() -> dict[str, list[dict[str, object]]]:
    """Every row of every case table: comparing two of these shows any write at all."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in STATE_MODELS}


@contextmanager
def refused(*expected_rules: str) -> Iterator[pytest.ExceptionInfo[RuleViolation]]:
    """The block raises one RuleViolation naming exactly these rules, and writes nothing.

    Set up the case record before the block: rows created inside it count as writes.
    """
    before = database_state()
    with pytest.raises(RuleViolation) as caught:
        yield caught
    assert sorted(caught.value.rules) == sorted(expected_rules)
    assert database_state() == before
