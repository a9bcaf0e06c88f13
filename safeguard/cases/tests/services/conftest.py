"""Fixtures for the service tests: a frozen day, a child, a team and the episodes they share.

Dates of the episodes are the factories' defaults (see `cases/tests/factories.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
import time_machine

from safeguard.cases.models import ChildProtectionPlan, Placement, Referral, Section47Enquiry
from safeguard.cases.tests.factories import (
    ChildProtectionPlanFactory,
    PlacementFactory,
    ReferralFactory,
    Section47EnquiryFactory,
)
from safeguard.cases.tests.services.support import LONDON
from safeguard.organisation.models import Team, Worker
from safeguard.organisation.tests.factories import TeamFactory, WorkerFactory
from safeguard.people.models import Person
from safeguard.people.tests.factories import ChildFactory


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    """Noon on Friday 14 March 2025: "not in the future" means on or before that day."""
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def child() -> Person:
    """Born 1 June 2015."""
    return ChildFactory()


@pytest.fixture
def team() -> Team:
    return TeamFactory()


@pytest.fixture
def worker(team: Team) -> Worker:
    return WorkerFactory(team=team, authority=team.authority)


@pytest.fixture
def manager(team: Team) -> Worker:
    return WorkerFactory(team=team, authority=team.authority, manager=True)


@pytest.fixture
def referral(child: Person, team: Team) -> Referral:
    """Open since Monday 6 January 2025."""
    return ReferralFactory(child=child, team=team)


@pytest.fixture
def enquiry(referral: Referral) -> Section47Enquiry:
    """Started Monday 13 January 2025, completed 24 January with a conference required."""
    return Section47EnquiryFactory(strategy_discussion__referral=referral, completed=True)


@pytest.fixture
def protection_plan(referral: Referral) -> ChildProtectionPlan:
    """Open since the initial conference on Monday 3 February 2025, category neglect."""
    return ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=referral
    )


@pytest.fixture
def placement(child: Person) -> Placement:
    """Looked after and placed since Monday 3 February 2025, with the council's own foster
    carers (its fostering agency's URN: the validator's rule 218)."""
    return PlacementFactory(period__child=child, urn="SC123456")
