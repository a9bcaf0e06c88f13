"""Every action the child record offers links to a page that exists.

The record names each page by its URL name and reverses it as the page is drawn, so a
mistyped name fails loudly (NoReverseMatch) rather than quietly leaving the link out. This
test draws the record in enough states for every action to be offered at least once, to a
team manager (who may do all of them), and resolves every link.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import Resolver404, resolve, reverse

from safeguard.cases.models import ChildProtectionPlan
from safeguard.cases.tests.factories import (
    AssessmentFactory,
    ChildInNeedPlanFactory,
    ChildProtectionPlanFactory,
    ContactFactory,
    PlacementFactory,
    ReferralFactory,
    Section47EnquiryFactory,
)
from safeguard.cases.views import record
from safeguard.cases.workflow.next_steps import Step

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
# Every page the record may offer, as its code names them: the statutory steps' pages, and
# the others `_actions` names itself.
OFFERED = {name for _, _, name in record._STEP_PAGES.values()} | set(
    re.findall(r'"((?:cases|front_door):\w+)"', inspect.getsource(record._actions))
)


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def linked_pages(client: Any, child: Any) -> set[str]:
    """The URL names of the pages the child's record links to."""
    response = client.get(reverse("cases:child_record", args=[child.pk]))
    assert response.status_code == 200
    names = set()
    for href in re.findall(r'href="(/[^"?#]*)', response.content.decode()):
        try:
            names.add(resolve(href).view_name)
        except Resolver404:  # static files, served outside the URLconf
            continue
    return names


def test_the_record_offers_its_actions_by_names_that_exist():
    assert "cases:visit_record" in OFFERED and "cases:allocate" in OFFERED
    for name in OFFERED:
        assert resolve(reverse(name, args=[1])).view_name == name


def test_every_statutory_step_the_workflow_can_offer_has_a_page():
    assert set(record._STEP_PAGES) == set(Step)


def test_every_action_the_record_offers_is_drawn_and_links_to_its_page(personas, sign_in):
    child, team = personas.own_child, personas.team
    client = sign_in(personas.team_manager)
    seen: set[str] = set()

    # No referral yet, and a contact at the front door waiting for a decision.
    ContactFactory(child=child, team=personas.front_door)
    seen |= linked_pages(client, child)

    # A referral open, no assessment yet.
    referral = ReferralFactory(child=child, team=team)
    seen |= linked_pages(client, child)

    # The assessment being written.
    assessment = AssessmentFactory(referral=referral)
    seen |= linked_pages(client, child)

    # The assessment sent for authorisation; a section 47 enquiry open (so awaiting its
    # conference); a child protection plan.
    assessment.submitted_date = assessment.start_date
    assessment.save()
    Section47EnquiryFactory(strategy_discussion__referral=referral)
    ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=referral
    )
    seen |= linked_pages(client, child)

    # The plan ended at a review conference and a child in need plan followed.
    ChildProtectionPlan.objects.filter(child=child).update(end_date=date(2025, 3, 10))
    ChildInNeedPlanFactory(referral=referral, start_date=date(2025, 3, 10))
    seen |= linked_pages(client, child)

    # Looked after, with no care plan recorded yet.
    PlacementFactory(period__child=child, period__start_date=date(2025, 3, 11))
    seen |= linked_pages(client, child)

    assert OFFERED - seen == set()
